/**
 * Gateway (virtual) keys in SQLite, with an in-memory copy of the table for authentication:
 * a request costs one SHA-256 and one Map lookup, no query. The copy is rebuilt after every
 * change made through this store (the table is small); call `reload()` after changes made
 * elsewhere. Plaintexts are returned once, by `create` and `rotate`, and never stored.
 */
import type Database from 'better-sqlite3';
import { GatewayError } from '../errors/gateway-error';
import { presentedDigest } from '../server/auth';
import type { Authenticator, KeyIdentity } from '../server/auth';
import type { SqliteDatabase } from '../store/database';
import { LastUsedBatcher } from './last-used';
import { keyStatus, toIdentity, toJson, toRecord, type KeyRow } from './key-rows';
import { keyCreateSchema, keyRotateSchema, keyUpdateSchema, parseKeyInput, type KeyCreateInput, type KeyRotateInput, type KeyUpdateInput } from './key-schemas';
import { hashKey, KEY_PREFIX, keyPrefix, newKeyId, newKeyToken } from './key-token';
import type { AuthenticatedKey, IssuedKey, KeyRecord } from './key-types';

export interface KeyStoreOptions {
  /** Clock in Unix ms (tests inject one). */
  now?: () => number;
  /** How often last-used times are written. Default 15 s. */
  touchFlushMs?: number;
  warn?: (message: string) => void;
}

interface CachedKey {
  row: KeyRow;
  identity: AuthenticatedKey;
  /** Found by the hash a rotation replaced, valid only until `previous_valid_until`. */
  previous: boolean;
}

export class KeyStore implements Authenticator {
  private byHash = new Map<string, CachedKey>();
  private byId = new Map<string, KeyRow>();
  private readonly now: () => number;
  private readonly lastUsed: LastUsedBatcher;
  private readonly selectAll: Database.Statement<[], KeyRow>;

  constructor(
    private readonly db: SqliteDatabase,
    options: KeyStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.selectAll = db.prepare('SELECT * FROM gateway_keys ORDER BY created_at DESC, id');
    const setLastUsed = db.prepare<[number, string]>('UPDATE gateway_keys SET last_used_at = MAX(COALESCE(last_used_at, 0), ?) WHERE id = ?');
    const writeLastUsed = db.transaction((batch: ReadonlyMap<string, number>) => {
      for (const [id, at] of batch) setLastUsed.run(at, id);
    });
    this.lastUsed = new LastUsedBatcher(
      (batch) => {
        writeLastUsed(batch);
        // Keep the cached rows in step, so reads after the flush still show the time.
        for (const [id, at] of batch) {
          const row = this.byId.get(id);
          if (row) row.last_used_at = Math.max(row.last_used_at ?? 0, at);
        }
      },
      options.touchFlushMs ?? 15_000,
      options.warn ?? ((message) => process.stderr.write(`${message}\n`)),
    );
    this.reload();
  }

  /** Creates a key. The plaintext in the result is shown to the user once and kept nowhere. */
  create(input: KeyCreateInput): IssuedKey {
    const settings = parseKeyInput(keyCreateSchema, input);
    const now = this.now();
    if (settings.expiresAt !== undefined && settings.expiresAt <= now) {
      throw new GatewayError('invalid_request', 'expiresAt is in the past', { param: 'expiresAt', code: 'invalid_key_settings' });
    }
    const plaintext = newKeyToken();
    const row: KeyRow = {
      id: newKeyId(),
      name: settings.name,
      hash: hashKey(plaintext),
      prefix: keyPrefix(plaintext),
      previous_hash: null,
      previous_valid_until: null,
      user: settings.user ?? null,
      team: settings.team ?? null,
      tier: settings.tier ?? null,
      allowed_routes: toJson(settings.allowedRoutes),
      limits: toJson(settings.limits),
      budget: toJson(settings.budget),
      expires_at: settings.expiresAt ?? null,
      created_at: now,
      updated_at: now,
      rotated_at: null,
      revoked_at: null,
      last_used_at: null,
    };
    this.db
      .prepare(
        `INSERT INTO gateway_keys (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
          .map((column) => `@${column}`)
          .join(', ')})`,
      )
      .run(row);
    this.reload();
    return { key: this.record(row.id), plaintext };
  }

  /** Every key, newest first, revoked and expired ones included (they explain old log rows). */
  list(): KeyRecord[] {
    const now = this.now();
    return [...this.byId.values()].map((row) => toRecord(row, now, this.lastUsed.pendingFor(row.id)));
  }

  /** The identity calls made with key `id` had (whatever its status now), for charging what they started to it. */
  identityOf(id: string): KeyIdentity | undefined {
    const row = this.byId.get(id);
    return row === undefined ? undefined : toIdentity(row);
  }

  get(id: string): KeyRecord | undefined {
    const row = this.byId.get(id);
    return row && toRecord(row, this.now(), this.lastUsed.pendingFor(id));
  }

  /** Changes a key's settings; fields left out stay, `null` clears. The plaintext is unchanged. */
  update(id: string, patch: KeyUpdateInput): KeyRecord {
    const change = parseKeyInput(keyUpdateSchema, patch);
    const row = this.existing(id);
    const next: KeyRow = { ...row, updated_at: this.now() };
    if (change.name !== undefined) next.name = change.name;
    if (change.user !== undefined) next.user = change.user;
    if (change.team !== undefined) next.team = change.team;
    if (change.tier !== undefined) next.tier = change.tier;
    if (change.allowedRoutes !== undefined) next.allowed_routes = toJson(change.allowedRoutes);
    if (change.limits !== undefined) next.limits = toJson(change.limits);
    if (change.budget !== undefined) next.budget = toJson(change.budget);
    if (change.expiresAt !== undefined) next.expires_at = change.expiresAt;
    this.db
      .prepare(
        `UPDATE gateway_keys SET name = @name, user = @user, team = @team, tier = @tier, allowed_routes = @allowed_routes,
         limits = @limits, budget = @budget, expires_at = @expires_at, updated_at = @updated_at WHERE id = @id`,
      )
      .run(next);
    this.reload();
    return this.record(id);
  }

  /** Stops the key working at once, for good. Revoking twice is harmless. */
  revoke(id: string): KeyRecord {
    const row = this.existing(id);
    if (row.revoked_at === null) {
      const now = this.now();
      this.db
        .prepare('UPDATE gateway_keys SET revoked_at = ?, updated_at = ?, previous_hash = NULL, previous_valid_until = NULL WHERE id = ?')
        .run(now, now, id);
      this.reload();
    }
    return this.record(id);
  }

  /**
   * Issues a new plaintext for the key, keeping its id, settings and history. The old plaintext
   * stops working at once, or after `graceMs` so running clients can be switched over.
   */
  rotate(id: string, options: KeyRotateInput = {}): IssuedKey {
    const { graceMs = 0 } = parseKeyInput(keyRotateSchema, options);
    const row = this.existing(id);
    if (row.revoked_at !== null) {
      throw new GatewayError('invalid_request', `Gateway key '${row.name}' is revoked and cannot be rotated`, { status: 409, code: 'key_revoked' });
    }
    const now = this.now();
    const plaintext = newKeyToken();
    this.db
      .prepare(
        `UPDATE gateway_keys SET hash = @hash, prefix = @prefix, previous_hash = @previous_hash,
         previous_valid_until = @previous_valid_until, rotated_at = @now, updated_at = @now WHERE id = @id`,
      )
      .run({
        id,
        now,
        hash: hashKey(plaintext),
        prefix: keyPrefix(plaintext),
        previous_hash: graceMs > 0 ? row.hash : null,
        previous_valid_until: graceMs > 0 ? now + graceMs : null,
      });
    this.reload();
    return { key: this.record(id), plaintext };
  }

  /** The identity and policies of a valid key; undefined for unknown, revoked or expired ones. */
  authenticate(token: string): AuthenticatedKey | undefined {
    if (!token.startsWith(KEY_PREFIX)) return undefined;
    // A Map lookup by digest is safe from timing attacks: a caller cannot steer the digest of
    // its guess toward a stored one, so lookup time tells it nothing about stored keys.
    const cached = this.byHash.get(presentedDigest(token).hex);
    if (!cached) return undefined;
    const now = this.now();
    if (cached.previous && (cached.row.previous_valid_until ?? 0) <= now) return undefined;
    if (keyStatus(cached.row, now) !== 'active') return undefined;
    this.touch(cached.row.id, now);
    return cached.identity;
  }

  /** Notes a use of the key; written in batches, not per call. `authenticate` calls it. */
  touch(id: string, at = this.now()): void {
    this.lastUsed.touch(id, at);
  }

  /** Writes pending last-used times now. */
  flushTouches(): void {
    this.lastUsed.flush();
  }

  /** Re-reads the table into memory (after changes made by another connection). */
  reload(): void {
    const byHash = new Map<string, CachedKey>();
    const byId = new Map<string, KeyRow>();
    for (const row of this.selectAll.all()) {
      byId.set(row.id, row);
      const identity = toIdentity(row);
      byHash.set(row.hash, { row, identity, previous: false });
      if (row.previous_hash !== null) byHash.set(row.previous_hash, { row, identity, previous: true });
    }
    this.byHash = byHash;
    this.byId = byId;
  }

  /** Writes pending last-used times. The database stays open: its owner closes it. */
  close(): void {
    this.lastUsed.flush();
  }

  private existing(id: string): KeyRow {
    const row = this.byId.get(id);
    if (!row) throw new GatewayError('not_found', 'No gateway key has this id', { code: 'key_not_found' });
    return row;
  }

  private record(id: string): KeyRecord {
    const record = this.get(id);
    if (!record) throw new GatewayError('not_found', 'No gateway key has this id', { code: 'key_not_found' });
    return record;
  }
}
