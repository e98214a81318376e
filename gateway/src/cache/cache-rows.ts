/**
 * The `response_cache` table: every statement the exact cache runs and the transaction that
 * commits a batch. Only rows live here; when to write, byte accounting and eviction are
 * ResponseCache's.
 *
 * Rows are found by slot (a hash of the key, see key-slot.ts) and then by the full key, so a
 * slot taken by another key reads as a miss.
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
  /** Inside the batch's transaction, after the entries. `refused` keys were not stored: skip their rows. */
  write(refused: readonly string[] | undefined): void;
  /** After the transaction, committed or not (then nothing of it reached disk); the waiting rows are done with either way. */
  settle(committed: boolean, refused: readonly string[] | undefined): void;
}

/** A committed entry as read back. */
export interface EntryRow {
  route: string;
  scope: string;
  response: string;
  cost_usd: number;
  created_at: number;
  expires_at: number;
  hits: number;
}

/** A deleted (or eviction-candidate) row: its key and the bytes it counted. */
export interface Removed {
  key: string;
  bytes: number;
}

/** An entry written but not yet committed. */
export interface PendingRow {
  route: string;
  scope: string;
  body: string;
  bytes: number;
  /** Bytes of the committed row this one replaces (0 for a new key): what the total falls back to if the batch fails. */
  diskBytes: number;
  costUsd: number;
  createdAt: number;
  expiresAt: number;
}

/** What a purge deleted, and the keys still committed after it. */
export interface Purged {
  entries: number;
  bytes: number;
  keys: Set<string>;
}

export interface RouteTotals {
  route: string;
  entries: number;
  bytes: number;
}

export class CacheRows {
  private readonly statements: {
    select: Database.Statement<[number, string], EntryRow>;
    touch: Database.Statement<[number, number, number, string]>;
    oldBytes: Database.Statement<[number, string], { bytes: number }>;
    upsert: Database.Statement<[number, string, string, string, string, number, number, number, number, number]>;
    deleteKey: Database.Statement<[number, string], Removed>;
    deleteExpired: Database.Statement<[number, number], Removed>;
    oldest: Database.Statement<[number], Removed>;
    total: Database.Statement<[], { total: number }>;
    keys: Database.Statement<[], string>;
    routeTotals: Database.Statement<[], RouteTotals>;
  };
  private readonly commitBatch: (rows: ReadonlyMap<string, PendingRow>, touches: ReadonlyMap<string, [number, number]>) => string[] | undefined;
  private readonly deleteBatch: (keys: readonly string[]) => Removed[];
  private readonly purgeRows: (route: string | undefined) => Purged;

  constructor(
    db: SqliteDatabase,
    private readonly slotOf: (key: string) => number,
    dependents: DependentRows | undefined,
  ) {
    this.statements = {
      select: db.prepare('SELECT route, scope, response, cost_usd, created_at, expires_at, hits FROM response_cache WHERE slot = ? AND key = ?'),
      touch: db.prepare('UPDATE response_cache SET hits = hits + ?, last_hit_at = ? WHERE slot = ? AND key = ?'),
      oldBytes: db.prepare('SELECT bytes FROM response_cache WHERE slot = ? AND key = ?'),
      // A slot held by another key is left alone (the WHERE): the first key keeps it.
      upsert: db.prepare(
        `INSERT INTO response_cache (slot, key, route, scope, response, bytes, cost_usd, created_at, expires_at, last_hit_at, hits)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (slot) DO UPDATE SET route = excluded.route, scope = excluded.scope, response = excluded.response,
           bytes = excluded.bytes, cost_usd = excluded.cost_usd, created_at = excluded.created_at,
           expires_at = excluded.expires_at, last_hit_at = excluded.last_hit_at, hits = 0
         WHERE response_cache.key = excluded.key`,
      ),
      deleteKey: db.prepare('DELETE FROM response_cache WHERE slot = ? AND key = ? RETURNING key, bytes'),
      deleteExpired: db.prepare(
        'DELETE FROM response_cache WHERE rowid IN (SELECT rowid FROM response_cache WHERE expires_at <= ? LIMIT ?) RETURNING key, bytes',
      ),
      oldest: db.prepare('SELECT key, bytes FROM response_cache ORDER BY last_hit_at LIMIT ?'),
      total: db.prepare('SELECT COALESCE(SUM(bytes), 0) AS total FROM response_cache'),
      keys: db.prepare<[], string>('SELECT key FROM response_cache').pluck(),
      routeTotals: db.prepare('SELECT route, COUNT(*) AS entries, SUM(bytes) AS bytes FROM response_cache GROUP BY route'),
    };
    this.commitBatch = db.transaction((rows: ReadonlyMap<string, PendingRow>, touches: ReadonlyMap<string, [number, number]>) => {
      let refused: string[] | undefined;
      for (const [key, row] of rows) {
        const { changes } = this.statements.upsert.run(this.slotOf(key), key, row.route, row.scope, row.body, row.bytes, row.costUsd, row.createdAt, row.expiresAt, row.createdAt);
        if (changes === 0) (refused ??= []).push(key);
      }
      for (const [key, [count, at]] of touches) this.statements.touch.run(count, at, this.slotOf(key), key);
      dependents?.write(refused);
      return refused;
    });
    this.deleteBatch = db.transaction((keys: readonly string[]) => keys.flatMap((key) => this.statements.deleteKey.all(this.slotOf(key), key)));
    // Purges are rare (the admin API), so their SQL is prepared per call rather than kept.
    this.purgeRows = db.transaction((route: string | undefined): Purged => {
      const where = route === undefined ? '' : ' WHERE route = ?';
      const params = route === undefined ? [] : [route];
      const removed = db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS bytes FROM response_cache${where}`).get(...params) as { n: number; bytes: number };
      db.prepare(`DELETE FROM response_cache${where}`).run(...params);
      return { entries: removed.n, bytes: removed.bytes, keys: this.keys() };
    });
  }

  /** The committed row of `key`. */
  find(key: string): EntryRow | undefined {
    return this.statements.select.get(this.slotOf(key), key);
  }

  /** Bytes of the committed row of `key` (0 if none). */
  storedBytes(key: string): number {
    return this.statements.oldBytes.get(this.slotOf(key), key)?.bytes ?? 0;
  }

  /**
   * Writes a batch in one transaction: the entries, then the hits (key → [count, last hit at]),
   * then the dependent rows. Returns the keys whose slot another key holds (not stored). Throws
   * if the transaction fails, having written nothing.
   */
  commit(rows: ReadonlyMap<string, PendingRow>, touches: ReadonlyMap<string, [number, number]>): string[] | undefined {
    return this.commitBatch(rows, touches);
  }

  /** Deletes the row of `key`; returns it (none if there was none). */
  delete(key: string): Removed[] {
    return this.statements.deleteKey.all(this.slotOf(key), key);
  }

  /** Deletes the rows of `keys` in one transaction; returns those that existed. */
  deleteKeys(keys: readonly string[]): Removed[] {
    return this.deleteBatch(keys);
  }

  /** Deletes up to `limit` rows expired at `now`; returns them. */
  deleteExpired(now: number, limit: number): Removed[] {
    return this.statements.deleteExpired.all(now, limit);
  }

  /** The `limit` least-recently-hit rows, oldest first. */
  oldest(limit: number): Removed[] {
    return this.statements.oldest.all(limit);
  }

  /** Deletes every row, or one route's, in one transaction. */
  purge(route: string | undefined): Purged {
    return this.purgeRows(route);
  }

  /** Bytes of all committed rows: a table scan, for opening only. */
  totalBytes(): number {
    return (this.statements.total.get() as { total: number }).total;
  }

  /** Every committed key: a table scan. */
  keys(): Set<string> {
    return new Set(this.statements.keys.all());
  }

  /** Entries and bytes per route. */
  routeTotals(): RouteTotals[] {
    return this.statements.routeTotals.all();
  }
}
