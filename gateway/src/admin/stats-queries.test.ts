import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import type { SqliteDatabase } from '../store/database';
import { makeLogRecord } from '../store/log-record.fixture';
import { SqliteLogStore } from '../store/sqlite-log-store';
import { cacheCountsByRoute, overallPercentiles, providerLoad, spendByApp, spendByMetadata, spendByMetadataField, timeseries } from './stats-queries';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('stats over the request log', () => {
  let db: SqliteDatabase;
  let logs: SqliteLogStore;
  beforeEach(() => {
    db = openDatabase(':memory:');
    logs = new SqliteLogStore(db);
  });
  afterEach(async () => {
    await logs.close();
    db.close();
  });

  async function seed(): Promise<void> {
    // Minute 0: latencies 1..100 ms (openai), one 500 error. Minute 2: one cache hit and one miss (anthropic).
    for (let i = 1; i <= 100; i++) logs.append(makeLogRecord({ ts: T0 + i * 100, latencyMs: i, costUsd: 0.01 }));
    logs.append(
      makeLogRecord({
        ts: T0 + 30_000,
        status: 500,
        latencyMs: 9999,
        costUsd: 0,
        errorCode: 'upstream',
        attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 500, latencyMs: 9999, outcome: 'failed' }],
      }),
    );
    // A cache hit calls no provider: no attempts.
    logs.append(makeLogRecord({ ts: T0 + 2 * MIN + 5, provider: null, route: 'claude', latencyMs: 3, cache: 'hit', savedUsd: 0.02, costUsd: 0, attempts: [] }));
    // Anthropic failed first; OpenAI served.
    logs.append(
      makeLogRecord({
        ts: T0 + 2 * MIN + 6,
        provider: 'anthropic',
        route: 'claude',
        latencyMs: 800,
        cache: 'miss',
        costUsd: 0.02,
        attempts: [
          { provider: 'openai', model: 'gpt-4o-mini', status: 503, latencyMs: 10, outcome: 'fallback' },
          { provider: 'anthropic', model: 'claude-haiku-4-5', status: 200, latencyMs: 790, outcome: 'ok' },
        ],
      }),
    );
    await logs.flush();
  }

  it('buckets requests by minute with every empty bucket present and nearest-rank percentiles of successes', async () => {
    await seed();
    const points = timeseries(db, { since: T0, until: T0 + 3 * MIN }, 'minute');
    expect(points.map((p) => p.t)).toEqual([T0, T0 + MIN, T0 + 2 * MIN]);
    expect(points[0]).toMatchObject({ requests: 101, errors: 1, p50Ms: 50, p95Ms: 95, p99Ms: 99, cacheHits: 0, cacheMisses: 0 });
    expect(points[0]?.costUsd).toBeCloseTo(1, 10);
    expect(points[1]).toEqual({ t: T0 + MIN, requests: 0, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null, costUsd: 0, cacheHits: 0, cacheMisses: 0, savedUsd: 0 });
    expect(points[2]).toMatchObject({ requests: 2, p50Ms: 3, p99Ms: 800, cacheHits: 1, cacheMisses: 1, savedUsd: 0.02 });
  });

  it('filters by provider and aligns hour buckets to UTC', async () => {
    await seed();
    const points = timeseries(db, { since: T0 + 90 * MIN, until: T0 + 91 * MIN }, 'hour');
    expect(points.map((p) => p.t)).toEqual([T0 + HOUR]);
    const anthropic = timeseries(db, { since: T0, until: T0 + HOUR }, 'hour', { provider: 'anthropic' });
    expect(anthropic).toHaveLength(1);
    expect(anthropic[0]).toMatchObject({ t: T0, requests: 1, cacheMisses: 1 });
  });

  it('gives overall percentiles, per-provider load and cache counts for a range', async () => {
    await seed();
    const range = { since: T0, until: T0 + 3 * MIN };
    expect(overallPercentiles(db, range)).toEqual({ p50Ms: 50, p95Ms: 96, p99Ms: 100 });
    expect(providerLoad(db, range)).toEqual(
      expect.arrayContaining([
        { name: 'openai', requests: 102, errors: 2, p50Ms: 50 },
        { name: 'anthropic', requests: 1, errors: 0, p50Ms: 800 },
      ]),
    );
    expect(cacheCountsByRoute(db, range)).toEqual([{ route: 'claude', hits: 1, misses: 1, savedUsd: 0.02 }]);
    expect(overallPercentiles(db, { since: T0 + HOUR, until: T0 + 2 * HOUR })).toEqual({ p50Ms: null, p95Ms: null, p99Ms: null });
  });

  it('sums spend per UTC day and app, folding versions of a tool into one app and calls without a User-Agent into Unknown', async () => {
    const DAY = 24 * HOUR;
    const midnight = Date.UTC(2026, 0, 6);
    logs.append(makeLogRecord({ ts: midnight - 1, client: 'claude-cli/2.0.14 (external, cli)', costUsd: 0.5 }));
    logs.append(makeLogRecord({ ts: midnight + 1, client: 'claude-cli/2.0.15 (external, cli)', costUsd: 0.25 }));
    logs.append(makeLogRecord({ ts: midnight + 2, client: 'claude-cli/2.0.15 (external, cli)', costUsd: 0.25 }));
    logs.append(makeLogRecord({ ts: midnight + 3, client: 'OpenAI/Python 1.109.1', costUsd: 0.1 }));
    logs.append(makeLogRecord({ ts: midnight + 4, client: 'AsyncOpenAI/Python 1.109.1', costUsd: 0.1 }));
    // A row from before migration 010 has no client at all; a caller may send an empty one.
    logs.append(makeLogRecord({ ts: midnight + 5, client: null, costUsd: 0.03 }));
    logs.append(makeLogRecord({ ts: midnight + 6, client: '', costUsd: 0.04 }));
    // Cache hits and failures cost nothing, so they are nobody's spend.
    logs.append(makeLogRecord({ ts: midnight + 7, client: 'curl/8.5.0', costUsd: 0, cache: 'hit' }));
    // Outside the range.
    logs.append(makeLogRecord({ ts: midnight + DAY, client: 'curl/8.5.0', costUsd: 9 }));
    await logs.flush();

    const rows = spendByApp(db, { since: midnight - DAY, until: midnight + DAY });
    expect(rows.map((r) => ({ ...r, costUsd: Math.round(r.costUsd * 1e6) / 1e6 }))).toEqual([
      { day: '2026-01-05', group: 'Claude Code', costUsd: 0.5, paid: 1 },
      { day: '2026-01-06', group: 'Claude Code', costUsd: 0.5, paid: 2 },
      { day: '2026-01-06', group: 'OpenAI SDK (Python)', costUsd: 0.2, paid: 2 },
      { day: '2026-01-06', group: 'Unknown', costUsd: 0.07, paid: 2 },
    ]);
  });

  it('sums spend per UTC day and value of one metadata field (calls without it under the empty group), and per field carried', async () => {
    const midnight = Date.UTC(2026, 0, 6);
    logs.append(makeLogRecord({ ts: midnight + 1, metadata: { project: 'search', env: 'prod' }, costUsd: 0.5 }));
    logs.append(makeLogRecord({ ts: midnight + 2, metadata: { project: 'search' }, costUsd: 0.25 }));
    logs.append(makeLogRecord({ ts: midnight + 3, metadata: { project: 'chat-bot', 'odd "key"': 'x' }, costUsd: 0.125 }));
    logs.append(makeLogRecord({ ts: midnight + 4, metadata: null, costUsd: 0.0625 }));
    // Nobody's spend: cost nothing.
    logs.append(makeLogRecord({ ts: midnight + 5, metadata: { project: 'free' }, costUsd: 0 }));
    await logs.flush();
    const range = { since: midnight, until: midnight + 24 * HOUR };
    expect(spendByMetadata(db, range, 'project')).toEqual([
      { day: '2026-01-06', group: '', costUsd: 0.0625, paid: 1 },
      { day: '2026-01-06', group: 'chat-bot', costUsd: 0.125, paid: 1 },
      { day: '2026-01-06', group: 'search', costUsd: 0.75, paid: 2 },
    ]);
    expect(spendByMetadata(db, range, 'odd "key"').find((d) => d.group === 'x')?.costUsd).toBe(0.125);
    expect(spendByMetadataField(db, range)).toEqual([
      { day: '2026-01-06', group: 'env', costUsd: 0.5, paid: 1 },
      { day: '2026-01-06', group: 'odd "key"', costUsd: 0.125, paid: 1 },
      { day: '2026-01-06', group: 'project', costUsd: 0.875, paid: 3 },
    ]);
    expect(spendByMetadataField(db, { since: midnight + 24 * HOUR, until: midnight + 48 * HOUR })).toEqual([]);
  });
});
