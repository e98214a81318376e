/**
 * The semantic index: embeddings of cached prompts, searched by brute-force cosine similarity.
 *
 * Vectors live in SQLite (`response_cache_vectors`, Float32 blobs) and are loaded into memory
 * per (scope, route) the first time that partition is searched: at once when it is small, in
 * the background a page at a time when it is big (loading blocks the event loop, and a few
 * misses while a big partition loads cost less than stalling every request). Inside a partition they are
 * grouped by guard (see semantic-policy.ts) and dimension, packed into one Float32Array per
 * group and normalised on the way in, so similarity is a plain dot product over contiguous
 * memory. Measured speeds are in README.md: brute force stays under ~5 ms per lookup up to the
 * entry counts stated there, which is why no ANN extension is used.
 *
 * A vector's row is keyed by its entry's row id and deleted with it (foreign key); the in-memory
 * copy is dropped through `forget`, which the response cache calls on expiry and eviction. The
 * row also needs its entry's row to exist: a vector stored with an entry still waiting in the
 * response cache's batch can be `queue`d, searchable at once and written in that batch, right
 * after the entry, when its id is known.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from '../store/database';
import { VectorGroup } from './vector-group';

export interface SemanticEntry {
  /** The exact-cache key of the entry this vector points at (the entry must already be stored). */
  key: string;
  scope: string;
  route: string;
  /** Hash of everything but the embedded text; only vectors with the same guard are compared. */
  guard: string;
  vector: ArrayLike<number>;
  /** When the entry expires (Unix ms); expired vectors are never returned. */
  expiresAt: number;
}

export interface FindOptions {
  scope: string;
  route: string;
  guard: string;
  /** Lowest cosine similarity that counts as a match, 0–1. */
  threshold: number;
}

export interface SemanticIndexOptions {
  now?: () => number;
  /** False forces the plain-JS scan (tests, measurements). */
  simd?: boolean;
  /** Partitions up to this many vectors load synchronously on first use; bigger ones in the background. Default 2,000. */
  syncLoadRows?: number;
}

export interface SemanticMatch {
  key: string;
  similarity: number;
}

interface VectorRow {
  entry: number;
  key: string;
  guard: string;
  dims: number;
  vector: Buffer;
  expires_at: number;
}

interface Location {
  group: VectorGroup;
  index: number;
}

interface QueuedVector {
  entry: SemanticEntry;
  /** `entry.vector`, normalised. */
  vector: Float32Array;
}

interface Partition {
  groups: Map<string, VectorGroup>;
  /** Set while a big partition loads in the background. */
  loading?: Promise<void>;
}

/** Rows per page when loading a partition. */
const PAGE_ROWS = 250;

export class SemanticIndex {
  /** Loaded (or loading) partitions by partition id. */
  private readonly partitions = new Map<string, Partition>();
  /** Where each loaded vector sits, for removal by key. */
  private readonly locations = new Map<string, Location>();
  /** Vectors whose rows wait for their entry's batch, by key. */
  private readonly queued = new Map<string, QueuedVector>();
  private readonly now: () => number;
  private readonly simd: boolean;
  private readonly syncLoadRows: number;
  private readonly insert: Database.Statement<[number, string, string, string, string, number, Buffer, number, string]>;
  private readonly page: Database.Statement<[string, string, number, number], VectorRow>;
  private readonly sizes: Database.Statement<[string, string], { guard: string; dims: number; n: number }>;

  constructor(db: SqliteDatabase, options: SemanticIndexOptions = {}) {
    this.now = options.now ?? Date.now;
    this.simd = options.simd ?? true;
    this.syncLoadRows = options.syncLoadRows ?? 2000;
    // Rows are keyed by their entry's id. Written only while that row holds the same key: had
    // another process deleted it (and maybe given its id to another key), the foreign key would
    // fail the whole batch, or the vector would stand beside another key's entry.
    this.insert = db.prepare(
      `INSERT INTO response_cache_vectors (entry, key, scope, route, guard, dims, vector)
       SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM response_cache WHERE id = ? AND key = ?)
       ON CONFLICT (entry) DO UPDATE SET key = excluded.key, scope = excluded.scope, route = excluded.route, guard = excluded.guard,
         dims = excluded.dims, vector = excluded.vector`,
    );
    // Keyset paging on the entry id (the rowid): the (scope, route) index already orders each
    // partition by it. Joined on the key too, so a vector never stands for another key's entry.
    this.page = db.prepare(
      `SELECT v.entry, v.key, v.guard, v.dims, v.vector, c.expires_at FROM response_cache_vectors v
       JOIN response_cache c ON c.id = v.entry AND c.key = v.key
       WHERE v.scope = ? AND v.route = ? AND v.entry > ? ORDER BY v.entry LIMIT ?`,
    );
    this.sizes = db.prepare('SELECT guard, dims, COUNT(*) AS n FROM response_cache_vectors WHERE scope = ? AND route = ? GROUP BY guard, dims');
  }

  /**
   * Stores a vector for a cached entry that is already written, in row `entryId` (replacing any
   * it had). False for an all-zero vector.
   */
  add(entry: SemanticEntry, entryId: number): boolean {
    const vector = normalised(entry.vector);
    if (!vector) return false;
    this.queued.delete(entry.key);
    this.writeRow(entryId, entry, vector);
    this.show(entry, vector);
    return true;
  }

  /**
   * Like `add` for an entry still waiting in the response cache's batch: the vector is
   * searchable at once and its row is written by `writeQueued`, in that batch. False for an
   * all-zero vector.
   */
  queue(entry: SemanticEntry): boolean {
    const vector = normalised(entry.vector);
    if (!vector) return false;
    this.queued.set(entry.key, { entry, vector });
    this.show(entry, vector);
    return true;
  }

  /** Whether queued vectors wait for a batch. */
  hasQueued(): boolean {
    return this.queued.size > 0;
  }

  /**
   * Writes the queued rows; call inside the batch's transaction, after its entries. `idOf` gives
   * an entry's row id; a vector whose entry has no row (not stored after all) is skipped, and
   * dropped from memory the first time it matches (see CacheService.lookup).
   */
  writeQueued(idOf: (key: string) => number | undefined): void {
    for (const [key, { entry, vector }] of this.queued) {
      const id = idOf(key);
      if (id !== undefined) this.writeRow(id, entry, vector);
    }
  }

  /** After the batch: if it failed, none of the queued rows reached disk and memory lets go of them. */
  settleQueued(committed: boolean): void {
    if (!committed) this.forget(this.queued.keys());
    this.queued.clear();
  }

  /**
   * The most similar live vector at or above the threshold, in exactly this scope, route and
   * guard. While a big partition is still loading, only what has loaded is searched.
   */
  find(query: ArrayLike<number>, options: FindOptions): SemanticMatch | undefined {
    const vector = normalised(query);
    if (!vector) return undefined;
    const group = this.partition(options.scope, options.route).groups.get(groupId(options.guard, vector.length));
    if (!group) return undefined;
    const { row, score } = group.best(vector, options.threshold, this.now());
    // Rounding can push a self-match a hair above 1.
    return row === -1 ? undefined : { key: group.keys[row] as string, similarity: Math.min(1, score) };
  }

  /** Loads a partition now (warm-up) and resolves once all of it is in memory. */
  async load(scope: string, route: string): Promise<void> {
    await this.partition(scope, route).loading;
  }

  /** Drops vectors from memory (their rows go with their cache entries). */
  forget(keys: Iterable<string>): void {
    for (const key of keys) {
      const location = this.locations.get(key);
      if (!location) continue;
      this.locations.delete(key);
      const moved = location.group.removeAt(location.index);
      if (moved !== undefined) this.locations.set(moved, { group: location.group, index: location.index });
    }
  }

  /** Unloads every partition, or one route's; call after purging the entries themselves. */
  purge(filter: { route?: string } = {}): void {
    for (const [id, partition] of this.partitions) {
      if (filter.route === undefined || id.slice(id.indexOf('\u0000') + 1) === filter.route) this.purgeId(id, partition);
    }
  }

  /** Vectors held in memory (loaded partitions only). */
  get loaded(): number {
    return this.locations.size;
  }

  private partition(scope: string, route: string): Partition {
    const id = partitionId(scope, route);
    const existing = this.partitions.get(id);
    if (existing) return existing;
    const partition: Partition = { groups: new Map() };
    this.partitions.set(id, partition);
    // Sized first, so a big partition allocates each group once instead of doubling as it loads.
    let total = 0;
    for (const { guard, dims, n } of this.sizes.all(scope, route)) {
      this.group(partition, guard, dims).reserve(n);
      total += n;
    }
    // Queued vectors are not in SQLite yet; placed first, the load skips their (older) rows.
    for (const { entry, vector } of this.queued.values()) {
      if (entry.scope === scope && entry.route === route) this.place(partition, entry.key, entry.guard, vector, entry.expiresAt);
    }
    if (total <= this.syncLoadRows) {
      for (let after: number | undefined = -1; after !== undefined; ) after = this.loadPage(partition, scope, route, after);
    } else {
      partition.loading = this.loadInBackground(id, partition, scope, route);
    }
    return partition;
  }

  private async loadInBackground(id: string, partition: Partition, scope: string, route: string): Promise<void> {
    try {
      for (let after: number | undefined = -1; after !== undefined; ) {
        await new Promise((resolve) => setImmediate(resolve));
        // Purged (or the index reset) while loading: stop filling a partition nobody holds.
        if (this.partitions.get(id) !== partition) return;
        after = this.loadPage(partition, scope, route, after);
      }
    } catch {
      // The database went away or is locked: forget the half-loaded partition; the next find retries.
      if (this.partitions.get(id) === partition) this.purgeId(id, partition);
    } finally {
      partition.loading = undefined;
    }
  }

  /** Loads one page of rows after entry id `after`; returns the last entry id, or undefined when the partition is done. */
  private loadPage(partition: Partition, scope: string, route: string, after: number): number | undefined {
    const rows = this.page.all(scope, route, after, PAGE_ROWS);
    for (const row of rows) {
      // A vector added while the partition loads is already placed (with its newest value).
      if (row.vector.byteLength !== row.dims * 4 || this.locations.has(row.key)) continue;
      const group = this.group(partition, row.guard, row.dims);
      this.locations.set(row.key, { group, index: group.pushBytes(row.key, row.vector, row.expires_at) });
    }
    return rows.length < PAGE_ROWS ? undefined : (rows.at(-1) as VectorRow).entry;
  }

  private writeRow(id: number, entry: SemanticEntry, vector: Float32Array): void {
    const blob = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
    this.insert.run(id, entry.key, entry.scope, entry.route, entry.guard, vector.length, blob, id, entry.key);
  }

  /** Makes `vector` the one searched for its key. */
  private show(entry: SemanticEntry, vector: Float32Array): void {
    this.forget([entry.key]);
    const partition = this.partitions.get(partitionId(entry.scope, entry.route));
    // An unloaded partition picks the vector up when it is first searched.
    if (partition) this.place(partition, entry.key, entry.guard, vector, entry.expiresAt);
  }

  private purgeId(id: string, partition: Partition): void {
    for (const group of partition.groups.values()) for (const key of group.keys) this.locations.delete(key);
    this.partitions.delete(id);
  }

  private place(partition: Partition, key: string, guard: string, vector: Float32Array, expiresAt: number): void {
    const group = this.group(partition, guard, vector.length);
    this.locations.set(key, { group, index: group.push(key, vector, expiresAt) });
  }

  private group(partition: Partition, guard: string, dims: number): VectorGroup {
    const id = groupId(guard, dims);
    let group = partition.groups.get(id);
    if (!group) {
      group = new VectorGroup(dims, this.simd);
      partition.groups.set(id, group);
    }
    return group;
  }
}

const partitionId = (scope: string, route: string): string => `${scope}\u0000${route}`;
const groupId = (guard: string, dims: number): string => `${guard}:${dims}`;

/** A unit-length Float32 copy of `vector`; undefined for an empty, all-zero or non-finite one. */
export function normalised(vector: ArrayLike<number>): Float32Array | undefined {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += (vector[i] as number) ** 2;
  if (!(sum > 0) || !Number.isFinite(sum)) return undefined;
  const scale = 1 / Math.sqrt(sum);
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = (vector[i] as number) * scale;
  return out;
}
