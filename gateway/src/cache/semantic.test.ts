import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeResponse, manualClock, tempDatabase } from './cache.fixture';
import { ResponseCache } from './response-cache';
import { SemanticIndex } from './semantic';

let env: ReturnType<typeof tempDatabase>;
let clock: ReturnType<typeof manualClock>;
let cache: ResponseCache;
let index: SemanticIndex;

beforeEach(() => {
  env = tempDatabase();
  clock = manualClock();
  index = new SemanticIndex(env.db, { now: clock.now });
  cache = new ResponseCache(env.db, { maxBytes: 64 << 20, now: clock.now, flushIntervalMs: 0, onRemove: (keys) => index.forget(keys) });
});

afterEach(() => {
  cache.close();
  env.cleanup();
});

/** The row id of a committed entry, as SQLite has it. */
const idOf = (key: string): number => env.db.prepare('SELECT id FROM response_cache WHERE key = ?').pluck().get(key) as number;

/** Stores an entry and its vector (written at once, rather than in the entry's batch as the cache service does). */
function add(key: string, vector: number[], where: { scope?: string; route?: string; guard?: string } = {}, ttlMs = 60_000): void {
  const scope = where.scope ?? 'key:k1';
  const route = where.route ?? 'workhorse';
  cache.set(key, { route, scope, response: makeResponse(), costUsd: 0.001 }, ttlMs);
  cache.writePending();
  index.add({ key, scope, route, guard: where.guard ?? 'g', vector, expiresAt: clock.now() + ttlMs }, idOf(key));
}

const at = { scope: 'key:k1', route: 'workhorse', guard: 'g' };

describe('SemanticIndex', () => {
  it('returns the most similar entry at or above the threshold, and nothing below it', () => {
    add('refund', [1, 0.1, 0]);
    add('shipping', [0, 1, 0]);
    const match = index.find([0.95, 0.2, 0], { ...at, threshold: 0.9 });
    expect(match?.key).toBe('refund');
    expect(match?.similarity).toBeGreaterThan(0.98);
    expect(index.find([0.7, 0.7, 0], { ...at, threshold: 0.9 })).toBeUndefined();
    expect(index.find([0.7, 0.7, 0], { ...at, threshold: 0.7 })?.key).toBeDefined();
  });

  it('compares by direction only (cosine): scaling a vector changes nothing', () => {
    add('refund', [2, 0, 0]);
    expect(index.find([0.001, 0, 0], { ...at, threshold: 0.999 })?.key).toBe('refund');
  });

  it('never crosses scopes, routes or guards', () => {
    add('alice', [1, 0, 0], { scope: 'user:alice' });
    add('cheap', [1, 0, 0], { route: 'cheap' });
    add('pirate', [1, 0, 0], { guard: 'pirate-system-prompt' });
    expect(index.find([1, 0, 0], { ...at, threshold: 0.5 })).toBeUndefined();
    expect(index.find([1, 0, 0], { ...at, scope: 'user:alice', threshold: 0.5 })?.key).toBe('alice');
    expect(index.find([1, 0, 0], { ...at, scope: 'user:bob', threshold: 0.5 })).toBeUndefined();
    expect(index.find([1, 0, 0], { ...at, route: 'cheap', threshold: 0.5 })?.key).toBe('cheap');
    expect(index.find([1, 0, 0], { ...at, guard: 'pirate-system-prompt', threshold: 0.5 })?.key).toBe('pirate');
  });

  it('ignores vectors of another dimension (a different embedding model) and zero vectors', () => {
    add('small', [1, 0, 0]);
    expect(index.find([1, 0, 0, 0], { ...at, threshold: 0.5 })).toBeUndefined();
    expect(index.find([0, 0, 0], { ...at, threshold: 0 })).toBeUndefined();
    expect(index.add({ key: 'small', ...at, vector: [0, 0, 0], expiresAt: Infinity }, idOf('small'))).toBe(false);
  });

  it('stops matching an entry once it expires, and drops it when the cache sweeps', () => {
    add('refund', [1, 0, 0], {}, 1000);
    index.find([1, 0, 0], { ...at, threshold: 0.9 }); // loads the partition
    clock.advance(1000);
    expect(index.find([1, 0, 0], { ...at, threshold: 0.9 })).toBeUndefined();
    cache.purgeExpired();
    expect(index.loaded).toBe(0);
    expect(env.db.prepare('SELECT COUNT(*) AS n FROM response_cache_vectors').get()).toEqual({ n: 0 });
  });

  it('drops a vector with its entry when the entry is evicted or deleted', () => {
    add('a', [1, 0, 0]);
    add('b', [0, 1, 0]);
    expect(index.find([1, 0, 0], { ...at, threshold: 0.9 })?.key).toBe('a');
    cache.delete('a');
    expect(index.find([1, 0, 0], { ...at, threshold: 0.9 })).toBeUndefined();
    expect(index.find([0, 1, 0], { ...at, threshold: 0.9 })?.key).toBe('b');
  });

  it('replaces the vector of a key that is added again', () => {
    add('a', [1, 0, 0]);
    index.find([1, 0, 0], { ...at, threshold: 0.9 });
    index.add({ key: 'a', ...at, vector: [0, 0, 1], expiresAt: clock.now() + 60_000 }, idOf('a'));
    expect(index.find([1, 0, 0], { ...at, threshold: 0.9 })).toBeUndefined();
    expect(index.find([0, 0, 1], { ...at, threshold: 0.9 })?.key).toBe('a');
    expect(index.loaded).toBe(1);
  });

  it('keeps vectors across a reopen, loading a partition when it is first searched', () => {
    add('refund', [0.2, 0.9, 0.1]);
    add('other-scope', [0.2, 0.9, 0.1], { scope: 'key:k2' });
    cache.close();
    env.db.close();
    const db = env.reopen();
    const reopened = new SemanticIndex(db, { now: clock.now });
    expect(reopened.loaded).toBe(0);
    expect(reopened.find([0.2, 0.9, 0.1], { ...at, threshold: 0.99 })?.key).toBe('refund');
    expect(reopened.loaded).toBe(1);
    cache = new ResponseCache(db, { maxBytes: 1 << 20, now: clock.now, flushIntervalMs: 0 });
  });

  it('loads a vector only beside the entry of its own key, even if its entry id now holds another key', () => {
    // As another process could leave it: 'second' deleted, its id given to 'first'.
    env.db
      .prepare(`INSERT INTO response_cache (id, key, route, scope, response, bytes, cost_usd, created_at, expires_at, last_hit_at) VALUES (7, 'first', 'workhorse', 'key:k1', '{}', 0, 0, 0, ?, 0)`)
      .run(clock.now() + 60_000);
    env.db
      .prepare(`INSERT INTO response_cache_vectors (entry, key, scope, route, guard, dims, vector) VALUES (7, 'second', 'key:k1', 'workhorse', 'g', 3, ?)`)
      .run(Buffer.from(new Float32Array([1, 0, 0]).buffer));
    expect(new SemanticIndex(env.db, { now: clock.now }).find([1, 0, 0], { ...at, threshold: 0.5 })).toBeUndefined();
  });

  it('never writes a vector beside another key\'s entry', () => {
    add('first', [1, 0, 0]);
    expect(index.add({ key: 'second', ...at, vector: [0, 1, 0], expiresAt: clock.now() + 60_000 }, idOf('first'))).toBe(true);
    expect(env.db.prepare('SELECT key FROM response_cache_vectors').pluck().all()).toEqual(['first']);
    expect(new SemanticIndex(env.db, { now: clock.now }).find([1, 0, 0], { ...at, threshold: 0.9 })?.key).toBe('first');
  });

  it('unloads a purged route so its vectors are not found again', () => {
    add('a', [1, 0, 0]);
    add('c', [1, 0, 0], { route: 'cheap' });
    index.find([1, 0, 0], { ...at, threshold: 0.9 });
    index.find([1, 0, 0], { ...at, route: 'cheap', threshold: 0.9 });
    cache.purge({ route: 'workhorse' });
    index.purge({ route: 'workhorse' });
    expect(index.find([1, 0, 0], { ...at, threshold: 0.9 })).toBeUndefined();
    expect(index.find([1, 0, 0], { ...at, route: 'cheap', threshold: 0.9 })?.key).toBe('c');
  });
});

describe('SemanticIndex vectors queued in their entries\' batch', () => {
  /** A response cache that writes `index`'s queued vectors in its batches, as the cache service wires them. */
  function batched(index: SemanticIndex): ResponseCache {
    cache.close();
    cache = new ResponseCache(env.db, {
      maxBytes: 64 << 20,
      now: clock.now,
      flushIntervalMs: 0,
      dependents: { waiting: () => index.hasQueued(), write: (idOf) => index.writeQueued(idOf), settle: (committed) => index.settleQueued(committed) },
    });
    return cache;
  }
  const store = (key: string, vector: number[]): void => {
    cache.set(key, { route: at.route, scope: at.scope, response: makeResponse(), costUsd: 0 }, 60_000);
    index.queue({ key, ...at, vector, expiresAt: clock.now() + 60_000 });
  };
  const vectorKeys = (): unknown[] => env.db.prepare('SELECT key FROM response_cache_vectors ORDER BY key').pluck().all();

  it('finds a queued vector at once, in a partition loaded before or after it, and writes it with its entry', () => {
    batched(index);
    store('before', [1, 0, 0]);
    expect(index.find([1, 0, 0], { ...at, threshold: 0.9 })?.key).toBe('before');
    store('after', [0, 1, 0]);
    expect(index.find([0, 1, 0], { ...at, threshold: 0.9 })?.key).toBe('after');
    expect(vectorKeys()).toEqual([]);
    cache.writePending();
    expect(vectorKeys()).toEqual(['after', 'before']);
    expect(new SemanticIndex(env.db, { now: clock.now }).find([0, 1, 0], { ...at, threshold: 0.9 })?.key).toBe('after');
  });

  it('writes each vector beside its own entry\'s row, new and replaced entries alike', () => {
    batched(index);
    store('a', [1, 0, 0]);
    cache.writePending();
    store('b', [0, 1, 0]);
    store('a', [0, 0, 1]);
    cache.writePending();
    const rows = env.db.prepare('SELECT c.key AS entry, v.key AS vector FROM response_cache_vectors v JOIN response_cache c ON c.id = v.entry ORDER BY c.key').all();
    expect(rows).toEqual([
      { entry: 'a', vector: 'a' },
      { entry: 'b', vector: 'b' },
    ]);
    const reopened = new SemanticIndex(env.db, { now: clock.now });
    expect(reopened.find([0, 0, 1], { ...at, threshold: 0.9 })?.key).toBe('a');
    expect(reopened.find([0, 1, 0], { ...at, threshold: 0.9 })?.key).toBe('b');
  });

  it('skips the vector of an entry another process deleted, and still commits the rest of the batch', () => {
    batched(index);
    // 'newer' keeps the id 'gone' had from being handed out again.
    for (const key of ['gone', 'newer']) cache.set(key, { route: at.route, scope: at.scope, response: makeResponse(), costUsd: 0 }, 60_000);
    cache.writePending();
    env.db.prepare('DELETE FROM response_cache WHERE key = ?').run('gone');
    index.queue({ key: 'gone', ...at, vector: [1, 0, 0], expiresAt: clock.now() + 60_000 });
    store('kept', [0, 1, 0]);
    cache.writePending();
    expect(vectorKeys()).toEqual(['kept']);
    expect(cache.get('kept')).toBeDefined();
    expect(new SemanticIndex(env.db, { now: clock.now }).find([1, 0, 0], { ...at, threshold: 0.9 })).toBeUndefined();
  });

  it('lets go of the queued vectors when their batch fails', () => {
    batched(index);
    store('a', [1, 0, 0]);
    expect(index.find([1, 0, 0], { ...at, threshold: 0.9 })?.key).toBe('a');
    env.db.pragma('query_only = ON');
    expect(() => cache.writePending()).toThrow(/readonly/);
    env.db.pragma('query_only = OFF');
    expect(index.find([1, 0, 0], { ...at, threshold: 0.9 })).toBeUndefined();
    expect(index.hasQueued()).toBe(false);
  });
});

describe('SemanticIndex loading a big partition', () => {
  it('loads in the background, searching what has loaded so far, and finds everything once loaded', async () => {
    env.db.transaction(() => {
      for (let i = 0; i < 2500; i++) add(`k${i}`, [1, i / 2500, 0.5]);
    })();
    add('target', [0, 0, 1]);
    const fresh = new SemanticIndex(env.db, { now: clock.now, syncLoadRows: 100 });
    // The first search starts the load and returns at once, with at most what is in memory.
    fresh.find([0, 0, 1], { ...at, threshold: 0.99 });
    expect(fresh.loaded).toBeLessThan(2501);
    await fresh.load('key:k1', 'workhorse');
    expect(fresh.loaded).toBe(2501);
    expect(fresh.find([0, 0, 1], { ...at, threshold: 0.99 })?.key).toBe('target');
  });

  it('keeps a vector added while its partition loads, once, with its newest value', async () => {
    env.db.transaction(() => {
      for (let i = 0; i < 1500; i++) add(`k${i}`, [1, i / 1500, 0.5]);
    })();
    const fresh = new SemanticIndex(env.db, { now: clock.now, syncLoadRows: 100 });
    fresh.find([1, 0, 0], { ...at, threshold: 0.99 });
    fresh.add({ key: 'k1499', ...at, vector: [0, 0, 1], expiresAt: clock.now() + 60_000 }, idOf('k1499'));
    await fresh.load('key:k1', 'workhorse');
    expect(fresh.loaded).toBe(1500);
    expect(fresh.find([0, 0, 1], { ...at, threshold: 0.99 })?.key).toBe('k1499');
  });

  it('stops loading a partition that is purged meanwhile', async () => {
    env.db.transaction(() => {
      for (let i = 0; i < 1500; i++) add(`k${i}`, [1, i / 1500, 0.5]);
    })();
    const fresh = new SemanticIndex(env.db, { now: clock.now, syncLoadRows: 100 });
    const loading = fresh.load('key:k1', 'workhorse');
    fresh.purge({ route: 'workhorse' });
    await loading;
    expect(fresh.loaded).toBe(0);
  });
});
