/**
 * Which provider made each Responses API answer it stored, and for which gateway key
 * (`response_owners`, migration 011): what `GET`/`DELETE /v1/responses/{id}` need to relay a
 * call by id to the one provider that can answer it. Native Responses calls are few next to
 * chat calls, so each owner is one synchronous insert; a failed write is reported and the call
 * that made it is not failed (its answer has been given).
 */
import type Database from 'better-sqlite3';
import type { ModelPrice } from '../pricing/types';
import type { SqliteDatabase } from './database';

export interface ResponseOwner {
  provider: string;
  /** The gateway key that made it; null for a call without one (open on loopback). */
  keyId: string | null;
  /**
   * Set for a background run answered before it finished, whose cost is still to be charged
   * (migration 014): the price of the target that runs it, if it has one.
   */
  unbilled?: { price: ModelPrice | undefined };
}

interface OwnerRow {
  provider: string;
  key_id: string | null;
  unbilled: number;
  price: string | null;
}

/** How long an owner is kept: OpenAI deletes a stored response after 30 days. */
const KEEP_MS = 30 * 24 * 60 * 60 * 1000;

export class ResponseOwners {
  private readonly insert: Database.Statement<[string, string, string | null, number, number, string | null]>;
  private readonly select: Database.Statement<[string, number], OwnerRow>;
  private readonly claim: Database.Statement<[string]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly prune: Database.Statement<[number]>;
  private nextPruneAt = 0;

  constructor(
    db: SqliteDatabase,
    private readonly now: () => number = Date.now,
    private readonly warn: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
  ) {
    this.insert = db.prepare('INSERT OR REPLACE INTO response_owners (id, provider, key_id, created_at, unbilled, price) VALUES (?, ?, ?, ?, ?, ?)');
    this.select = db.prepare('SELECT provider, key_id, unbilled, price FROM response_owners WHERE id = ? AND created_at >= ?');
    this.claim = db.prepare('UPDATE response_owners SET unbilled = 0, price = NULL WHERE id = ? AND unbilled = 1');
    this.remove = db.prepare('DELETE FROM response_owners WHERE id = ?');
    this.prune = db.prepare('DELETE FROM response_owners WHERE created_at < ?');
  }

  record(id: string, owner: ResponseOwner): void {
    const now = this.now();
    try {
      const { unbilled } = owner;
      this.insert.run(id, owner.provider, owner.keyId, now, unbilled ? 1 : 0, unbilled?.price ? JSON.stringify(unbilled.price) : null);
      // At most once an hour: the table is small, and the scan runs off no request's path but this one.
      if (now >= this.nextPruneAt) {
        this.nextPruneAt = now + 60 * 60 * 1000;
        this.prune.run(now - KEEP_MS);
      }
    } catch (error) {
      this.warn(`switchboard store: could not record which provider stored response ${id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Who stored `id`, unless that was over 30 days ago (the provider has let it go by then). */
  find(id: string): ResponseOwner | undefined {
    const row = this.select.get(id, this.now() - KEEP_MS);
    if (!row) return undefined;
    const owner: ResponseOwner = { provider: row.provider, keyId: row.key_id };
    if (row.unbilled === 1) owner.unbilled = { price: row.price === null ? undefined : (JSON.parse(row.price) as ModelPrice) };
    return owner;
  }

  /**
   * Takes the charge of a finished background run: true for the one call that is to charge it,
   * false for any other (already charged, here or by another process on the same file).
   */
  claimUnbilled(id: string): boolean {
    return this.claim.run(id).changes === 1;
  }

  /** After the provider deleted it. */
  forget(id: string): void {
    this.remove.run(id);
  }
}
