import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { KeyStore } from './key-store';

let dir: string;
let file: string;
let db: SqliteDatabase;
let time: number;
let keys: KeyStore;

const open = (): KeyStore => new KeyStore(db, { now: () => time });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-keys-'));
  file = join(dir, 'switchboard.db');
  db = openDatabase(file);
  time = Date.parse('2026-05-01T12:00:00Z');
  keys = open();
});

afterEach(() => {
  vi.useRealTimers();
  keys.close();
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function thrown(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('KeyStore: creating and listing', () => {
  it('shows the plaintext once, at creation, and never in lists or lookups', () => {
    const { key, plaintext } = keys.create({ name: 'ci-bot', team: 'ml', limits: { rpm: 60 } });
    expect(plaintext).toMatch(/^sk-sb-[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'ci-bot', team: 'ml', user: null, status: 'active', prefix: plaintext.slice(0, 10), limits: { rpm: 60 }, lastUsedAt: null });
    expect(key.id).toMatch(/^key_/);
    const secret = plaintext.slice(10);
    expect(JSON.stringify(keys.list())).not.toContain(secret);
    expect(JSON.stringify(keys.get(key.id))).not.toContain(secret);
    expect(keys.list().map((listed) => listed.id)).toEqual([key.id]);
  });

  it('keeps only a hash at rest: the plaintext is nowhere in the database files', () => {
    const { key, plaintext } = keys.create({ name: 'laptop' });
    db.pragma('wal_checkpoint(PASSIVE)');
    const stored = db.prepare('SELECT hash FROM gateway_keys WHERE id = ?').pluck().get(key.id);
    expect(stored).toBe(createHash('sha256').update(plaintext).digest('hex'));
    const files = [file, `${file}-wal`].filter(existsSync).map((path) => readFileSync(path).toString('latin1'));
    expect(files.length).toBeGreaterThan(0);
    for (const content of files) {
      expect(content).toContain(key.id);
      expect(content).not.toContain(plaintext.slice(10));
    }
  });

  it('survives a restart: a new store on the same file accepts the key', () => {
    const { key, plaintext } = keys.create({ name: 'laptop', user: 'alice' });
    keys.close();
    db.close();
    db = openDatabase(file);
    keys = open();
    expect(keys.authenticate(plaintext)).toMatchObject({ id: key.id, name: 'laptop', user: 'alice' });
  });

  it('refuses bad settings with a 400 naming the field', () => {
    expect(thrown(() => keys.create({ name: '' }))).toMatchObject({ status: 400, code: 'invalid_key_settings', param: 'name' });
    expect(thrown(() => keys.create({ name: 'x', team: 'has space' }))).toMatchObject({ status: 400, param: 'team' });
    expect(thrown(() => keys.create({ name: 'x', limits: { rpm: -1 } }))).toMatchObject({ status: 400, param: 'limits.rpm' });
    expect(thrown(() => keys.create({ name: 'x', expiresAt: time - 1 })).message).toBe('expiresAt is in the past');
    expect(keys.list()).toEqual([]);
  });
});

describe('KeyStore: authenticate', () => {
  it('returns the identity and policies of a valid key, and nothing for anything else', () => {
    const { key, plaintext } = keys.create({
      name: 'ci-bot',
      user: 'alice',
      team: 'ml',
      tier: 'free',
      allowedRoutes: ['workhorse'],
      limits: { rpm: 10, concurrent: 2 },
      budget: { monthlyUsd: 25 },
    });
    expect(keys.authenticate(plaintext)).toEqual({
      id: key.id,
      name: 'ci-bot',
      user: 'alice',
      team: 'ml',
      tier: 'free',
      allowedRoutes: ['workhorse'],
      limits: { rpm: 10, concurrent: 2 },
      budget: { monthlyUsd: 25 },
    });
    expect(keys.authenticate(`${plaintext}x`)).toBeUndefined();
    expect(keys.authenticate('sk-sb-unknown')).toBeUndefined();
    expect(keys.authenticate('')).toBeUndefined();
  });

  it('refuses a revoked key at once, and revoking again changes nothing', () => {
    const { key, plaintext } = keys.create({ name: 'leaked' });
    time += 1000;
    expect(keys.revoke(key.id)).toMatchObject({ status: 'revoked', revokedAt: time });
    expect(keys.authenticate(plaintext)).toBeUndefined();
    time += 1000;
    expect(keys.revoke(key.id).revokedAt).toBe(time - 1000);
    expect(thrown(() => keys.rotate(key.id))).toMatchObject({ status: 409, code: 'key_revoked' });
  });

  it('refuses a key from its expiry on, and accepts it again when the expiry is cleared', () => {
    const { key, plaintext } = keys.create({ name: 'temp', expiresAt: '2026-05-01T13:00:00Z' });
    expect(key.expiresAt).toBe(Date.parse('2026-05-01T13:00:00Z'));
    time = Date.parse('2026-05-01T12:59:59.999Z');
    expect(keys.authenticate(plaintext)?.id).toBe(key.id);
    time = Date.parse('2026-05-01T13:00:00Z');
    expect(keys.authenticate(plaintext)).toBeUndefined();
    expect(keys.get(key.id)?.status).toBe('expired');
    keys.update(key.id, { expiresAt: null });
    expect(keys.authenticate(plaintext)?.id).toBe(key.id);
  });
});

describe('KeyStore: rotate', () => {
  it('issues a new plaintext for the same key; the old one stops working at once', () => {
    const { key, plaintext: old } = keys.create({ name: 'svc', team: 'ml' });
    time += 5000;
    const rotated = keys.rotate(key.id);
    expect(rotated.plaintext).not.toBe(old);
    expect(rotated.key).toMatchObject({ id: key.id, team: 'ml', rotatedAt: time, prefix: rotated.plaintext.slice(0, 10), previousValidUntil: null });
    expect(keys.authenticate(old)).toBeUndefined();
    expect(keys.authenticate(rotated.plaintext)?.id).toBe(key.id);
  });

  it('keeps the old plaintext working through a grace period, then not', () => {
    const { key, plaintext: old } = keys.create({ name: 'svc' });
    const rotated = keys.rotate(key.id, { graceMs: '10m' });
    expect(rotated.key.previousValidUntil).toBe(time + 600_000);
    time += 599_999;
    expect(keys.authenticate(old)?.id).toBe(key.id);
    expect(keys.authenticate(rotated.plaintext)?.id).toBe(key.id);
    time += 1;
    expect(keys.authenticate(old)).toBeUndefined();
    expect(keys.authenticate(rotated.plaintext)?.id).toBe(key.id);
    expect(keys.get(key.id)?.previousValidUntil).toBeNull();
  });

  it('ends a grace period when the key is revoked', () => {
    const { key, plaintext: old } = keys.create({ name: 'svc' });
    const rotated = keys.rotate(key.id, { graceMs: 60_000 });
    keys.revoke(key.id);
    expect(keys.authenticate(old)).toBeUndefined();
    expect(keys.authenticate(rotated.plaintext)).toBeUndefined();
  });
});

describe('KeyStore: update', () => {
  it('changes only the fields given, clears those set to null, and applies at once', () => {
    const { key, plaintext } = keys.create({ name: 'a', user: 'alice', team: 'ml', limits: { rpm: 5 } });
    time += 1000;
    const updated = keys.update(key.id, { name: 'b', team: null, limits: { tpm: 1000 }, allowedRoutes: ['cheap'] });
    expect(updated).toMatchObject({ name: 'b', user: 'alice', team: null, limits: { tpm: 1000 }, allowedRoutes: ['cheap'], updatedAt: time, createdAt: time - 1000 });
    expect(keys.authenticate(plaintext)).toEqual({ id: key.id, name: 'b', user: 'alice', allowedRoutes: ['cheap'], limits: { tpm: 1000 }, budget: {} });
  });

  it('answers 404 for a key that does not exist', () => {
    expect(keys.get('key_nope')).toBeUndefined();
    for (const run of [() => keys.update('key_nope', { name: 'x' }), () => keys.revoke('key_nope'), () => keys.rotate('key_nope')]) {
      expect(thrown(run)).toMatchObject({ status: 404, code: 'key_not_found' });
    }
  });
});

describe('KeyStore: last used', () => {
  it('notes uses in memory and writes them in one batch, not once per request', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    keys.close();
    keys = new KeyStore(db, { now: () => time, touchFlushMs: 10_000 });
    const { key, plaintext } = keys.create({ name: 'busy' });
    const stored = (): unknown => db.prepare('SELECT last_used_at FROM gateway_keys WHERE id = ?').pluck().get(key.id);
    for (let i = 0; i < 100; i += 1) {
      time += 10;
      keys.authenticate(plaintext);
    }
    expect(stored()).toBeNull();
    expect(keys.get(key.id)?.lastUsedAt).toBe(time);
    vi.advanceTimersByTime(10_000);
    expect(stored()).toBe(time);
    expect(keys.get(key.id)?.lastUsedAt).toBe(time);
  });

  it('writes pending uses on close', () => {
    const { key, plaintext } = keys.create({ name: 'closing' });
    keys.authenticate(plaintext);
    keys.close();
    expect(db.prepare('SELECT last_used_at FROM gateway_keys WHERE id = ?').pluck().get(key.id)).toBe(time);
  });

  it('does not count a refused token as a use', () => {
    const { key, plaintext } = keys.create({ name: 'revoked' });
    keys.revoke(key.id);
    keys.authenticate(plaintext);
    expect(keys.get(key.id)?.lastUsedAt).toBeNull();
  });
});
