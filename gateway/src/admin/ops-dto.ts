/** Breakers, budgets and cache stats in the admin API's shapes. */
import type { CacheStats, RouteCacheStats } from '../cache/counters';
import type { BudgetUsage } from '../limits/budgets';
import type { BreakerSnapshot } from '../routing/breaker';
import type { QuotaWindow, QuotaWindowName, UpstreamQuota } from '../upstream/upstream-quotas';
import type { BreakerDto, BudgetStatusDto, CacheStatsDto, CacheStatsRowDto, QuotaLowDto } from './api-types';
import type { AdminDeps, BreakerAdmin } from './deps';

const periods = { hourly: 'hour', daily: 'day', weekly: 'week', monthly: 'month' } as const;

export function budgetDto(usage: BudgetUsage): BudgetStatusDto {
  return {
    scope: usage.scope,
    subject: usage.subject,
    period: periods[usage.period],
    limitUsd: usage.limitUsd,
    spentUsd: usage.spentUsd,
    resetsAt: Date.parse(usage.resetsAt),
    alertAt: usage.alertAt,
  };
}

export const breakerDto = (snapshot: BreakerSnapshot): BreakerDto => ({ ...snapshot });

/** The breaker of one target now; a target without an entry (never failed, or reset) is closed. */
export function breakerNow(breakers: BreakerAdmin, target: string): BreakerDto {
  const snapshot = breakers.snapshot().find((entry) => entry.target === target);
  return snapshot ? breakerDto(snapshot) : { target, state: 'closed', failures: 0, openedAt: null, nextProbeAt: null };
}

/** How bad a breaker state is: what a provider's health compares, and the level GET /metrics reports. */
export const breakerSeverity = { closed: 0, 'half-open': 1, open: 2 } as const;

/** A provider's health: the worst state among its targets (`provider/model`). */
export function providerBreakerState(breakers: readonly BreakerDto[], provider: string): BreakerDto['state'] {
  let worst: BreakerDto['state'] = 'closed';
  for (const breaker of breakers) {
    if (breaker.target.startsWith(`${provider}/`) && breakerSeverity[breaker.state] > breakerSeverity[worst]) worst = breaker.state;
  }
  return worst;
}

/** Share of a window left at which the Overview warns: 10%. */
const LOW_SHARE = 0.1;

/**
 * The provider's rate-limit window with the least share left, when that is 10% or less (or none
 * left, its size unknown): what the Overview warns of before the provider starts refusing.
 */
export function lowestQuota(quotas: readonly UpstreamQuota[], provider: string): QuotaLowDto | undefined {
  let lowest: { share: number; dto: QuotaLowDto } | undefined;
  for (const quota of quotas) {
    if (quota.provider !== provider) continue;
    for (const [window, w] of Object.entries(quota.windows) as Array<[QuotaWindowName, QuotaWindow]>) {
      const share = w.limit !== null && w.limit > 0 ? w.remaining / w.limit : w.remaining === 0 ? 0 : Number.POSITIVE_INFINITY;
      if (share > LOW_SHARE || (lowest !== undefined && share >= lowest.share)) continue;
      lowest = { share, dto: { model: quota.model, window, remaining: w.remaining, limit: w.limit, resetAt: w.resetAt } };
    }
  }
  return lowest?.dto;
}

/**
 * Every budget that is set: the global one, those in the config (`team:*`, `key:*`) and those
 * on gateway key records, each per period it limits.
 */
export async function listBudgets(deps: AdminDeps): Promise<BudgetStatusDto[]> {
  const budgets = deps.budgets;
  if (!budgets) return [];
  const usages: BudgetUsage[] = [...budgets.usage({})];
  const configured = deps.config.current().budgets ?? {};
  const keyRecords = deps.keys ? await deps.keys.list() : [];
  const keyIds = new Set<string>();
  for (const record of keyRecords) {
    if (record.status === 'revoked') continue;
    keyIds.add(record.id);
    usages.push(...budgets.usage({ keyId: record.id, keyName: record.name, keyBudget: record.budget }));
  }
  for (const scope of Object.keys(configured)) {
    if (scope.startsWith('team:')) usages.push(...budgets.usage({ team: scope.slice(5) }));
    else if (scope.startsWith('key:') && !keyIds.has(scope.slice(4))) usages.push(...budgets.usage({ keyId: scope.slice(4) }));
  }
  const seen = new Set<string>();
  const out: BudgetStatusDto[] = [];
  for (const usage of usages) {
    const id = `${usage.scope}\u0000${usage.period}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(budgetDto(usage));
  }
  return out;
}

function cacheRow(stats: RouteCacheStats): CacheStatsRowDto {
  const lookups = stats.hits + stats.misses;
  return { hits: stats.hits, misses: stats.misses, hitRate: lookups === 0 ? null : stats.hits / lookups, savedUsd: stats.savedUsd, entries: stats.entries, bytes: stats.bytes };
}

/** The cache module's counters in the admin shape (hit rate null before any lookup). */
export function cacheStatsDto(stats: CacheStats): CacheStatsDto {
  return {
    overall: cacheRow(stats),
    byRoute: Object.entries(stats.routes).map(([route, row]) => ({ route, ...cacheRow(row) })),
  };
}
