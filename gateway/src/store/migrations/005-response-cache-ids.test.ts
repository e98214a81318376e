import { describe, expect, it } from 'vitest';
import { CacheService, type CachePlan, type PlanInput } from '../../cache/cache-service';
import { makeRequest, makeResponse } from '../../cache/cache.fixture';
import { openDatabase, schemaVersion } from '../database';
import { migrations } from './index';
import { migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-005-');

const ask = (text: string): PlanInput => ({
  request: makeRequest({ messages: [{ role: 'user', content: [{ type: 'text', text }] }] }),
  shape: 'openai',
  raw: {},
  headers: {},
  route: 'workhorse',
  routeCache: { scope: 'key', semantic: true },
  semanticConfig: { embeddingRoute: 'embed', threshold: 0.9 },
  identity: { keyId: 'k1' },
});

type Planned = Extract<CachePlan, { enabled: true }>;

/** Plans without a database of its own: `plan` reads nothing from SQLite. */
function planOf(text: string): Planned & { semantic: NonNullable<Planned['semantic']> } {
  const db = openDatabase(':memory:');
  try {
    const plan = new CacheService(db, { maxBytes: 1 << 20, flushIntervalMs: 0 }).plan(ask(text));
    if (!plan.enabled || !plan.semantic) throw new Error('expected a semantic cache plan');
    return { ...plan, semantic: plan.semantic };
  } finally {
    db.close();
  }
}

const question = "What's our refund policy?";
const embed = async (): Promise<number[]> => [1, 0, 0];
const blob = (vector: number[]): Buffer => Buffer.from(new Float32Array(vector).buffer);

/**
 * A file as version 4 left it: two entries on random slots (the later-written one holding the
 * question's answer and its vector), a vector under a slot whose entry has another key (which
 * 004 never matched), and counters.
 */
function versionFourFile(): void {
  const plan = planOf(question);
  const db = open(migrations.slice(0, 4));
  const entry = db.prepare(
    `INSERT INTO response_cache (slot, key, route, scope, response, bytes, cost_usd, created_at, expires_at, last_hit_at, hits) VALUES (?, ?, 'workhorse', ?, ?, 300, 0.01, ?, ?, ?, 2)`,
  );
  const vector = db.prepare(`INSERT INTO response_cache_vectors (slot, key, scope, route, guard, dims, vector) VALUES (?, ?, ?, 'workhorse', ?, 3, ?)`);
  const now = Date.now();
  entry.run(9_000_000_000, 'b'.repeat(64), plan.scope, JSON.stringify(makeResponse('another answer')), now, now + 3_600_000, now);
  entry.run(42, plan.key, plan.scope, JSON.stringify(makeResponse('Refunds within 30 days.')), now, now + 3_600_000, now);
  vector.run(42, plan.key, plan.scope, plan.semantic.guard, blob([1, 0, 0]));
  vector.run(9_000_000_000, 'c'.repeat(64), plan.scope, plan.semantic.guard, blob([0, 1, 0]));
  db.prepare(`INSERT INTO response_cache_stats (route, hits, misses, saved_usd) VALUES ('workhorse', 3, 4, 0.5)`).run();
  db.close();
}

describe('migration 005: response cache rows by id', () => {
  it('carries entries over in their order, with their vectors and the counters', () => {
    versionFourFile();
    const db = open();
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare('SELECT id, key, hits FROM response_cache ORDER BY id').all()).toEqual([
      { id: 1, key: 'b'.repeat(64), hits: 2 },
      { id: 2, key: planOf(question).key, hits: 2 },
    ]);
    expect(db.prepare('SELECT entry, key FROM response_cache_vectors').all()).toEqual([{ entry: 2, key: planOf(question).key }]);
    const cache = new CacheService(db, { maxBytes: 1 << 20, flushIntervalMs: 0 });
    expect(cache.stats()).toMatchObject({ hits: 3, misses: 4, savedUsd: 0.5, entries: 2, bytes: 600 });
    cache.close();
  });

  it('serves the carried-over entry, exactly and by its vector, and drops it with its vector', async () => {
    versionFourFile();
    const db = open();
    const cache = new CacheService(db, { maxBytes: 1 << 20, flushIntervalMs: 0 });
    const exact = await cache.lookup(planOf(question), embed);
    expect(exact).toMatchObject({ status: 'hit', via: 'exact', response: makeResponse('Refunds within 30 days.') });
    const paraphrase = await cache.lookup(planOf('What is your refund policy?'), embed);
    expect(paraphrase).toMatchObject({ status: 'hit', via: 'semantic', key: planOf(question).key });
    expect(cache.exact.delete(planOf(question).key)).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM response_cache_vectors').get()).toEqual({ n: 0 });
    cache.close();
  });

  it('appends new entries after the carried-over ones', async () => {
    versionFourFile();
    const db = open();
    const cache = new CacheService(db, { maxBytes: 1 << 20, flushIntervalMs: 0 });
    const plan = planOf('How long does shipping take?');
    const miss = await cache.lookup(plan, async () => [0, 0, 1]);
    expect(miss.status).toBe('miss');
    expect(cache.store(plan, makeResponse('Two days.'), { costUsd: 0.01, vector: miss.status === 'miss' ? miss.vector : undefined })).toBe(true);
    cache.exact.writePending();
    expect(db.prepare('SELECT id FROM response_cache WHERE key = ?').pluck().get(plan.key)).toBe(3);
    expect(db.prepare('SELECT entry FROM response_cache_vectors ORDER BY entry').pluck().all()).toEqual([2, 3]);
    cache.close();
  });
});
