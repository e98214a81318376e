import type { Usage } from '../canonical/types';
import { checkRouteAllowed } from '../keys/route-access';
import { budgetSubjects } from '../limits/budgets';
import type { Admission } from '../limits/rate-limiter';
import { limitSubjects } from '../limits/subjects';
import type { RoutePlan } from '../routing/types';
import type { PipelineDeps, RequestContext } from './context';

/** What a request may do once admitted: limit headers, and settling its token count. */
export interface Gate {
  headers: Record<string, string>;
  /** Replace the token estimate with the real usage (once). */
  settle(usage: Usage | undefined): void;
}

const open: Gate = { headers: {}, settle: () => undefined };

/**
 * Everything that may refuse a routed request before it costs money: the key's allowed
 * routes, budgets (checked first, so a spent budget uses no rate), then rate limits. The
 * concurrency slot is released when the response closes, on every path.
 */
export async function admit(deps: PipelineDeps, ctx: RequestContext, plan: RoutePlan, alias: string, estimatedTokens: number): Promise<Gate> {
  checkRouteAllowed(ctx.key, plan.route, alias);
  deps.budgets?.check(budgetSubjects(ctx.key));
  if (!deps.limiter) return open;
  const config = deps.config();
  const subjects = limitSubjects({
    key: ctx.key,
    route: plan.route === null ? null : { name: plan.route, limits: config.routes[plan.route]?.limits },
    named: config.limits,
  });
  if (subjects.length === 0) return open;
  const admission: Admission = await deps.limiter.admit({ subjects, estimatedTokens });
  ctx.res.once('close', () => void admission.release());
  return {
    headers: admission.headers,
    settle: (usage) => void admission.settle(usage ? usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens + usage.outputTokens : 0),
  };
}
