/**
 * How many queued rows a background write should take so its transaction stays within a time
 * budget. Background writes run on the event loop: a request arriving during one waits for
 * it, so the longest transaction is what shows up in a request's p99. A fixed row count is
 * right on one machine only; this learns the cost of a row from the writes it times.
 *
 * The budget trades that wait against throughput. Much of a commit's cost does not depend on
 * its rows: each B-tree the rows touch (the log has seven, the cache four) rewrites its last
 * page into the WAL at every commit. Logging rows alone on this project's bench VM, 25-row
 * transactions cost 36 µs a row and 100-row ones 21 µs. So the budget follows the load: short
 * slices while the event loop has room, where a request's wait is what counts, and longer ones
 * once it is saturated, where requests already queue behind each other and the CPU a commit
 * saves is what shortens the queue (3 ms slices carried 5% more requests per second than
 * 1 ms ones). Below a slice's worth of rows a write waits for its timer, so at a light load
 * transactions stay small whatever the budget.
 */
import { loopLoad, type LoadGauge } from './loop-load';

export interface WriteSlicerOptions {
  /** Target duration of one background transaction. Default 1 ms. */
  budgetMs?: number;
  /** The target once the event loop is saturated (`load` at or above 0.9). Default 3 ms. */
  saturatedBudgetMs?: number;
  /** The event loop's recent utilisation, 0 to 1. Default: this process's (loop-load.ts). */
  load?: LoadGauge;
  /** Cost of a row before any write was timed. Default 20 µs. */
  initialRowMs?: number;
  /** Bounds on a slice: a few rows still amortise the commit; a huge slice is never wanted. */
  minRows?: number;
  maxRows?: number;
}

/** Event-loop utilisation from which requests queue behind each other. */
const SATURATED = 0.9;

/** Weight of the newest timing: recent enough to follow the machine, smooth enough to ignore one GC pause. */
const SMOOTHING = 0.25;

export class WriteSlicer {
  private readonly budgetMs: number;
  private readonly saturatedBudgetMs: number;
  private readonly load: LoadGauge;
  private readonly minRows: number;
  private readonly maxRows: number;
  private rowMs: number;

  constructor(options: WriteSlicerOptions = {}) {
    this.budgetMs = options.budgetMs ?? 1;
    this.saturatedBudgetMs = Math.max(this.budgetMs, options.saturatedBudgetMs ?? 3);
    this.load = options.load ?? loopLoad;
    this.rowMs = options.initialRowMs ?? 0.02;
    this.minRows = options.minRows ?? 8;
    this.maxRows = options.maxRows ?? 1000;
  }

  /** Rows for the next background write. */
  get rows(): number {
    const budgetMs = this.load() >= SATURATED ? this.saturatedBudgetMs : this.budgetMs;
    return Math.min(this.maxRows, Math.max(this.minRows, Math.floor(budgetMs / this.rowMs)));
  }

  /** The cost of a row as currently estimated, in ms. */
  get rowCostMs(): number {
    return this.rowMs;
  }

  /** Learns from a write of `rows` rows that took `ms`. */
  observe(rows: number, ms: number): void {
    if (rows <= 0 || !(ms >= 0)) return;
    this.rowMs += SMOOTHING * (ms / rows - this.rowMs);
  }
}
