/**
 * `GET /metrics`: Prometheus metrics, behind the admin token (Prometheus sends it with
 * `authorization: { credentials: … }` in its scrape config). Off unless `server.metrics` is on.
 * Call counters come from RequestMetrics; breakers, cache, budgets and the process are read at
 * scrape time.
 */
import type { Express, Request, Response } from 'express';
import { GatewayError } from '../errors/gateway-error';
import { Exposition, EXPOSITION_CONTENT_TYPE } from '../metrics/exposition';
import type { RequestMetrics } from '../metrics/request-metrics';
import { requireAdminToken } from './admin-auth';
import type { AdminDeps } from './deps';
import { breakerSeverity, listBudgets } from './ops-dto';

export function registerMetricsEndpoint(app: Express, deps: AdminDeps): void {
  app.get('/metrics', requireAdminToken(deps.adminToken), (_req: Request, res: Response, next) => {
    const { metrics } = deps;
    if (!metrics || !deps.config.current().server.metrics) {
      return next(new GatewayError('not_found', 'Prometheus metrics are off: set server.metrics: true in the config to turn them on', { code: 'metrics_off' }));
    }
    scrape(deps, metrics).then(
      (text) => {
        res.setHeader('cache-control', 'no-store');
        res.type(EXPOSITION_CONTENT_TYPE).send(text);
      },
      (error: unknown) => next(error),
    );
  });
}

async function scrape(deps: AdminDeps, metrics: RequestMetrics): Promise<string> {
  const out = new Exposition();
  metrics.write(out);

  if (deps.breakers) {
    out.family('switchboard_circuit_breaker_state', 'gauge', 'Circuit breaker of each target that has failed since it was last reset: 0 closed, 1 half-open, 2 open.');
    for (const breaker of deps.breakers.snapshot()) out.sample('switchboard_circuit_breaker_state', { target: breaker.target }, breakerSeverity[breaker.state]);
  }
  if (deps.quotas) {
    const quotas = deps.quotas.snapshot();
    out.family('switchboard_upstream_ratelimit_remaining', 'gauge', "What a provider's last answer for a model said is left of a rate-limit window (requests, tokens, input_tokens, output_tokens).");
    for (const q of quotas) for (const [window, w] of Object.entries(q.windows)) out.sample('switchboard_upstream_ratelimit_remaining', { provider: q.provider, model: q.model, window }, w.remaining);
    out.family('switchboard_upstream_ratelimit_limit', 'gauge', "The size of that rate-limit window, as the provider's last answer stated it.");
    for (const q of quotas) for (const [window, w] of Object.entries(q.windows)) if (w.limit !== null) out.sample('switchboard_upstream_ratelimit_limit', { provider: q.provider, model: q.model, window }, w.limit);
  }
  if (deps.cache) {
    const stats = deps.cache.stats();
    out.family('switchboard_cache_entries', 'gauge', 'Entries in the response cache.').sample('switchboard_cache_entries', {}, stats.entries);
    out.family('switchboard_cache_bytes', 'gauge', 'Bytes the response cache holds (counted against cache.maxBytes).').sample('switchboard_cache_bytes', {}, stats.bytes);
  }
  if (deps.budgets) {
    const budgets = await listBudgets(deps);
    out.family('switchboard_budget_spent_usd', 'gauge', 'Spent in the current period of each budget, in USD.');
    for (const b of budgets) out.sample('switchboard_budget_spent_usd', { scope: b.scope, period: b.period }, b.spentUsd);
    out.family('switchboard_budget_limit_usd', 'gauge', 'Limit of each budget per period, in USD.');
    for (const b of budgets) out.sample('switchboard_budget_limit_usd', { scope: b.scope, period: b.period }, b.limitUsd);
  }

  if (deps.inFlight) out.family('switchboard_requests_in_flight', 'gauge', 'Calls being answered now, streams included.').sample('switchboard_requests_in_flight', {}, deps.inFlight());
  out.family('switchboard_info', 'gauge', 'The running gateway; always 1.').sample('switchboard_info', { version: deps.version ?? '' }, 1);
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  out.family('process_cpu_seconds_total', 'counter', 'User and system CPU time spent, in seconds.').sample('process_cpu_seconds_total', {}, (cpu.user + cpu.system) / 1e6);
  out.family('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.').sample('process_resident_memory_bytes', {}, memory.rss);
  out.family('process_start_time_seconds', 'gauge', 'Start time of the process since the Unix epoch, in seconds.').sample('process_start_time_seconds', {}, Math.round(Date.now() / 1000 - process.uptime()));
  out.family('nodejs_heap_size_used_bytes', 'gauge', 'V8 heap in use, in bytes.').sample('nodejs_heap_size_used_bytes', {}, memory.heapUsed);
  return out.text();
}
