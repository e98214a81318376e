/**
 * The request log on SQLite. `append` only queues; a timer writes the queue in transactions
 * of about a millisecond each (three while the event loop is saturated; see WriteSlicer), so logging never sits on a request's path for
 * long and the disk sees one commit per slice rather than per row.
 */
import Database from 'better-sqlite3';
import { openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './database';
import { compileLogQuery } from './log-query';
import { encodeCursor, fromRow, logColumns, toRowValues, type LogRowValues, type StoredLogRow } from './log-row';
import type { LogPage, LogQuery, LogRecord, LogStore, SpendDay, SpendQuery, SpendReader } from './log-types';
import { prepareSpendUpsert, readSpendByDay, SpendAccumulator } from './spend-rollup';
import type { WriteGate } from './write-gate';
import { WriteSlicer } from './write-slicer';

export interface SqliteLogStoreOptions {
  /** How long a row may wait in the queue. Default 100 ms. */
  flushIntervalMs?: number;
  /**
   * Queue length that triggers a write without waiting for the timer. Default: one slice's
   * worth (see WriteSlicer), so under load rows go out in budget-sized transactions as they
   * arrive instead of piling up for the timer and then needing larger slices to catch up.
   */
  batchSize?: number;
  /**
   * Rows kept in memory while writes keep failing (disk full, file locked). Past this the
   * oldest are dropped, and said so on stderr, rather than growing without bound. Default 100,000.
   */
  maxQueued?: number;
  /** Longest pause between retries after consecutive write failures. Default 5 s. */
  maxRetryDelayMs?: number;
  /** Where operational problems are reported. Default: stderr. */
  warn?: (message: string) => void;
  /** Sizes background transactions (default: about 1 ms each, 3 ms while the event loop is saturated). */
  slicer?: WriteSlicer;
  /** Holds background writes while a checkpoint runs (see write-gate.ts). */
  gate?: WriteGate;
}

const PREFIX = 'switchboard log store:';

export class SqliteLogStore implements LogStore, SpendReader {
  /** Opens the database file and returns a store that closes it on `close()`. */
  static open(file: string, options: SqliteLogStoreOptions & OpenDatabaseOptions = {}): SqliteLogStore {
    return new SqliteLogStore(openDatabase(file, options), options, true);
  }

  private queue: LogRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt = 0;
  private failures = 0;
  private closed = false;
  private warnedClosed = false;
  private readonly flushIntervalMs: number;
  private readonly batchSize: number | undefined;
  private readonly maxQueued: number;
  private readonly maxRetryDelayMs: number;
  private readonly warn: (message: string) => void;
  private readonly slicer: WriteSlicer;
  private readonly gate: WriteGate | undefined;
  private readonly insert: Database.Statement<LogRowValues>;
  private readonly upsertSpend: (accumulator: SpendAccumulator) => void;
  private readonly selectById: Database.Statement<[string], StoredLogRow>;
  private readonly deleteOld: Database.Statement<[number, number]>;
  private readonly statements = new Map<string, Database.Statement<[Record<string, string | number>], StoredLogRow>>();

  /** Uses an open database (see `openDatabase`); `close()` leaves it open unless `ownsDatabase`. */
  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteLogStoreOptions = {},
    private readonly ownsDatabase = false,
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
    this.batchSize = options.batchSize;
    this.maxQueued = options.maxQueued ?? 100_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;
    this.warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
    this.slicer = options.slicer ?? new WriteSlicer();
    this.gate = options.gate;
    // Positional parameters: binding by name measured about a third slower per row.
    // A row already stored (same id) is skipped and not counted twice. Not `OR IGNORE`: that
    // would also skip NOT NULL violations silently instead of reporting them.
    this.insert = db.prepare<LogRowValues>(
      `INSERT INTO request_log (${logColumns.join(', ')}) VALUES (${logColumns.map(() => '?').join(', ')})
       ON CONFLICT (id) DO NOTHING`,
    );
    this.upsertSpend = prepareSpendUpsert(db);
    this.selectById = db.prepare<[string], StoredLogRow>('SELECT * FROM request_log WHERE id = ?');
    // Oldest first through the ts index, a slice at a time (store/log-retention.ts).
    this.deleteOld = db.prepare('DELETE FROM request_log WHERE seq IN (SELECT seq FROM request_log WHERE ts < ? ORDER BY ts LIMIT ?)');
  }

  /** Rows waiting to be written. */
  get pending(): number {
    return this.queue.length;
  }

  append(record: LogRecord): void {
    if (this.closed) {
      if (!this.warnedClosed) this.warn(`${PREFIX} a row was appended after close and is dropped`);
      this.warnedClosed = true;
      return;
    }
    this.queue.push(record);
    if (this.queue.length > this.maxQueued) {
      const dropped = this.queue.splice(0, this.queue.length - this.maxQueued).length;
      this.warn(`${PREFIX} queue full (${this.maxQueued} rows) while writes fail; dropped the ${dropped} oldest row(s)`);
    }
    // While writes are failing, the retry timer (with backoff) is already set and paces attempts.
    if (this.failures > 0) return;
    this.schedule(this.queue.length >= (this.batchSize ?? this.slicer.rows) ? 0 : this.flushIntervalMs);
  }

  async flush(): Promise<void> {
    this.writeQueued();
  }

  async query(query: LogQuery): Promise<LogPage> {
    this.flushQuietly();
    const compiled = compileLogQuery(query);
    const rows = this.statement(compiled.sql).all(compiled.params);
    const page = rows.slice(0, compiled.limit);
    const last = page.at(-1);
    return {
      rows: page.map(fromRow),
      nextCursor: rows.length > compiled.limit && last ? encodeCursor({ ts: last.ts, seq: last.seq }) : null,
    };
  }

  async get(id: string): Promise<LogRecord | undefined> {
    this.flushQuietly();
    const row = this.selectById.get(id);
    return row ? fromRow(row) : undefined;
  }

  async spendByDay(query: SpendQuery = {}): Promise<SpendDay[]> {
    this.flushQuietly();
    return readSpendByDay(this.db, query);
  }

  async spendSince(ts: number): Promise<Array<{ keyId: string | null; team: string | null; costUsd: number }>> {
    this.flushQuietly();
    // Read once, at start (budgets' seed): not worth a statement kept for the store's life.
    return this.db
      .prepare<[number], { keyId: string | null; team: string | null; costUsd: number }>(
        // A row's own team ('' for none); the key's current one for rows older than migration 017.
        `SELECT r.key_id AS keyId, NULLIF(COALESCE(r.team, k.team, ''), '') AS team, SUM(r.cost_usd) AS costUsd
           FROM request_log r LEFT JOIN gateway_keys k ON k.id = r.key_id
          WHERE r.ts >= ? AND r.cost_usd > 0
          GROUP BY r.key_id, COALESCE(r.team, k.team, '')`,
      )
      .all(ts);
  }

  /** Deletes up to `limit` of the oldest stored rows from before `ts`; returns how many went. */
  deleteOlderThan(ts: number, limit: number): number {
    return this.deleteOld.run(ts, limit).changes;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer();
    try {
      this.writeQueued();
    } catch (error) {
      this.warn(`${PREFIX} ${this.queue.length} row(s) could not be written before close: ${describe(error)}`);
      throw error;
    } finally {
      if (this.ownsDatabase) this.db.close();
    }
  }

  /**
   * Writes the queue (or its first `limit` rows) in one transaction; on failure the queue is
   * kept and a retry scheduled.
   */
  private writeQueued(limit = Number.POSITIVE_INFINITY): void {
    this.clearTimer();
    if (this.queue.length === 0) return;
    try {
      const batch = this.queue.length <= limit ? this.queue : this.queue.slice(0, limit);
      const started = performance.now();
      const rejected = this.writeBatch(batch);
      this.slicer.observe(batch.length, performance.now() - started);
      this.queue = batch === this.queue ? [] : this.queue.slice(batch.length);
      // The rest goes in later slices, letting requests run in between.
      if (this.queue.length > 0 && !this.closed) this.schedule(0);
      if (rejected.count > 0) {
        this.warn(`${PREFIX} dropped ${rejected.count} row(s) that cannot be stored: ${rejected.reason}`);
      }
      if (this.failures > 0) this.warn(`${PREFIX} writes recovered after ${this.failures} failed attempt(s)`);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      // Report the 1st, 2nd, 4th, 8th... failure: visible, but a long outage does not flood stderr.
      if ((this.failures & (this.failures - 1)) === 0) {
        this.warn(`${PREFIX} writing ${this.queue.length} row(s) failed (attempt ${this.failures}); will retry: ${describe(error)}`);
      }
      if (!this.closed) {
        this.schedule(Math.min(this.flushIntervalMs * 2 ** this.failures, this.maxRetryDelayMs));
      }
      throw error;
    }
  }

  private writeBatch(batch: readonly LogRecord[]): { count: number; reason: string } {
    const rejected = { count: 0, reason: '' };
    this.db.transaction(() => {
      const spend = new SpendAccumulator();
      for (const record of batch) {
        try {
          // Spread into arguments: better-sqlite3 reads an array's elements one API call at a
          // time, which counted ~3,500 more instructions per row of ~30 columns under callgrind.
          if (this.insert.run(...toRowValues(record)).changes === 1) spend.add(record);
        } catch (error) {
          // A row that can never be stored must not block the rows behind it forever.
          if (!isRowError(error)) throw error;
          rejected.count += 1;
          rejected.reason ||= describe(error);
        }
      }
      this.upsertSpend(spend);
    })();
    return rejected;
  }

  /** Reads see every row appended before them; a failing write is retried by the timer instead. */
  private flushQuietly(): void {
    try {
      this.writeQueued();
    } catch {
      // Already reported and rescheduled by writeQueued.
    }
  }

  private schedule(delayMs: number): void {
    const dueAt = Date.now() + delayMs;
    if (this.timer && this.timerDueAt <= dueAt) return;
    this.clearTimer();
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.gate?.closed) {
        this.gate.whenOpen(() => this.schedule(0));
        return;
      }
      // Timer writes go in slices: one synchronous transaction must not stall the event loop.
      // A slice is never under a quarter of the queue, though: under load the loop turns
      // slowly, one slice a turn, and budget-sized slices alone would fall behind for good.
      try {
        this.writeQueued(Math.max(this.slicer.rows, Math.ceil(this.queue.length / 4)));
      } catch {
        // Already reported and rescheduled by writeQueued.
      }
    }, delayMs);
    // Pending rows must not keep a finished process alive; the host calls close() on shutdown.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private statement(sql: string): Database.Statement<[Record<string, string | number>], StoredLogRow> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** Errors caused by one row's content, as opposed to the database being unwritable. */
function isRowError(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  if (error instanceof Database.SqliteError) {
    return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG)/.test(error.code);
  }
  return false;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
