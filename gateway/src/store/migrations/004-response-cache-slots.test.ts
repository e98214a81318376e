import { describe, expect, it } from 'vitest';
import { CacheService } from '../../cache/cache-service';
import { makeRequest, makeResponse } from '../../cache/cache.fixture';
import { schemaVersion } from '../database';
import { migrations } from './index';
import { migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-004-');

/** A file as version 3 left it: one cached answer with its vector, and counters. */
function versionThreeFile(): void {
  const db = open(migrations.slice(0, 3));
  db.prepare(
    `INSERT INTO response_cache (key, route, scope, response, bytes, cost_usd, created_at, expires_at, last_hit_at) VALUES ('${'a'.repeat(64)}', 'workhorse', 'key:k1', '{}', 300, 0.01, 0, ?, 0)`,
  ).run(Date.now() + 3_600_000);
  db.prepare(`INSERT INTO response_cache_vectors (key, scope, route, guard, dims, vector) VALUES ('${'a'.repeat(64)}', 'key:k1', 'workhorse', 'g', 1, x'0000803f')`).run();
  db.prepare(`INSERT INTO response_cache_stats (route, hits, misses, saved_usd) VALUES ('workhorse', 3, 4, 0.5)`).run();
  db.close();
}

describe('migration 004: response cache by key slot', () => {
  it('starts the cache empty but keeps the hit/miss counters', () => {
    versionThreeFile();
    // Opened with every migration since, as a real upgrade runs them, so the cache can open it.
    const db = open();
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare('SELECT COUNT(*) AS n FROM response_cache').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM response_cache_vectors').get()).toEqual({ n: 0 });
    const cache = new CacheService(db, { maxBytes: 1 << 20, flushIntervalMs: 0 });
    expect(cache.stats()).toMatchObject({ hits: 3, misses: 4, savedUsd: 0.5, entries: 0, bytes: 0 });
    cache.close();
  });

  it('leaves a cache that stores, serves and drops entries with their vectors', async () => {
    versionThreeFile();
    const db = open();
    const cache = new CacheService(db, { maxBytes: 1 << 20, flushIntervalMs: 0 });
    const plan = cache.plan({
      request: makeRequest(),
      shape: 'openai',
      raw: {},
      headers: {},
      route: 'workhorse',
      routeCache: { scope: 'key', semantic: true },
      semanticConfig: { embeddingRoute: 'embed', threshold: 0.9 },
      identity: { keyId: 'k1' },
    });
    const embed = async (): Promise<number[]> => [1, 0, 0];
    const miss = await cache.lookup(plan, embed);
    expect(miss.status).toBe('miss');
    expect(cache.store(plan, makeResponse(), { costUsd: 0.01, vector: miss.status === 'miss' ? miss.vector : undefined })).toBe(true);
    expect(await cache.lookup(plan, embed)).toMatchObject({ status: 'hit', via: 'exact' });
    // The vector is written in its entry's batch, which commits after a short delay.
    cache.exact.writePending();
    expect(db.prepare('SELECT COUNT(*) AS n FROM response_cache_vectors').get()).toEqual({ n: 1 });
    expect(cache.purge()).toBe(1);
    expect(db.prepare('SELECT COUNT(*) AS n FROM response_cache_vectors').get()).toEqual({ n: 0 });
    cache.close();
  });
});
