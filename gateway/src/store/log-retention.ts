/**
 * Log retention (`server.logRetention`): rows older than the configured age leave the request
 * log, so the database does not grow for ever (bodies included when `logBodies` is on). The
 * daily spend rollups are other tables and keep their history, so spend charts by provider,
 * model, route, key and team still reach back; the Logs page and spend by app only cover what
 * is kept.
 *
 * Deleting runs on the event loop, so it goes in slices of about a millisecond (WriteSlicer),
 * one per turn, and waits while a checkpoint holds background writes (WriteGate), like the log
 * writer: a first sweep over a year of rows never stalls the calls going on meanwhile.
 */
import type { WriteGate } from './write-gate';
import { WriteSlicer } from './write-slicer';

export interface ExpiringLog {
  /** Deletes up to `limit` of the oldest rows from before `ts`; returns how many went. */
  deleteOlderThan(ts: number, limit: number): number;
}

export interface LogRetentionOptions {
  /** The retention now, in ms (it follows live config edits); undefined keeps every row. */
  retentionMs: () => number | undefined;
  /** How often to look for expired rows. Default 10 minutes. */
  intervalMs?: number;
  gate?: WriteGate;
  now?: () => number;
  warn?: (message: string) => void;
}

export class LogRetention {
  private readonly slicer = new WriteSlicer({ budgetMs: 1, minRows: 20, maxRows: 5000 });
  private readonly timer: NodeJS.Timeout;
  private sweeping = false;
  private closed = false;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly log: ExpiringLog,
    private readonly options: LogRetentionOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
    this.timer = setInterval(() => this.sweep(), options.intervalMs ?? 10 * 60_000);
    this.timer.unref();
  }

  /** Starts a sweep unless one is going on: slices until no expired row is left. */
  sweep(): void {
    if (this.sweeping || this.closed || this.options.retentionMs() === undefined) return;
    this.sweeping = true;
    this.slice();
  }

  /** Whether a sweep is going on. */
  get busy(): boolean {
    return this.sweeping;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  private slice(): void {
    const retention = this.options.retentionMs();
    if (this.closed || retention === undefined) return void (this.sweeping = false);
    if (this.options.gate?.closed) return this.options.gate.whenOpen(() => setImmediate(() => this.slice()));
    const limit = this.slicer.rows;
    let deleted: number;
    try {
      const started = performance.now();
      deleted = this.log.deleteOlderThan(this.now() - retention, limit);
      this.slicer.observe(Math.max(1, deleted), performance.now() - started);
    } catch (error) {
      // The next interval tries again (a locked or full disk clears up, or is reported again).
      this.warn(`switchboard log store: removing rows past server.logRetention failed: ${error instanceof Error ? error.message : String(error)}`);
      this.sweeping = false;
      return;
    }
    // One slice a turn: the calls in between go first.
    if (deleted === limit) setImmediate(() => this.slice());
    else this.sweeping = false;
  }
}
