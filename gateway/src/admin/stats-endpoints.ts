/** GET /stats/overview, GET /stats/timeseries, GET /stats/spend (by rollup dimension, or by app). */
import type { Router } from 'express';
import { z } from 'zod';
import { GatewayError } from '../errors/gateway-error';
import type { SqliteDatabase } from '../store/database';
import type { SpendDay } from '../store/log-types';
import { utcDay } from '../store/spend-rollup';
import type { OverviewDto, SpendDto, SpendPointDto, TimeseriesDto } from './api-types';
import { SpendDaysCache } from './spend-days-cache';
import type { AdminDeps } from './deps';
import { toLogRowDto } from './log-endpoints';
import { cacheStatsDto, lowestQuota, providerBreakerState } from './ops-dto';
import { BUCKET_MS, cacheCountsByRoute, countRequests, overallPercentiles, providerLoad, spendByApp, spendByMetadata, spendByMetadataField, timeseries, usd } from './stats-queries';
import type { LogSpendDay, Range } from './stats-queries';
import { notAvailable, parseInput } from './http-helpers';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MAX_BUCKETS = 1500;
const defaultSpan = { minute: HOUR, hour: DAY, day: 30 * DAY } as const;

const unixMs = z.coerce.number().int().nonnegative();
const text = z.string().trim().max(200).optional();
const seriesSchema = z.object({
  bucket: z.enum(['minute', 'hour', 'day']).default('minute'),
  since: unixMs.optional(),
  until: unixMs.optional(),
  route: text,
  provider: text,
  model: text,
  keyId: text,
});
const spendSchema = z
  .object({
    by: z.enum(['provider', 'model', 'route', 'key', 'team', 'app', 'metadata']).default('provider'),
    /** With by=metadata: the field whose values are the groups, as logged (up to 1 KB, spaces and all: pipeline/record.ts). */
    field: z.string().min(1).max(2048).optional(),
    since: unixMs.optional(),
    until: unixMs.optional(),
  })
  .refine((q) => q.field === undefined || q.by === 'metadata', { message: 'field goes with by=metadata', path: ['field'] });

const NONE = '(none)';
type RollupGroup = Exclude<SpendDto['by'], 'app' | 'metadata'>;
/** Metadata fields whose final days are kept; past this the one read longest ago is dropped. */
const MAX_KEPT_FIELDS = 16;
const groupOf: Record<RollupGroup, (d: SpendDay) => string | null> = { provider: (d) => d.provider, model: (d) => d.model, route: (d) => d.route, key: (d) => d.keyId, team: (d) => d.team };

/**
 * Spend per day and group over whole UTC days. Every grouping reads the daily rollup except the
 * app and a metadata field, which the rollup does not keep: those sum the log over the same days,
 * keeping the days that can no longer change (spend-days-cache.ts).
 */
async function spendGroupDays(deps: AdminDeps, logSpend: (by: 'app' | 'metadata', field?: string) => SpendDaysCache, query: { by: SpendDto['by']; field?: string }, fromDay: string, toDay: string): Promise<LogSpendDay[]> {
  const { by } = query;
  if (by === 'app' || by === 'metadata') {
    await settled(deps);
    // Without a field there is nothing to group by: the answer lists the fields to choose from.
    if (by === 'metadata' && query.field === undefined) return [];
    return logSpend(by, query.field).read(fromDay, toDay).map((d) => (d.group === '' ? { ...d, group: NONE } : d));
  }
  const days = await deps.logs.spendByDay({ fromDay, toDay });
  return days.map((d) => ({ day: d.day, group: groupOf[by](d) || NONE, costUsd: d.costUsd, paid: d.paid }));
}

/** Makes room for one more field's sums: the field read longest ago goes (spend by app and the field list stay). */
function dropOldestField(caches: Map<string, SpendDaysCache>): void {
  const fields = [...caches.keys()].filter((id) => id.startsWith('metadata:'));
  if (fields.length >= MAX_KEPT_FIELDS && fields[0] !== undefined) caches.delete(fields[0]);
}

function database(deps: AdminDeps): SqliteDatabase {
  if (!deps.db) throw notAvailable('Request statistics');
  return deps.db;
}

/** Reads must see every finished request, including those still queued for the batch writer. */
async function settled(deps: AdminDeps): Promise<void> {
  await deps.logs.flush().catch(() => undefined);
}

export function registerStatsEndpoints(api: Router, deps: AdminDeps): void {
  const spendCaches = new Map<string, SpendDaysCache>();
  /** by app, by the value of a metadata field, or by metadata field name (`field` undefined). */
  const logSpend = (by: 'app' | 'metadata', field?: string): SpendDaysCache => {
    const id = by === 'app' ? 'app' : field === undefined ? 'fields' : `metadata:${field}`;
    let cache = spendCaches.get(id);
    if (cache) {
      // Re-inserted: the map's order is then least recently read first.
      spendCaches.delete(id);
    } else {
      const db = database(deps);
      if (field !== undefined) dropOldestField(spendCaches);
      const sum = by === 'app' ? (range: Range) => spendByApp(db, range) : field === undefined ? (range: Range) => spendByMetadataField(db, range) : (range: Range) => spendByMetadata(db, range, field);
      cache = new SpendDaysCache(sum);
    }
    spendCaches.set(id, cache);
    return cache;
  };

  api.get('/stats/timeseries', async (req, res) => {
    const db = database(deps);
    const query = parseInput(seriesSchema, req.query, 'timeseries query');
    const size = BUCKET_MS[query.bucket];
    // By default the range ends with the current bucket, so every bucket is a whole one.
    const until = query.until ?? (Math.floor(Date.now() / size) + 1) * size;
    const since = query.since ?? until - defaultSpan[query.bucket];
    if (since >= until) throw new GatewayError('invalid_request', 'since must be before until', { code: 'invalid_range', param: 'since' });
    if ((until - since) / size > MAX_BUCKETS) {
      throw new GatewayError('invalid_request', `That range holds more than ${MAX_BUCKETS} ${query.bucket} buckets; use a larger bucket or a shorter range`, { code: 'range_too_long', param: 'bucket' });
    }
    await settled(deps);
    const { bucket, route, provider, model, keyId } = query;
    const body: TimeseriesDto = { bucket, bucketMs: size, since, until, points: timeseries(db, { since, until }, bucket, { route, provider, model, keyId }) };
    res.json(body);
  });

  api.get('/stats/spend', async (req, res) => {
    const query = parseInput(spendSchema, req.query, 'spend query');
    const until = query.until ?? Date.now() + 1;
    const since = query.since ?? until - 30 * DAY;
    const fromDay = utcDay(since);
    const toDay = utcDay(Math.max(since, until - 1));
    const days = await spendGroupDays(deps, logSpend, query, fromDay, toDay);
    const points = new Map<string, SpendPointDto>();
    const totals = new Map<string, { group: string; costUsd: number; requests: number }>();
    for (const day of days) {
      // Spend is about money: calls that cost nothing (cache hits, failures) are not spenders,
      // nor counted as calls paid for; a stream cut short is charged, and counted.
      if (day.costUsd === 0) continue;
      const { paid, group } = day;
      const point = points.get(`${day.day}\u0000${group}`) ?? { day: day.day, group, costUsd: 0, requests: 0 };
      point.costUsd += day.costUsd;
      point.requests += paid;
      points.set(`${day.day}\u0000${group}`, point);
      const total = totals.get(group) ?? { group, costUsd: 0, requests: 0 };
      total.costUsd += day.costUsd;
      total.requests += paid;
      totals.set(group, total);
    }
    const body: SpendDto = {
      by: query.by,
      ...(query.field === undefined ? {} : { field: query.field }),
      // Read after spendGroupDays, which waited for the queued rows.
      // ('' is no name a query can ask for.)
      ...(query.by === 'metadata' ? { fields: [...new Set(logSpend('metadata').read(fromDay, toDay).map((d) => d.group))].filter((name) => name !== '').sort() } : {}),
      fromDay,
      toDay,
      points: [...points.values()].map((p) => ({ ...p, costUsd: usd(p.costUsd) })),
      totals: [...totals.values()].map((t) => ({ ...t, costUsd: usd(t.costUsd) })).sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests),
    };
    res.json(body);
  });

  api.get('/stats/overview', async (_req, res) => {
    res.json(await overview(deps));
  });
}

async function overview(deps: AdminDeps): Promise<OverviewDto> {
  const db = database(deps);
  await settled(deps);
  const now = Date.now();
  const lastHour = { since: now - HOUR, until: now + 1 };
  const minuteStart = Math.floor(now / MINUTE) * MINUTE;
  const perMinute = timeseries(db, { since: minuteStart - 59 * MINUTE, until: minuteStart + MINUTE }, 'minute');

  const today = utcDay(now);
  const monthStart = `${today.slice(0, 7)}-01`;
  const month = await deps.logs.spendByDay({ fromDay: monthStart, toDay: today });
  const sum = (rows: SpendDay[], field: 'costUsd' | 'savedUsd'): number => usd(rows.reduce((total, row) => total + row[field], 0));

  let cacheHitRate: number | null;
  if (deps.cache) cacheHitRate = cacheStatsDto(deps.cache.stats()).overall.hitRate;
  else {
    const counts = cacheCountsByRoute(db, { since: now - DAY, until: now + 1 });
    const hits = counts.reduce((n, row) => n + row.hits, 0);
    const lookups = hits + counts.reduce((n, row) => n + row.misses, 0);
    cacheHitRate = lookups === 0 ? null : hits / lookups;
  }

  const latency = overallPercentiles(db, lastHour);
  const load = new Map(providerLoad(db, lastHour).map((row) => [row.name, row]));
  const breakers = deps.breakers?.snapshot() ?? [];
  const quotas = deps.quotas?.snapshot() ?? [];
  const names = [...new Set([...Object.keys(deps.config.current().providers), ...load.keys()])];
  const recent = await deps.logs.query({ status: 'error', limit: 10 });

  return {
    requestsLastHour: countRequests(db, lastHour),
    requestsPerMinute: perMinute.map((p) => ({ t: p.t, requests: p.requests, errors: p.errors })),
    spendTodayUsd: sum(month.filter((row) => row.day === today), 'costUsd'),
    spendMonthUsd: sum(month, 'costUsd'),
    cacheHitRate,
    savedMonthUsd: sum(month, 'savedUsd'),
    latencyP50Ms: latency.p50Ms,
    latencyP95Ms: latency.p95Ms,
    providers: names.map((name) => {
      const row = load.get(name);
      const requests = row?.requests ?? 0;
      const errors = row?.errors ?? 0;
      const quotaLow = lowestQuota(quotas, name);
      return { name, requests, errors, errorRate: requests === 0 ? 0 : errors / requests, p50Ms: row?.p50Ms ?? null, breaker: providerBreakerState(breakers, name), ...(quotaLow ? { quotaLow } : {}) };
    }),
    recentErrors: recent.rows.map(toLogRowDto),
  };
}
