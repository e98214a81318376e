/**
 * Aggregates over `request_log` in plain SQL, always bounded by a time range (the `ts` index).
 * Latency percentiles are nearest-rank, computed in SQLite with window functions, so only one
 * row per bucket crosses into JS however many requests the range holds.
 */
import type { SqliteDatabase } from '../store/database';
import { utcDay } from '../store/spend-rollup';
import type { TimeseriesPointDto } from './api-types';
import { clientApp, UNKNOWN_APP } from './client-app';

export const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type Bucket = keyof typeof BUCKET_MS;

export interface StatsFilter {
  route?: string;
  provider?: string;
  model?: string;
  keyId?: string;
}

export interface Range {
  /** Unix ms, inclusive. */
  since: number;
  /** Unix ms, exclusive. */
  until: number;
}

type Params = Record<string, string | number>;

const filterColumns = { route: 'route', provider: 'provider', model: 'model', keyId: 'key_id' } as const;

function where(range: Range, filter: StatsFilter = {}, extra: string[] = []): { sql: string; params: Params } {
  const clauses = ['ts >= @since', 'ts < @until', ...extra];
  const params: Params = { since: range.since, until: range.until };
  for (const [field, column] of Object.entries(filterColumns)) {
    const value = filter[field as keyof StatsFilter];
    if (value === undefined || value === '') continue;
    clauses.push(`${column} = @${field}`);
    params[field] = value;
  }
  return { sql: `WHERE ${clauses.join(' AND ')}`, params };
}

export interface Percentiles {
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/**
 * p50/p95/p99 latency of successful requests per group. `group` is trusted SQL (a column or a
 * bucket expression chosen from constants here), never user input.
 */
function percentilesBy(db: SqliteDatabase, group: string, range: Range, filter?: StatsFilter): Map<string | number, Percentiles> {
  const w = where(range, filter, ['status < 400']);
  const rows = db
    .prepare(
      `WITH ranked AS (
         SELECT ${group} AS g, latency_ms,
           ROW_NUMBER() OVER (PARTITION BY ${group} ORDER BY latency_ms) AS rn,
           COUNT(*) OVER (PARTITION BY ${group}) AS n
         FROM request_log ${w.sql}
       )
       SELECT g,
         MIN(CASE WHEN rn >= 0.50 * n THEN latency_ms END) AS p50,
         MIN(CASE WHEN rn >= 0.95 * n THEN latency_ms END) AS p95,
         MIN(CASE WHEN rn >= 0.99 * n THEN latency_ms END) AS p99
       FROM ranked GROUP BY g`,
    )
    .all(w.params) as Array<{ g: string | number; p50: number | null; p95: number | null; p99: number | null }>;
  return new Map(rows.map((row) => [row.g, { p50Ms: round(row.p50), p95Ms: round(row.p95), p99Ms: round(row.p99) }]));
}

const round = (ms: number | null): number | null => (ms === null ? null : Math.round(ms * 10) / 10);

/** Every bucket from `since` to `until` (UTC-aligned), idle ones as zeros. */
export function timeseries(db: SqliteDatabase, range: Range, bucket: Bucket, filter?: StatsFilter): TimeseriesPointDto[] {
  const size = BUCKET_MS[bucket];
  // The size is inlined: bound numbers are REAL in SQLite, which would turn `ts / size` into a fraction.
  const expr = `(ts / ${size})`;
  const w = where(range, filter);
  const counts = db
    .prepare(
      `SELECT ${expr} AS b, COUNT(*) AS requests,
         SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors,
         TOTAL(cost_usd) AS cost,
         SUM(CASE WHEN cache = 'hit' THEN 1 ELSE 0 END) AS hits,
         SUM(CASE WHEN cache = 'miss' THEN 1 ELSE 0 END) AS misses,
         TOTAL(saved_usd) AS saved
       FROM request_log ${w.sql} GROUP BY b`,
    )
    .all(w.params) as Array<{ b: number; requests: number; errors: number; cost: number; hits: number; misses: number; saved: number }>;
  const byBucket = new Map(counts.map((row) => [row.b, row]));
  const latency = percentilesBy(db, expr, range, filter);
  const points: TimeseriesPointDto[] = [];
  for (let b = Math.floor(range.since / size); b * size < range.until; b++) {
    const row = byBucket.get(b);
    const p = latency.get(b);
    points.push({
      t: b * size,
      requests: row?.requests ?? 0,
      errors: row?.errors ?? 0,
      p50Ms: p?.p50Ms ?? null,
      p95Ms: p?.p95Ms ?? null,
      p99Ms: p?.p99Ms ?? null,
      costUsd: usd(row?.cost ?? 0),
      cacheHits: row?.hits ?? 0,
      cacheMisses: row?.misses ?? 0,
      savedUsd: usd(row?.saved ?? 0),
    });
  }
  return points;
}

/** Latency percentiles over the whole range. */
export function overallPercentiles(db: SqliteDatabase, range: Range, filter?: StatsFilter): Percentiles {
  return percentilesBy(db, "'all'", range, filter).get('all') ?? { p50Ms: null, p95Ms: null, p99Ms: null };
}

export interface ProviderLoad {
  name: string;
  requests: number;
  errors: number;
  p50Ms: number | null;
}

/**
 * Calls and failed calls per provider in the range, counted over attempts — a provider that
 * answered 503 before another served the request is not healthy — with the median latency of
 * the requests it served.
 */
export function providerLoad(db: SqliteDatabase, range: Range): ProviderLoad[] {
  const w = where(range, {}, ["json_extract(attempt.value, '$.outcome') != 'skipped'"]);
  const rows = db
    .prepare(
      `SELECT json_extract(attempt.value, '$.provider') AS provider, COUNT(*) AS requests,
              SUM(CASE WHEN json_extract(attempt.value, '$.outcome') = 'ok' THEN 0 ELSE 1 END) AS errors
       FROM request_log, json_each(request_log.attempts) AS attempt ${w.sql} GROUP BY 1`,
    )
    .all(w.params) as Array<{ provider: string; requests: number; errors: number }>;
  const latency = percentilesBy(db, 'provider', range);
  return rows.map((row) => ({ name: row.provider, requests: row.requests, errors: row.errors, p50Ms: latency.get(row.provider)?.p50Ms ?? null }));
}

export interface CacheCounts {
  route: string;
  hits: number;
  misses: number;
  savedUsd: number;
}

/** Cache hits, misses and savings per route, from the log (when the cache module is not running). */
export function cacheCountsByRoute(db: SqliteDatabase, range: Range): CacheCounts[] {
  const w = where(range, {}, ["cache IN ('hit', 'miss')"]);
  const rows = db
    .prepare(
      `SELECT COALESCE(route, alias) AS route,
         SUM(CASE WHEN cache = 'hit' THEN 1 ELSE 0 END) AS hits,
         SUM(CASE WHEN cache = 'miss' THEN 1 ELSE 0 END) AS misses,
         TOTAL(saved_usd) AS saved
       FROM request_log ${w.sql} GROUP BY 1 ORDER BY 1`,
    )
    .all(w.params) as Array<{ route: string; hits: number; misses: number; saved: number }>;
  return rows.map((row) => ({ route: row.route, hits: row.hits, misses: row.misses, savedUsd: usd(row.saved) }));
}

/** One day's spend for one group (an app, a metadata value), summed from the log itself. */
export interface LogSpendDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** '' for calls without the value grouped by (a metadata field they did not carry). */
  group: string;
  costUsd: number;
  /** Calls charged a cost (the rollup's `paid`). */
  paid: number;
}

/**
 * Spend per UTC day and app, read from the log itself: the rollup has no client dimension. SQLite
 * sums per distinct User-Agent (a few hundred a month at most), then the app is named here, so
 * versions of one tool fold into one app and a better mapping applies to old rows too. Calls that
 * cost nothing are left out, as in the rollup-based groupings; rows without a User-Agent (and
 * those logged before migration 010 kept it) are `Unknown`.
 */
export function spendByApp(db: SqliteDatabase, range: Range): LogSpendDay[] {
  const w = where(range, {}, ['cost_usd > 0']);
  const rows = db
    .prepare(`SELECT ts / ${BUCKET_MS.day} AS d, client AS value, TOTAL(cost_usd) AS cost, COUNT(*) AS paid FROM request_log ${w.sql} GROUP BY d, client`)
    .all(w.params) as SpendRow[];
  return byDayAndGroup(rows, (client) => clientApp(client) ?? UNKNOWN_APP);
}

/**
 * Spend per UTC day and value of one metadata field (what callers send in `x-switchboard-metadata`
 * or the body's `metadata`: a project, a feature, an environment), read from the log. LiteLLM
 * users know this as spend by tag. Calls without the field are grouped under ''.
 */
export function spendByMetadata(db: SqliteDatabase, range: Range, field: string): LogSpendDay[] {
  const w = where(range, {}, ['cost_usd > 0']);
  const rows = db
    .prepare(
      `SELECT ts / ${BUCKET_MS.day} AS d, (SELECT value FROM json_each(metadata) WHERE key = @field) AS value, TOTAL(cost_usd) AS cost, COUNT(*) AS paid
       FROM request_log ${w.sql} GROUP BY d, value`,
    )
    .all({ ...w.params, field }) as SpendRow[];
  return byDayAndGroup(rows, (value) => value ?? '');
}

/**
 * Spend per UTC day and metadata field name: which fields the paid calls carried (the choices
 * for spendByMetadata), kept like any spend so the Costs page's refreshes need not scan again.
 */
export function spendByMetadataField(db: SqliteDatabase, range: Range): LogSpendDay[] {
  const w = where(range, {}, ['cost_usd > 0', 'metadata IS NOT NULL']);
  const rows = db
    .prepare(`SELECT ts / ${BUCKET_MS.day} AS d, field.key AS value, TOTAL(cost_usd) AS cost, COUNT(*) AS paid FROM request_log, json_each(request_log.metadata) AS field ${w.sql} GROUP BY d, field.key`)
    .all(w.params) as SpendRow[];
  return byDayAndGroup(rows, (value) => value ?? '');
}

interface SpendRow {
  d: number;
  value: string | null;
  cost: number;
  paid: number;
}

/** Rows per day and raw value, merged per day and the group each value is named as, sorted. */
function byDayAndGroup(rows: readonly SpendRow[], groupOf: (value: string | null) => string): LogSpendDay[] {
  const merged = new Map<string, LogSpendDay>();
  for (const row of rows) {
    const day = utcDay(row.d * BUCKET_MS.day);
    const group = groupOf(row.value);
    const id = `${day}\u0000${group}`;
    const entry = merged.get(id) ?? { day, group, costUsd: 0, paid: 0 };
    entry.costUsd += row.cost;
    entry.paid += row.paid;
    merged.set(id, entry);
  }
  return [...merged.values()].sort((a, b) => a.day.localeCompare(b.day) || a.group.localeCompare(b.group));
}

/** Request count in the range. */
export function countRequests(db: SqliteDatabase, range: Range): number {
  const w = where(range);
  return (db.prepare(`SELECT COUNT(*) AS n FROM request_log ${w.sql}`).get(w.params) as { n: number }).n;
}

/** Sums of many small float costs drift; show what a person would add up (to a millionth of a cent). */
export const usd = (amount: number): number => Math.round(amount * 1e8) / 1e8;
