/** GET /cache/stats, POST /cache/purge, GET /breakers, POST /breakers/reset, GET /budgets. */
import type { Router } from 'express';
import { z } from 'zod';
import type { BreakersDto, BudgetsDto, CacheStatsDto } from './api-types';
import type { AdminDeps, BreakerAdmin } from './deps';
import { actorOf } from './audit-endpoints';
import { notAvailable, parseInput } from './http-helpers';
import { breakerDto, cacheStatsDto, listBudgets } from './ops-dto';
import { cacheCountsByRoute } from './stats-queries';

const purgeSchema = z.object({ route: z.string().min(1).max(200).optional() }).optional();
const resetSchema = z.object({ target: z.string().min(1).max(400).optional() }).optional();
const DAY = 86_400_000;

/** Without the cache module, hits and savings still show from the log's last 30 days (entries unknown: 0). */
async function statsFromLog(deps: AdminDeps): Promise<CacheStatsDto> {
  if (!deps.db) throw notAvailable('Cache statistics');
  await deps.logs.flush().catch(() => undefined);
  const now = Date.now();
  const rows = cacheCountsByRoute(deps.db, { since: now - 30 * DAY, until: now + 1 });
  const row = (hits: number, misses: number, savedUsd: number) => ({ hits, misses, hitRate: hits + misses === 0 ? null : hits / (hits + misses), savedUsd, entries: 0, bytes: 0 });
  const total = rows.reduce((sum, r) => ({ hits: sum.hits + r.hits, misses: sum.misses + r.misses, saved: sum.saved + r.savedUsd }), { hits: 0, misses: 0, saved: 0 });
  return {
    overall: row(total.hits, total.misses, Math.round(total.saved * 1e8) / 1e8),
    byRoute: rows.map((r) => ({ route: r.route, ...row(r.hits, r.misses, r.savedUsd) })),
  };
}

export function registerOpsEndpoints(api: Router, deps: AdminDeps): void {
  const breakers = (): BreakerAdmin => {
    if (!deps.breakers) throw notAvailable('Circuit breakers');
    return deps.breakers;
  };
  const breakersDto = (): BreakersDto => ({ breakers: breakers().snapshot().map(breakerDto) });

  api.get('/cache/stats', async (_req, res) => {
    res.json(deps.cache ? cacheStatsDto(deps.cache.stats()) : await statsFromLog(deps));
  });

  api.post('/cache/purge', (req, res) => {
    if (!deps.cache) throw notAvailable('The response cache');
    const body = parseInput(purgeSchema, req.body, 'purge request');
    const route = body?.route;
    const purged = deps.cache.purge(route === undefined ? {} : { route });
    deps.audit?.record({ actor: actorOf(req), action: 'cache.purged', target: route ?? null, summary: `${route === undefined ? 'Response cache' : `Cache of route "${route}"`} purged: ${purged} entr${purged === 1 ? 'y' : 'ies'}`, detail: { purged } });
    res.json({ purged });
  });

  api.get('/breakers', (_req, res) => {
    res.json(breakersDto());
  });

  api.post('/breakers/reset', (req, res) => {
    const registry = breakers();
    const body = parseInput(resetSchema, req.body, 'reset request');
    registry.reset(body?.target);
    deps.audit?.record({ actor: actorOf(req), action: 'breaker.reset', target: body?.target ?? null, summary: body?.target === undefined ? 'Every circuit breaker reset' : `Circuit breaker of ${body.target} reset` });
    res.json(breakersDto());
  });

  api.get('/budgets', async (_req, res) => {
    if (!deps.budgets) throw notAvailable('Budgets');
    const body: BudgetsDto = { budgets: await listBudgets(deps) };
    res.json(body);
  });
}
