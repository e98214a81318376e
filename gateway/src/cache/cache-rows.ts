/**
 * The `response_cache` table: every statement the exact cache runs and the transaction that
 * commits a batch. Only rows live here; when to write, byte accounting and eviction are
 * ResponseCache's.
 *
 * Rows are found by id (the rowid), through an in-memory map from every committed key to its
 * row's id, so new rows are appended in id order and no index over keys is kept (see migration
 * 005). Every read and write compares the key as well: another process sharing the file (the
 * desktop app and `switchboard serve`) may delete a row and SQLite may give its id to another
 * key, and such a row simply reads as a miss.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from '../store/database';

/**
 * Rows that reference an entry's row, so they can only be written once it is: they ride in the
 * batch that commits the entries, after them in the same transaction.
 */
export interface DependentRows {
  /** Whether rows wait: a batch is then due even with no entry pending. */
  waiting(): boolean;
  /** Inside the batch's transaction, after the entries. `idOf` gives an entry's row id, new rows of this batch included (undefined: it has none). */
  write(idOf: (key: string) => number | undefined): void;
  /** After the transaction, committed or not (then nothing of it reached disk); the waiting rows are done with either way. */
  settle(committed: boolean): void;
}

/** A committed entry as read back. */
export interface EntryRow {
  route: string;
  scope: string;
  response: string;
  /** The provider format `response` is in (its reader's name, from providers/answer-formats.ts); null: the canonical answer as JSON. */
  format: string | null;
  cost_usd: number;
  created_at: number;
  expires_at: number;
  hits: number;
}

/** A deleted (or eviction-candidate) row: its id, its key and the bytes it counted. */
export interface Removed {
  id: number;
  key: string;
  bytes: number;
}

/** An entry written but not yet committed. */
export interface PendingRow {
  route: string;
  scope: string;
  body: string;
  /** As EntryRow's. */
  format: string | null;
  bytes: number;
  /** Bytes of the committed row this one replaces (0 for a new key): what the total falls back to if the batch fails. */
  diskBytes: number;
  costUsd: number;
  createdAt: number;
  expiresAt: number;
}

export interface RouteTotals {
  route: string;
  entries: number;
  bytes: number;
}

type EntryValues = [string, string, string, string | null, number, number, number, number, number];

export class CacheRows {
  /**
   * Every committed key → its row's id, loaded at open, so a miss (most lookups on a cold cache)
   * costs a Map lookup rather than a SQLite read. Kept in step by commit, the deletes and purge;
   * rows another process adds are not seen until restart (a cache may forget).
   */
  private ids: Map<string, number>;
  /** Rows the batch being committed inserted: key → id. They join `ids` only once it commits. */
  private readonly inserted = new Map<string, number>();
  /** An entry's id as the batch being committed sees it (made once: it is handed to the dependent rows). */
  private readonly idInBatch = (key: string): number | undefined => this.inserted.get(key) ?? this.ids.get(key);
  private readonly statements: {
    select: Database.Statement<[number, string], EntryRow>;
    touch: Database.Statement<[number, number, number, string]>;
    oldBytes: Database.Statement<[number, string], { bytes: number }>;
    insert: Database.Statement<[string, ...EntryValues]>;
    replace: Database.Statement<[...EntryValues, number, string]>;
    deleteRow: Database.Statement<[number, string], Removed>;
    deleteExpired: Database.Statement<[number, number], Removed>;
    oldest: Database.Statement<[number], Removed>;
    createdAt: Database.Statement<[number], number>;
    total: Database.Statement<[], { total: number }>;
    ids: Database.Statement<[], [number, string]>;
    routeTotals: Database.Statement<[], RouteTotals>;
  };
  private readonly commitBatch: (rows: ReadonlyMap<string, PendingRow>, touches: ReadonlyMap<string, [number, number]>) => void;
  private readonly keepNewest: (twice: ReadonlyMap<string, number[]>, ids: Map<string, number>) => void;
  private readonly deleteBatch: (rows: readonly Removed[]) => Removed[];
  private readonly purgeRows: (route: string | undefined) => { entries: number; ids: Map<string, number> };

  constructor(db: SqliteDatabase, dependents: DependentRows | undefined) {
    this.statements = {
      select: db.prepare('SELECT route, scope, response, format, cost_usd, created_at, expires_at, hits FROM response_cache WHERE id = ? AND key = ?'),
      touch: db.prepare('UPDATE response_cache SET hits = hits + ?, last_hit_at = ? WHERE id = ? AND key = ?'),
      oldBytes: db.prepare('SELECT bytes FROM response_cache WHERE id = ? AND key = ?'),
      // No id given: SQLite takes the largest plus one, so the table grows at its end.
      insert: db.prepare(
        `INSERT INTO response_cache (key, route, scope, response, format, bytes, cost_usd, created_at, expires_at, last_hit_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      replace: db.prepare(
        `UPDATE response_cache SET route = ?, scope = ?, response = ?, format = ?, bytes = ?, cost_usd = ?, created_at = ?, expires_at = ?, last_hit_at = ?, hits = 0
         WHERE id = ? AND key = ?`,
      ),
      deleteRow: db.prepare('DELETE FROM response_cache WHERE id = ? AND key = ? RETURNING id, key, bytes'),
      deleteExpired: db.prepare(
        'DELETE FROM response_cache WHERE id IN (SELECT id FROM response_cache WHERE expires_at <= ? LIMIT ?) RETURNING id, key, bytes',
      ),
      oldest: db.prepare('SELECT id, key, bytes FROM response_cache ORDER BY last_hit_at LIMIT ?'),
      createdAt: db.prepare<[number], number>('SELECT created_at FROM response_cache WHERE id = ?').pluck(),
      total: db.prepare('SELECT COALESCE(SUM(bytes), 0) AS total FROM response_cache'),
      ids: db.prepare<[], [number, string]>('SELECT id, key FROM response_cache ORDER BY id').raw(),
      routeTotals: db.prepare('SELECT route, COUNT(*) AS entries, SUM(bytes) AS bytes FROM response_cache GROUP BY route'),
    };
    this.keepNewest = db.transaction((twice: ReadonlyMap<string, number[]>, ids: Map<string, number>) => {
      for (const [key, rows] of twice) ids.set(key, this.newestOf(key, rows));
    });
    this.ids = this.loadIds();
    this.commitBatch = db.transaction((rows: ReadonlyMap<string, PendingRow>, touches: ReadonlyMap<string, [number, number]>) => {
      const { insert, replace, touch } = this.statements;
      for (const [key, row] of rows) {
        const id = this.ids.get(key);
        if (id !== undefined && replace.run(row.route, row.scope, row.body, row.format, row.bytes, row.costUsd, row.createdAt, row.expiresAt, row.createdAt, id, key).changes > 0) continue;
        // A new key, or one whose row was deleted behind this process's back: a new row.
        const { lastInsertRowid } = insert.run(key, row.route, row.scope, row.body, row.format, row.bytes, row.costUsd, row.createdAt, row.expiresAt, row.createdAt);
        this.inserted.set(key, Number(lastInsertRowid));
      }
      for (const [key, [count, at]] of touches) {
        const id = this.idInBatch(key);
        if (id !== undefined) touch.run(count, at, id, key);
      }
      dependents?.write(this.idInBatch);
    });
    this.deleteBatch = db.transaction((rows: readonly Removed[]) => rows.flatMap((row) => this.statements.deleteRow.all(row.id, row.key)));
    // Purges are rare (the admin API), so their SQL is prepared per call rather than kept.
    this.purgeRows = db.transaction((route: string | undefined) => {
      const where = route === undefined ? '' : ' WHERE route = ?';
      const params = route === undefined ? [] : [route];
      const entries = db.prepare(`DELETE FROM response_cache${where}`).run(...params).changes;
      return { entries, ids: this.loadIds() };
    });
  }

  /** Whether `key` has a committed row (as far as this process knows: another may have deleted it). */
  has(key: string): boolean {
    return this.ids.has(key);
  }

  /** The committed row of `key`. */
  find(key: string): EntryRow | undefined {
    const id = this.ids.get(key);
    return id === undefined ? undefined : this.statements.select.get(id, key);
  }

  /** Bytes of the committed row of `key` (0 if none; a key never committed costs no read). */
  storedBytes(key: string): number {
    const id = this.ids.get(key);
    return id === undefined ? 0 : (this.statements.oldBytes.get(id, key)?.bytes ?? 0);
  }

  /**
   * Writes a batch in one transaction: the entries (a known key's row updated in place, a new
   * key's appended), then the hits (key → [count, last hit at]), then the dependent rows.
   * Throws if the transaction fails, having written nothing and learnt no new id.
   */
  commit(rows: ReadonlyMap<string, PendingRow>, touches: ReadonlyMap<string, [number, number]>): void {
    try {
      this.commitBatch(rows, touches);
      for (const [key, id] of this.inserted) this.ids.set(key, id);
    } finally {
      this.inserted.clear();
    }
  }

  /** Deletes the row of `key`; returns it (none if there was none). */
  delete(key: string): Removed[] {
    const id = this.ids.get(key);
    if (id === undefined) return [];
    const removed = this.statements.deleteRow.all(id, key);
    // Gone either way: deleted now, or already by another process.
    this.ids.delete(key);
    return removed;
  }

  /** Deletes `rows` (as `oldest` returned them) in one transaction; returns those that still existed. */
  deleteRows(rows: readonly Removed[]): Removed[] {
    return this.forget(this.deleteBatch(rows));
  }

  /** Deletes up to `limit` rows expired at `now`; returns them. */
  deleteExpired(now: number, limit: number): Removed[] {
    return this.forget(this.statements.deleteExpired.all(now, limit));
  }

  /** The `limit` least-recently-hit rows, oldest first. */
  oldest(limit: number): Removed[] {
    return this.statements.oldest.all(limit);
  }

  /** Deletes every row, or one route's, in one transaction; returns how many. */
  purge(route: string | undefined): number {
    const { entries, ids } = this.purgeRows(route);
    this.ids = ids;
    return entries;
  }

  /** Bytes of all committed rows: a table scan, for opening and after a purge. */
  totalBytes(): number {
    return (this.statements.total.get() as { total: number }).total;
  }

  /** Entries and bytes per route. */
  routeTotals(): RouteTotals[] {
    return this.statements.routeTotals.all();
  }

  /**
   * Every committed key's id: a table scan. A key on two rows (two processes each stored it,
   * neither seeing the other's row) keeps its newest answer, by created_at; the other rows are
   * deleted (in one transaction), so both processes agree again once each has reopened (or
   * purged).
   */
  private loadIds(): Map<string, number> {
    const ids = new Map<string, number>();
    let twice: Map<string, number[]> | undefined;
    for (const [id, key] of this.statements.ids.iterate()) {
      const before = ids.get(key);
      if (before !== undefined) {
        twice ??= new Map();
        const rows = twice.get(key);
        if (rows) rows.push(id);
        else twice.set(key, [before, id]);
      }
      ids.set(key, id);
    }
    if (twice) this.keepNewest(twice, ids);
    return ids;
  }

  /** Deletes all but the most recently stored of `rows` (ids of `key`, ascending); returns the one kept. */
  private newestOf(key: string, rows: number[]): number {
    const { createdAt, deleteRow } = this.statements;
    let kept = rows[0] as number;
    let keptAt = createdAt.get(kept) ?? 0;
    for (const id of rows.slice(1)) {
      const at = createdAt.get(id) ?? 0;
      // Equal times: the later row wins.
      if (at >= keptAt) {
        deleteRow.run(kept, key);
        kept = id;
        keptAt = at;
      } else deleteRow.run(id, key);
    }
    return kept;
  }

  /**
   * Drops deleted rows from the map. Only a row the map points at: another row of the same key
   * (one another process stored; see loadIds) leaves the key's own row in place.
   */
  private forget(removed: Removed[]): Removed[] {
    for (const row of removed) if (this.ids.get(row.key) === row.id) this.ids.delete(row.key);
    return removed;
  }
}
