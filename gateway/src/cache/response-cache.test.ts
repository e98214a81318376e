import type { ChatResponse } from '../canonical/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeResponse, manualClock, tempDatabase } from './cache.fixture';
import { WriteGate } from '../store/write-gate';
import { WriteSlicer } from '../store/write-slicer';
import { ResponseCache, type CacheEntryInput, type ResponseCacheOptions } from './response-cache';

let env: ReturnType<typeof tempDatabase>;
let clock: ReturnType<typeof manualClock>;
const caches: ResponseCache[] = [];

beforeEach(() => {
  env = tempDatabase();
  clock = manualClock();
});

afterEach(() => {
  for (const cache of caches.splice(0)) cache.close();
  env.cleanup();
});

function open(options: Partial<ResponseCacheOptions> = {}, db = env.db): ResponseCache {
  const cache = new ResponseCache(db, { maxBytes: 1024 * 1024, now: clock.now, flushIntervalMs: 0, ...options });
  caches.push(cache);
  return cache;
}

const entry = (overrides: Partial<CacheEntryInput> = {}): CacheEntryInput => ({
  route: 'workhorse',
  scope: 'key:k1',
  response: makeResponse(),
  costUsd: 0.0021,
  ...overrides,
});

/** A hit's chat answer (every entry here holds one). */
const chatOf = (hit: ReturnType<ResponseCache['get']>): ChatResponse | undefined => hit?.response as ChatResponse | undefined;
const text = (hit: ReturnType<ResponseCache['get']>): unknown => (chatOf(hit)?.content[0] as { text?: string } | undefined)?.text;

describe('ResponseCache', () => {
  it('serves an entry at once and commits it in a batch, off the request path', () => {
    const cache = open();
    cache.set('k', entry(), 60_000);
    const committed = () => env.db.prepare('SELECT COUNT(*) AS n FROM response_cache WHERE key = ?').get('k') as { n: number };
    expect(committed().n).toBe(0);
    expect(cache.get('k')?.route).toBe('workhorse');
    cache.writePending();
    expect(committed().n).toBe(1);
    expect((env.db.prepare('SELECT hits FROM response_cache WHERE key = ?').get('k') as { hits: number }).hits).toBe(1);
  });

  it('commits as soon as a batch holds what the slicer allows, without waiting for the timer', () => {
    const cache = open({ slicer: new WriteSlicer({ minRows: 3, maxRows: 3 }) });
    const committed = () => (env.db.prepare('SELECT COUNT(*) AS n FROM response_cache').get() as { n: number }).n;
    cache.set('a', entry(), 60_000);
    cache.set('b', entry(), 60_000);
    expect(committed()).toBe(0);
    cache.set('c', entry(), 60_000);
    expect(committed()).toBe(3);
    cache.set('d', entry(), 60_000);
    expect(committed()).toBe(3);
  });

  it('holds its batch while the checkpoint gate is closed and commits it once the gate opens', async () => {
    const gate = new WriteGate();
    const cache = open({ gate, slicer: new WriteSlicer({ minRows: 2, maxRows: 2 }) });
    const committed = () => (env.db.prepare('SELECT COUNT(*) AS n FROM response_cache').get() as { n: number }).n;
    gate.close();
    for (const key of ['a', 'b', 'c']) cache.set(key, entry(), 60_000);
    // Past the slicer's batch, and past the write delay: still waiting, and still served.
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(committed()).toBe(0);
    expect(cache.get('c')?.route).toBe('workhorse');
    gate.open();
    expect(committed()).toBe(3);
  });

  it('commits pending entries on close, so they survive a reopen', () => {
    const cache = open();
    cache.set('k', entry(), 60_000);
    cache.close();
    expect(open().get('k')?.costUsd).toBe(0.0021);
  });

  it('returns what was stored, with its route, scope, cost and age, and counts hits on the entry', () => {
    const cache = open();
    expect(cache.set('k', entry(), 60_000)).toBe(true);
    clock.advance(1500);
    const hit = cache.get('k');
    expect(hit).toMatchObject({ key: 'k', route: 'workhorse', scope: 'key:k1', costUsd: 0.0021, ageMs: 1500, hits: 1 });
    expect(hit?.response).toEqual(makeResponse());
    expect(cache.get('k')?.hits).toBe(2);
    expect(cache.get('other')).toBeUndefined();
  });

  it('expires entries after their TTL and removes them on read', () => {
    const removed: string[] = [];
    const cache = open({ onRemove: (keys) => removed.push(...keys) });
    cache.set('k', entry(), 60_000);
    clock.advance(59_999);
    expect(cache.get('k')).toBeDefined();
    clock.advance(1);
    expect(cache.get('k')).toBeUndefined();
    expect(removed).toEqual(['k']);
    expect(cache.bytes).toBe(0);
  });

  it('treats an entry older than maxAgeMs as a miss without deleting it', () => {
    const cache = open();
    cache.set('k', entry(), 600_000);
    clock.advance(30_000);
    expect(cache.get('k', { maxAgeMs: 10_000 })).toBeUndefined();
    expect(cache.get('k', { maxAgeMs: 30_000 })).toBeDefined();
    expect(cache.get('k')).toBeDefined();
  });

  it('sweeps expired entries in bulk', () => {
    const cache = open();
    for (let i = 0; i < 600; i++) cache.set(`short${i}`, entry(), 1000);
    cache.set('long', entry(), 60_000);
    clock.advance(1000);
    expect(cache.purgeExpired()).toBe(600);
    expect(cache.stats().entries).toBe(1);
  });

  it('replacing an entry resets it and keeps the byte total exact', () => {
    const cache = open();
    cache.set('k', entry({ response: makeResponse('short') }), 60_000);
    const small = cache.bytes;
    cache.set('k', entry({ response: makeResponse('a much longer answer than before') }), 60_000);
    expect(cache.bytes).toBe(small + 'a much longer answer than before'.length - 'short'.length);
    expect(chatOf(cache.get('k'))?.content).toEqual([{ type: 'text', text: 'a much longer answer than before' }]);
  });

  it('keeps the byte total exact when replacing a committed entry', () => {
    const cache = open();
    cache.set('k', entry({ response: makeResponse('short') }), 60_000);
    const small = cache.bytes;
    cache.writePending();
    cache.set('k', entry({ response: makeResponse('longer!') }), 60_000);
    expect(cache.bytes).toBe(small + 2);
    cache.close();
    expect(open().bytes).toBe(small + 2);
  });

  it('counts keys, scopes and routes in UTF-8 bytes', () => {
    const cache = open();
    cache.set('u', entry({ route: 'ruckfrage', scope: 'key:e' }), 60_000);
    const ascii = cache.bytes;
    cache.set('ü', entry({ route: 'rückfrage', scope: 'key:é' }), 60_000);
    expect(cache.bytes - ascii).toBe(ascii + 3);
  });

  it('evicts the least recently hit entries once the total passes maxBytes', () => {
    const probe = open();
    probe.set('probe', entry({ response: makeResponse('x'.repeat(1000)) }), 60_000);
    const size = probe.bytes;
    probe.purge();
    const removed: string[] = [];
    const cache = open({ maxBytes: size * 5, onRemove: (keys) => removed.push(...keys) });
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      cache.set(name, entry({ response: makeResponse('x'.repeat(1000)) }), 60_000);
      clock.advance(10);
    }
    cache.get('a'); // a is now the most recently used
    clock.advance(10);
    cache.set('f', entry({ response: makeResponse('x'.repeat(1000)) }), 60_000);
    // Over by one entry: evict down to 90% of maxBytes, i.e. the two least recently hit (b, c).
    expect(removed).toEqual(['b', 'c']);
    expect(cache.bytes).toBeLessThanOrEqual(size * 5 * 0.9);
    expect(['a', 'd', 'e', 'f'].every((name) => cache.get(name) !== undefined)).toBe(true);
  });

  it('evicts down to a smaller bound when resized', () => {
    const cache = open();
    for (let i = 0; i < 10; i++) {
      cache.set(`k${i}`, entry(), 60_000);
      clock.advance(1);
    }
    const each = cache.bytes / 10;
    cache.resize(each * 5);
    expect(cache.bytes).toBeLessThanOrEqual(each * 5 * 0.9);
    expect(cache.get('k9')).toBeDefined();
    expect(cache.get('k0')).toBeUndefined();
  });

  it('refuses an entry bigger than the whole cache, and a TTL of 0', () => {
    const cache = open({ maxBytes: 2000 });
    expect(cache.set('huge', entry({ response: makeResponse('x'.repeat(5000)) }), 60_000)).toBe(false);
    expect(cache.set('zero', entry(), 0)).toBe(false);
    expect(cache.bytes).toBe(0);
  });

  it('counts a vector stored beside an entry against maxBytes', () => {
    const cache = open();
    cache.set('a', entry(), 60_000);
    const plain = cache.bytes;
    cache.set('b', entry({ extraBytes: 768 * 4 }), 60_000);
    expect(cache.bytes).toBe(plain * 2 + 768 * 4);
  });

  it('reports hits, misses, hit rate, savings, entries and bytes per route and overall', () => {
    const cache = open();
    cache.set('a', entry({ route: 'workhorse', costUsd: 0.01 }), 60_000);
    cache.set('b', entry({ route: 'cheap', costUsd: 0.002 }), 60_000);
    cache.record('workhorse', 'hit', 0.01);
    cache.record('workhorse', 'hit', 0.01);
    cache.record('workhorse', 'hit', 0.01);
    cache.record('workhorse', 'miss');
    cache.record('cheap', 'miss');
    const stats = cache.stats();
    expect(stats.routes.workhorse).toEqual({ hits: 3, misses: 1, hitRate: 0.75, savedUsd: 0.03, entries: 1, bytes: expect.any(Number) });
    expect(stats.routes.cheap).toMatchObject({ hits: 0, misses: 1, hitRate: 0, savedUsd: 0, entries: 1 });
    expect(stats).toMatchObject({ hits: 3, misses: 2, hitRate: 0.6, savedUsd: 0.03, entries: 2, bytes: cache.bytes });
  });

  it('purges everything or one route, keeping the counters', () => {
    const cache = open();
    cache.set('a', entry({ route: 'workhorse' }), 60_000);
    cache.set('b', entry({ route: 'workhorse' }), 60_000);
    cache.set('c', entry({ route: 'cheap' }), 60_000);
    cache.record('workhorse', 'hit', 0.5);
    expect(cache.purge({ route: 'workhorse' })).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.stats().routes.workhorse).toMatchObject({ entries: 0, hits: 1, savedUsd: 0.5 });
    expect(cache.purge()).toBe(1);
    expect(cache.bytes).toBe(0);
    cache.resetStats('workhorse');
    expect(cache.stats().routes.workhorse).toBeUndefined();
  });

  it('keeps entries, the byte total and the counters across a restart', () => {
    const first = open();
    first.set('a', entry(), 60_000);
    first.record('workhorse', 'hit', 0.25);
    first.record('workhorse', 'miss');
    const bytes = first.bytes;
    first.close();
    env.db.close();
    const second = open({}, env.reopen());
    expect(second.bytes).toBe(bytes);
    expect(second.get('a')?.response).toEqual(makeResponse());
    expect(second.stats()).toMatchObject({ hits: 1, misses: 1, savedUsd: 0.25, entries: 1 });
  });

  describe('rows by id', () => {
    const rowsOf = (key: string): { id: number; response: string }[] =>
      env.db.prepare('SELECT id, response FROM response_cache WHERE key = ? ORDER BY id').all(key) as { id: number; response: string }[];

    it('gives every key a row of its own, appended in the order the keys were stored', () => {
      const cache = open();
      const keys = Array.from({ length: 300 }, (_, i) => `k${i}`);
      for (const key of keys) cache.set(key, entry({ response: makeResponse(`answer ${key}`) }), 60_000);
      cache.writePending();
      const ids = keys.map((key) => rowsOf(key).map((row) => row.id));
      expect(ids.every((list) => list.length === 1)).toBe(true);
      const flat = ids.flat();
      expect(flat).toEqual([...flat].sort((a, b) => a - b));
      expect(new Set(flat).size).toBe(keys.length);
      const reopened = open();
      expect(keys.every((key) => text(reopened.get(key)) === `answer ${key}`)).toBe(true);
    });

    it('replaces a committed entry in its own row', () => {
      const cache = open();
      cache.set('k', entry({ response: makeResponse('old') }), 60_000);
      cache.writePending();
      const [before] = rowsOf('k');
      cache.set('k', entry({ response: makeResponse('new') }), 60_000);
      cache.writePending();
      expect(rowsOf('k')).toEqual([{ id: before?.id, response: JSON.stringify(makeResponse('new')) }]);
    });

    it('reads a row deleted behind its back (another process) as a miss, and stores the key again later', () => {
      const cache = open();
      cache.set('k', entry({ response: makeResponse('old') }), 60_000);
      cache.writePending();
      env.db.prepare('DELETE FROM response_cache WHERE key = ?').run('k');
      expect(cache.get('k')).toBeUndefined();
      cache.set('k', entry({ response: makeResponse('new') }), 60_000);
      cache.writePending();
      expect(rowsOf('k')).toHaveLength(1);
      expect(text(cache.get('k'))).toBe('new');
      expect(text(open().get('k'))).toBe('new');
    });

    it('never serves, replaces or deletes another key\'s row that took over an entry\'s id', () => {
      const cache = open();
      cache.set('k', entry({ response: makeResponse('mine') }), 60_000);
      cache.writePending();
      const [mine] = rowsOf('k');
      // Another process deletes the row and stores another key, which SQLite gives the same id.
      env.db.prepare('DELETE FROM response_cache WHERE key = ?').run('k');
      env.db
        .prepare(`INSERT INTO response_cache (id, key, route, scope, response, bytes, cost_usd, created_at, expires_at, last_hit_at) VALUES (?, 'theirs', 'workhorse', 'key:k1', ?, 0, 0, ?, ?, 0)`)
        .run(mine?.id, JSON.stringify(makeResponse('theirs')), clock.now(), clock.now() + 60_000);
      expect(cache.get('k')).toBeUndefined();
      expect(cache.delete('k')).toBe(false);
      cache.set('k', entry({ response: makeResponse('mine again') }), 60_000);
      cache.writePending();
      expect(rowsOf('theirs')).toEqual([{ id: mine?.id, response: JSON.stringify(makeResponse('theirs')) }]);
      expect(text(cache.get('k'))).toBe('mine again');
    });

    it('keeps serving a key when a second row of it (another process stored it too) expires', () => {
      const removed: string[] = [];
      const cache = open({ onRemove: (keys) => removed.push(...keys) });
      cache.set('k', entry({ response: makeResponse('mine') }), 60_000);
      cache.writePending();
      env.db
        .prepare(`INSERT INTO response_cache (key, route, scope, response, bytes, cost_usd, created_at, expires_at, last_hit_at) VALUES ('k', 'workhorse', 'key:k1', '{}', 0, 0, ?, ?, 0)`)
        .run(clock.now(), clock.now() + 1000);
      clock.advance(1000);
      expect(cache.purgeExpired()).toBe(1);
      expect(removed).toEqual([]);
      expect(text(cache.get('k'))).toBe('mine');
    });

    it('keeps the newest answer of a key two processes each stored, once reopened', () => {
      const app = open();
      const server = open({}, env.reopen());
      app.set('k', entry({ response: makeResponse('app, first') }), 60_000);
      app.writePending();
      clock.advance(1000);
      // The server opened before the app's row existed, so it adds a second row of its own.
      server.set('k', entry({ response: makeResponse('server') }), 60_000);
      server.writePending();
      clock.advance(1000);
      // The app refreshes its (lower-id) row: now the newest answer.
      app.set('k', entry({ response: makeResponse('app, refreshed') }), 60_000);
      app.writePending();
      expect(rowsOf('k')).toHaveLength(2);
      // Until it reopens, each process serves its own row.
      expect(text(server.get('k'))).toBe('server');
      expect(text(open({}, env.reopen()).get('k'))).toBe('app, refreshed');
      expect(rowsOf('k')).toHaveLength(1);
    });

    it('counts what another process sharing the file stored when purging one route', () => {
      const app = open();
      const server = open({}, env.reopen());
      for (const name of ['a', 'b', 'c']) app.set(name, entry({ route: 'x' }), 60_000);
      app.writePending();
      const each = app.bytes / 3;
      for (const name of ['d', 'e']) server.set(name, entry({ route: 'y' }), 60_000);
      server.writePending();
      expect(app.purge({ route: 'x' })).toBe(3);
      expect(app.bytes).toBe(each * 2);
    });

    it('does not evict its own entries for bytes another process already deleted', () => {
      const probe = open();
      probe.set('new0', entry(), 60_000);
      const each = probe.bytes;
      probe.purge();
      const app = open({ maxBytes: each * 25 });
      for (let i = 0; i < 20; i++) app.set(`old${i}`, entry(), 60_000);
      app.writePending();
      // The server purges everything; the app's running total still counts 20 entries.
      open({}, env.reopen()).purge();
      for (let i = 0; i < 10; i++) {
        clock.advance(1);
        app.set(`new${i}`, entry(), 60_000);
      }
      expect(Array.from({ length: 10 }, (_, i) => app.get(`new${i}`) !== undefined)).toEqual(Array(10).fill(true));
      expect(app.bytes).toBe(each * 10);
    });

    it('learns no id from a batch that fails: its new keys stay unknown, and storing them again works', () => {
      let fail = true;
      // Fails the batch at its very end, after its entries were inserted.
      const dependents = {
        waiting: () => false,
        write: () => {
          if (fail) throw new Error('disk full');
        },
        settle: () => undefined,
      };
      const cache = open({ dependents });
      cache.set('fresh', entry({ response: makeResponse('first try') }), 60_000);
      expect(() => cache.writePending()).toThrow(/disk full/);
      fail = false;
      expect(rowsOf('fresh')).toEqual([]);
      expect(cache.has('fresh')).toBe(false);
      expect(cache.get('fresh')).toBeUndefined();
      cache.set('fresh', entry({ response: makeResponse('second try') }), 60_000);
      cache.writePending();
      expect(rowsOf('fresh')).toHaveLength(1);
      expect(text(cache.get('fresh'))).toBe('second try');
    });
  });

  it('writes counters back on its timer', async () => {
    const cache = open({ flushIntervalMs: 5, now: Date.now });
    cache.record('workhorse', 'miss');
    await new Promise((resolve) => setTimeout(resolve, 40));
    const row = env.db.prepare('SELECT misses FROM response_cache_stats WHERE route = ?').get('workhorse') as { misses: number } | undefined;
    expect(row?.misses).toBe(1);
  });
});

describe('ResponseCache hot entries (repeat hits served from memory)', () => {

  it('keeps counting hits right across batch commits', () => {
    const cache = open();
    cache.set('k', entry(), 60_000);
    expect(cache.get('k')?.hits).toBe(1);
    cache.writePending();
    expect(cache.get('k')?.hits).toBe(2);
    expect(cache.get('k')?.hits).toBe(3);
    cache.writePending();
    expect(cache.get('k')?.hits).toBe(4);
    cache.writePending();
    expect((env.db.prepare('SELECT hits FROM response_cache WHERE key = ?').get('k') as { hits: number }).hits).toBe(4);
  });

  it('serves the new answer once an entry is replaced, and nothing once it is deleted, purged or expired', () => {
    const cache = open();
    cache.set('k', entry({ response: makeResponse('first answer') }), 60_000);
    cache.writePending();
    expect(text(cache.get('k'))).toBe('first answer');
    cache.set('k', entry({ response: makeResponse('second answer') }), 60_000);
    expect(text(cache.get('k'))).toBe('second answer');
    cache.writePending();
    expect(text(cache.get('k'))).toBe('second answer');

    expect(cache.delete('k')).toBe(true);
    expect(cache.get('k')).toBeUndefined();

    cache.set('p', entry(), 60_000);
    expect(cache.get('p')).toBeDefined();
    cache.purge();
    expect(cache.get('p')).toBeUndefined();

    cache.set('e', entry(), 1000);
    expect(cache.get('e')).toBeDefined();
    clock.advance(1001);
    expect(cache.get('e')).toBeUndefined();
  });

  it('forgets a batch that fails to commit, so memory serves only what disk has', () => {
    const cache = open();
    cache.set('replaced', entry({ response: makeResponse('old answer') }), 60_000);
    cache.writePending();
    const committed = cache.bytes;
    cache.set('replaced', entry({ response: makeResponse('new answer') }), 60_000);
    cache.set('fresh', entry({ response: makeResponse('fresh answer') }), 60_000);
    // Hits bring both pending entries into the hot tier.
    expect(text(cache.get('replaced'))).toBe('new answer');
    expect(text(cache.get('fresh'))).toBe('fresh answer');

    env.db.pragma('query_only = ON');
    expect(() => cache.writePending()).toThrow(/readonly/);
    env.db.pragma('query_only = OFF');

    expect(text(cache.get('replaced'))).toBe('old answer');
    expect(cache.get('fresh')).toBeUndefined();
    expect(cache.has('fresh')).toBe(false);
    expect(cache.bytes).toBe(committed);
    cache.close();
    expect(open().bytes).toBe(committed);
  });

  it('hands every hit the same frozen answer, so no caller can change what the next one gets', () => {
    const cache = open();
    cache.set('k', entry(), 60_000);
    const first = cache.get('k')?.response;
    expect(cache.get('k')?.response).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen((first as ChatResponse | undefined)?.content[0])).toBe(true);
    expect(() => {
      (first as { model: string }).model = 'changed';
    }).toThrow(TypeError);
  });
});

describe('ResponseCache entries kept as their provider wrote them', () => {
  const native = { text: '{"answer":"Refunds within 30 days, as the provider put it."}', format: 'test-format' };
  const readNative = (format: string, body: string) => (format === 'test-format' ? makeResponse((JSON.parse(body) as { answer: string }).answer) : undefined);

  it('keeps the provider text and its format in the row, and reads it back with readNative, before and after the commit', () => {
    const cache = open({ readNative });
    cache.set('k', entry({ native }), 60_000);
    expect(text(cache.get('k'))).toBe('Refunds within 30 days, as the provider put it.');
    cache.writePending();
    expect(env.db.prepare('SELECT response, format FROM response_cache WHERE key = ?').get('k')).toEqual({ response: native.text, format: 'test-format' });
    // A fresh process has nothing hot: the row itself is read back.
    caches.splice(0).forEach((c) => c.close());
    expect(text(open({ readNative }).get('k'))).toBe('Refunds within 30 days, as the provider put it.');
  });

  it('counts the provider text against maxBytes, not the canonical answer it stands for', () => {
    const cache = open({ readNative });
    cache.set('k', entry({ native }), 60_000);
    cache.writePending();
    const { bytes } = env.db.prepare('SELECT bytes FROM response_cache WHERE key = ?').get('k') as { bytes: number };
    expect(bytes).toBe(Buffer.byteLength(native.text) + 'k'.length + 'key:k1'.length + 'workhorse'.length + 200);
  });

  it('reads an entry whose format it cannot read as a miss, and keeps serving canonical rows', () => {
    const cache = open({ readNative });
    cache.set('gone', entry({ native: { ...native, format: 'a-format-since-removed' } }), 60_000);
    cache.set('canonical', entry(), 60_000);
    cache.writePending();
    caches.splice(0).forEach((c) => c.close());
    const reopened = open({ readNative });
    expect(reopened.get('gone')).toBeUndefined();
    expect(text(reopened.get('canonical'))).toBe('Refunds within 30 days.');
    // Without a reader, a provider's text is never taken for a canonical answer.
    expect(open().get('gone')).toBeUndefined();
  });

  it('replaces a provider-text entry with a canonical one (a streamed answer to the same ask) and back', () => {
    const cache = open({ readNative });
    cache.set('k', entry({ native }), 60_000);
    cache.writePending();
    cache.set('k', entry({ response: makeResponse('Streamed, then collected.') }), 60_000);
    cache.writePending();
    expect(env.db.prepare('SELECT format FROM response_cache WHERE key = ?').get('k')).toEqual({ format: null });
    expect(text(cache.get('k'))).toBe('Streamed, then collected.');
    cache.set('k', entry({ native }), 60_000);
    cache.writePending();
    expect(text(cache.get('k'))).toBe('Refunds within 30 days, as the provider put it.');
  });
});

describe('ResponseCache entries kept as text (embedding lists)', () => {
  const answer = { format: 'openai-embeddings', text: '{"object":"list","data":[{"index":0,"embedding":[0.5]}]}' };

  it('keeps the text as it is, and hands it back as it is, before and after the commit, with no reader', () => {
    const cache = open();
    cache.set('k', entry({ response: answer }), 60_000);
    expect(cache.get('k')?.response).toEqual(answer);
    cache.writePending();
    expect(env.db.prepare('SELECT response, format FROM response_cache WHERE key = ?').get('k')).toEqual({ response: answer.text, format: 'text:openai-embeddings' });
    caches.splice(0).forEach((c) => c.close());
    expect(open().get('k')?.response).toEqual(answer);
  });

  it('is never read by a reader of provider answers, whatever its format is called', () => {
    const cache = open({ readNative: () => makeResponse('not this') });
    cache.set('k', entry({ response: { format: 'openai-chat', text: '{}' } }), 60_000);
    cache.writePending();
    caches.splice(0).forEach((c) => c.close());
    expect(open({ readNative: () => makeResponse('not this') }).get('k')?.response).toEqual({ format: 'openai-chat', text: '{}' });
  });
});
