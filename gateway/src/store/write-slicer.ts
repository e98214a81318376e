/**
 * How many queued rows a background write should take so its transaction stays within a time
 * budget. Background writes run on the event loop: a request arriving during one waits for
 * it, so the longest transaction is what shows up in a request's p99. A fixed row count is
 * right on one machine only; this learns the cost of a row from the writes it times.
 *
 * The budget trades that wait against throughput. Much of a commit's cost does not depend on
 * its rows: each B-tree the rows touch (the log has seven, the cache four) rewrites its last
 * page into the WAL at every commit. Logging rows alone on this project's bench VM, 25-row
 * transactions cost 36 µs a row and 100-row ones 21 µs; under load, 3 ms slices carried 5%
 * more requests per second than 1 ms ones, while the event-loop lag at a steady 1,000 req/s
 * stayed under 4 ms (see bench/README.md). Below a slice's worth of rows a write waits for its
 * timer, so at a light load transactions stay small whatever the budget.
 */
export interface WriteSlicerOptions {
  /** Target duration of one background transaction. Default 3 ms. */
  budgetMs?: number;
  /** Cost of a row before any write was timed. Default 20 µs. */
  initialRowMs?: number;
  /** Bounds on a slice: a few rows still amortise the commit; a huge slice is never wanted. */
  minRows?: number;
  maxRows?: number;
}

const DEFAULT_BUDGET_MS = 3;

/** Weight of the newest timing: recent enough to follow the machine, smooth enough to ignore one GC pause. */
const SMOOTHING = 0.25;

export class WriteSlicer {
  private readonly budgetMs: number;
  private readonly minRows: number;
  private readonly maxRows: number;
  private rowMs: number;

  constructor(options: WriteSlicerOptions = {}) {
    this.budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
    this.rowMs = options.initialRowMs ?? 0.02;
    this.minRows = options.minRows ?? 8;
    this.maxRows = options.maxRows ?? 1000;
  }

  /** Rows for the next background write. */
  get rows(): number {
    return Math.min(this.maxRows, Math.max(this.minRows, Math.floor(this.budgetMs / this.rowMs)));
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
