/**
 * The exact response cache on SQLite: canonical responses by key, bounded by total bytes with
 * LRU eviction, expired entries dropped on read and by a periodic sweep. The byte total is kept
 * in memory (summed once at open) so bounding the cache never needs a table scan.
 */
import type { ChatResponse } from '../canonical/types';
import type { SqliteDatabase } from '../store/database';
import type { WriteGate } from '../store/write-gate';
import { WriteSlicer } from '../store/write-slicer';
import { isTextAnswer, storedText, textAnswerOf, type CachedAnswer } from './cached-answer';
import { CacheRows, type DependentRows, type EntryRow, type PendingRow, type Removed } from './cache-rows';
import { CacheCounters, type CacheStats } from './counters';
import { HotEntries, type HotEntry } from './hot-entries';

export type { DependentRows } from './cache-rows';
export type { CacheStats, RouteCacheStats } from './counters';

export interface ResponseCacheOptions {
  /** Upper bound on the bytes of all entries (`cache.maxBytes`). */
  maxBytes: number;
  /** Unix ms; injectable for tests. */
  now?: () => number;
  /** How often counters are written back. Default 5 s; 0 turns the timer off (tests). */
  flushIntervalMs?: number;
  /** How often expired entries are swept. Default 60 s. */
  sweepIntervalMs?: number;
  /** Told which entries expired or were evicted (the semantic index drops their vectors). Not called by `purge`. */
  onRemove?: (keys: readonly string[]) => void;
  /** Rows that reference entries (the semantic index's vectors), written in the entries' batches. */
  dependents?: DependentRows;
  /** Sizes batches (default: about 1 ms of writes each, 3 ms while the event loop is saturated). */
  slicer?: WriteSlicer;
  /** Holds background writes while a checkpoint runs (see store/write-gate.ts). */
  gate?: WriteGate;
  /**
   * Reads back an answer kept in its provider's own format (`CacheEntryInput.native`); undefined
   * when it cannot (a format this build no longer has), and the entry reads as a miss. Without
   * it, such entries are misses too.
   */
  readNative?: (format: string, text: string) => ChatResponse | undefined;
}

export interface CacheEntryInput {
  /** The route (or alias, for pass-through) that answered: stats and purge are per route. */
  route: string;
  scope: string;
  response: CachedAnswer;
  /**
   * `response` as its provider wrote it, and the format that reads it back (`readNative`): kept
   * instead of serialising `response`, which costs a JSON answer's miss more than storing it.
   */
  native?: NativeAnswer;
  /** What the original call cost; every hit saves this much. */
  costUsd: number;
  /** Bytes kept beside the entry (its semantic vector), counted against maxBytes. */
  extraBytes?: number;
}

export interface NativeAnswer {
  text: string;
  format: string;
}

export interface CacheHit {
  key: string;
  route: string;
  scope: string;
  response: CachedAnswer;
  /** The original call's cost: what this hit saved. */
  costUsd: number;
  createdAt: number;
  ageMs: number;
  /** Hits of this entry, this one included. */
  hits: number;
}

export interface GetOptions {
  /** Treat an entry older than this as a miss (`cache-control: max-age`). */
  maxAgeMs?: number;
}

/** How long a written entry may wait before its batch is committed. */
const WRITE_DELAY_MS = 50;

/** Fixed bookkeeping per row (columns, index entries), so tiny entries still count for something. */
const ROW_OVERHEAD = 200;
const EVICT_BATCH = 256;
/** Eviction stops at 90% of maxBytes, so a full cache does not evict on every single insert. */
const LOW_WATER = 0.9;

/**
 * Writes are behind: `set` and the hit bookkeeping of `get` land in memory and are committed
 * in one transaction per batch (every 50 ms, or once a batch holds about a
 * millisecond of writes, three while the event loop is saturated; see WriteSlicer), so the request path never waits for a SQLite commit and no commit
 * holds the event loop for long. Reads see pending entries first. A batch that fails is
 * dropped (a cache may forget), and so is everything memory held of it, so memory never
 * serves what disk lacks. The table itself, and which row holds each committed key, are
 * CacheRows'.
 */
export class ResponseCache {
  private totalBytes: number;
  private pending = new Map<string, PendingRow>();
  /** Recently hit entries, parsed; dropped whenever the stored entry changes or goes. */
  private readonly hot = new HotEntries();
  private readonly slicer: WriteSlicer;
  /** Hits not yet written: key → [count, last hit at]. */
  private touches = new Map<string, [number, number]>();
  private writeTimer: NodeJS.Timeout | undefined;
  private readonly counters: CacheCounters;
  private readonly now: () => number;
  private maxBytes: number;
  private readonly sweepIntervalMs: number;
  private nextSweepAt: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly rows: CacheRows;

  constructor(
    db: SqliteDatabase,
    private readonly options: ResponseCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.slicer = options.slicer ?? new WriteSlicer();
    this.maxBytes = options.maxBytes;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
    this.nextSweepAt = this.now() + this.sweepIntervalMs;
    this.rows = new CacheRows(db, options.dependents);
    this.totalBytes = this.rows.totalBytes();
    this.counters = new CacheCounters(db);
    const flushIntervalMs = options.flushIntervalMs ?? 5000;
    if (flushIntervalMs > 0) {
      this.timer = setInterval(() => this.tick(), flushIntervalMs);
      // The cache must not keep a finished process alive; the host calls close() on shutdown.
      this.timer.unref();
    }
  }

  /** The entry for `key` if it is live (and young enough); counts the hit on the entry. */
  get(key: string, options: GetOptions = {}): CacheHit | undefined {
    const entry = this.hot.get(key) ?? this.load(key);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    const ageMs = now - entry.createdAt;
    if (options.maxAgeMs !== undefined && ageMs > options.maxAgeMs) return undefined;
    // Counted in place: a hot entry is hit many times per batch.
    const touched = this.touches.get(key);
    if (touched) {
      touched[0] += 1;
      touched[1] = now;
    } else this.touches.set(key, [1, now]);
    this.scheduleWrite();
    return {
      key,
      route: entry.route,
      scope: entry.scope,
      response: entry.response,
      costUsd: entry.costUsd,
      createdAt: entry.createdAt,
      ageMs,
      hits: entry.hits + (touched ? touched[0] : 1),
    };
  }

  /** Reads an entry (pending or committed) into the hot tier; the one parse its hits need. */
  private load(key: string): HotEntry | undefined {
    const pending = this.pending.get(key);
    if (!pending && !this.rows.has(key)) return undefined;
    const row: EntryRow | undefined = pending
      ? { route: pending.route, scope: pending.scope, response: pending.body, format: pending.format, cost_usd: pending.costUsd, created_at: pending.createdAt, expires_at: pending.expiresAt, hits: 0 }
      : this.rows.find(key);
    if (!row) return undefined;
    // Written by set(): a ChatResponse as JSON, a provider's own answer, or a TextAnswer's text.
    const response = row.format === null ? (JSON.parse(row.response) as ChatResponse) : (textAnswerOf(row.format, row.response) ?? this.options.readNative?.(row.format, row.response));
    if (!response) return undefined;
    const entry: HotEntry = {
      route: row.route,
      scope: row.scope,
      response,
      costUsd: row.cost_usd,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      hits: row.hits,
    };
    this.hot.put(key, entry, row.response.length);
    return entry;
  }

  /** Whether `key` has an entry, pending or committed (live or not: expiry is checked on get). */
  has(key: string): boolean {
    return this.pending.has(key) || this.rows.has(key);
  }

  /**
   * Stores (or replaces) an entry for `ttlMs`, evicting least-recently-hit entries if the cache
   * grows past maxBytes. Returns false, storing nothing, for a TTL ≤ 0 or an entry larger than
   * the whole cache.
   */
  set(key: string, entry: CacheEntryInput, ttlMs: number): boolean {
    if (ttlMs <= 0) return false;
    const native = isTextAnswer(entry.response) ? storedText(entry.response) : entry.native;
    const body = native ? native.text : JSON.stringify(entry.response);
    const bytes = Buffer.byteLength(body) + shortByteLength(key) + shortByteLength(entry.scope) + shortByteLength(entry.route) + ROW_OVERHEAD + (entry.extraBytes ?? 0);
    if (bytes > this.maxBytes) return false;
    const now = this.now();
    // Only a pending or committed key can have a row to replace (as in get), so a new key,
    // the usual case, costs no read.
    const previous = this.pending.get(key);
    const diskBytes = previous ? previous.diskBytes : this.rows.storedBytes(key);
    const oldBytes = previous ? previous.bytes : diskBytes;
    this.pending.set(key, { route: entry.route, scope: entry.scope, body, format: native?.format ?? null, bytes, diskBytes, costUsd: entry.costUsd, createdAt: now, expiresAt: now + ttlMs });
    this.touches.delete(key);
    this.hot.delete(key);
    this.totalBytes += bytes - oldBytes;
    if (this.pending.size + this.touches.size >= this.slicer.rows && !this.options.gate?.closed) this.writePending();
    else this.scheduleWrite();
    if (this.totalBytes > this.maxBytes) this.shrink(key);
    return true;
  }

  /** Commits pending entries, hit bookkeeping and dependent rows in one transaction. Throws if it fails, the batch dropped. */
  writePending(): void {
    if (this.writeTimer) {
      clearTimeout(this.writeTimer);
      this.writeTimer = undefined;
    }
    const dependents = this.options.dependents;
    if (this.pending.size === 0 && this.touches.size === 0 && !dependents?.waiting()) return;
    const pending = this.pending;
    const touches = this.touches;
    this.pending = new Map();
    this.touches = new Map();
    try {
      const started = performance.now();
      this.rows.commit(pending, touches);
      this.slicer.observe(pending.size + touches.size, performance.now() - started);
    } catch (error) {
      this.dropFailed(pending, touches);
      dependents?.settle(false);
      throw error;
    }
    for (const [key, [count]] of touches) this.hot.addHits(key, count);
    dependents?.settle(true);
  }

  /**
   * A batch whose transaction failed changed nothing on disk: its new entries are not there (nor
   * are their ids known) and its replaced ones still hold their old answer. Every key it held
   * leaves the hot tier (a hit may have loaded a pending entry there), so the next read goes to
   * what disk has.
   */
  private dropFailed(pending: ReadonlyMap<string, PendingRow>, touches: ReadonlyMap<string, [number, number]>): void {
    for (const [key, row] of pending) {
      this.hot.delete(key);
      this.totalBytes -= row.bytes - row.diskBytes;
    }
    for (const key of touches.keys()) this.hot.delete(key);
  }

  /** Makes sure a batch commits within WRITE_DELAY_MS (for rows given to `dependents` outside `set`). */
  scheduleWrite(): void {
    if (this.writeTimer) return;
    this.writeTimer = setTimeout(() => {
      this.writeTimer = undefined;
      this.writeInBackground();
    }, WRITE_DELAY_MS);
    this.writeTimer.unref();
  }

  private writeInBackground(): void {
    const { gate } = this.options;
    if (gate?.closed) {
      gate.whenOpen(() => this.writeInBackground());
      return;
    }
    try {
      this.writePending();
    } catch (error) {
      // A locked or full disk loses this batch of cache entries (a cache may forget), never a request.
      process.stderr.write(`switchboard cache: writing entries failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }

  /** Removes one entry; true when it existed. */
  delete(key: string): boolean {
    this.hot.delete(key);
    this.writePending();
    const removed = this.rows.delete(key);
    this.remove(removed);
    return removed.length > 0;
  }

  /** Counts a lookup's outcome for stats. A hit adds the money it saved. */
  record(route: string, outcome: 'hit' | 'miss', savedUsd = 0): void {
    this.counters.record(route, outcome, savedUsd);
  }

  /** Deletes every entry, or one route's; returns how many. Counters are kept (see resetStats). */
  purge(filter: { route?: string } = {}): number {
    this.writePending();
    const purged = this.rows.purge(filter.route);
    // Summed again rather than subtracted: what another process sharing the file stored or
    // deleted is counted right from here on.
    this.totalBytes = this.rows.totalBytes();
    this.hot.clear();
    return purged;
  }

  /** Deletes expired entries now (also done on read and by the periodic sweep); returns how many. */
  purgeExpired(): number {
    this.writePending();
    const now = this.now();
    let count = 0;
    for (;;) {
      const removed = this.rows.deleteExpired(now, EVICT_BATCH);
      this.remove(removed);
      count += removed.length;
      if (removed.length < EVICT_BATCH) return count;
    }
  }

  /** Hits, misses, hit rate and savings (counted), entries and bytes (live entries), overall and per route. */
  stats(): CacheStats {
    this.purgeExpired();
    return this.counters.stats(this.rows.routeTotals());
  }

  /** Zeroes the hit/miss/saved counters, of one route or all. */
  resetStats(route?: string): void {
    this.counters.reset(route);
  }

  /** Applies a new size bound (a config reload), evicting at once if the cache is now over it. */
  resize(maxBytes: number): void {
    this.maxBytes = maxBytes;
    if (this.totalBytes > maxBytes) this.shrink('');
  }

  /** Bytes of all entries, as counted against maxBytes. */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Writes the counters back now. */
  flush(): void {
    this.counters.flush();
  }

  /** Stops the timers and writes the counters back; the database stays open (its owner closes it). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.writePending();
    this.counters.flush();
  }

  /**
   * Evicts least-recently-hit entries (expired ones first) until the cache is under its
   * low-water mark. Oldest rows are read a batch at a time but deleted only as far as needed,
   * and never the entry just written. The running total misses what another process sharing the
   * file deleted (or stored), so a batch that holds every row sets it to their sum first: the
   * total can only be off while the cache holds more rows than one batch.
   */
  private shrink(keep: string): void {
    // purgeExpired() commits pending entries first, so eviction sees them all.
    this.purgeExpired();
    const target = this.maxBytes * LOW_WATER;
    while (this.totalBytes > target) {
      const oldest = this.rows.oldest(EVICT_BATCH);
      if (oldest.length < EVICT_BATCH) {
        this.totalBytes = oldest.reduce((sum, row) => sum + row.bytes, 0);
        if (this.totalBytes <= target) return;
      }
      let excess = this.totalBytes - target;
      const victims: Removed[] = [];
      for (const row of oldest) {
        if (excess <= 0) break;
        if (row.key === keep) continue;
        victims.push(row);
        excess -= row.bytes;
      }
      if (victims.length === 0) return;
      this.remove(this.rows.deleteRows(victims));
    }
  }

  private tick(): void {
    try {
      this.counters.flush();
      if (this.now() >= this.nextSweepAt) {
        this.nextSweepAt = this.now() + this.sweepIntervalMs;
        this.purgeExpired();
      }
    } catch (error) {
      // A locked or full disk must not crash the gateway from a timer; the next tick retries.
      process.stderr.write(`switchboard cache: background maintenance failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }

  private remove(removed: readonly Removed[]): void {
    if (removed.length === 0) return;
    const gone: string[] = [];
    for (const row of removed) {
      this.totalBytes -= row.bytes;
      // A key still committed had a second row (two processes stored it at once; see
      // CacheRows): its own row, and what memory holds of it, stay.
      if (this.rows.has(row.key)) continue;
      this.hot.delete(row.key);
      gone.push(row.key);
    }
    if (gone.length > 0) this.options.onRemove?.(gone);
  }
}

/** UTF-8 length of a short string (a key, scope or route): ASCII is counted without a native call. */
function shortByteLength(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return Buffer.byteLength(text);
  return text.length;
}
