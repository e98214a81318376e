import type { Usage } from '../canonical/types';
import { checkRouteAllowed } from '../keys/route-access';
import { budgetSubjects } from '../limits/budgets';
import type { Admission } from '../limits/rate-limiter';
import { subjectsOf } from '../limits/subjects';
import { planRoutes } from '../routing/plan-routes';
import type { RoutePlan } from '../routing/types';
import { onResponseClose, type PipelineDeps, type RequestContext } from './context';

/** What a request may do once admitted: limit headers, and settling its token count. */
export interface Gate {
  headers: Record<string, string>;
  /** Replace the token estimate with the real usage (once). */
  settle(usage: Usage | undefined): void;
}

const open: Gate = { headers: {}, settle: () => undefined };

/** A gate over an admission. A class, not an object of closures: one is made per request. */
class Limited implements Gate {
  readonly headers: Record<string, string>;

  constructor(private readonly admission: Admission) {
    this.headers = admission.headers;
  }

  settle(usage: Usage | undefined): void {
    void this.admission.settle(usage ? usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens + usage.outputTokens : 0);
  }
}

/**
 * Everything that may refuse a routed request before it costs money: the key's allowed
 * routes, budgets (checked first, so a spent budget uses no rate), then rate limits: the key's,
 * its user's and team's, and those of every route the request may end up in (`planRoutes`).
 * The concurrency slots are released when the response closes, on every path.
 */
export async function admit(deps: PipelineDeps, ctx: RequestContext, plan: RoutePlan, alias: string, promptTokens: number, maxOutputTokens = 0): Promise<Gate> {
  checkRouteAllowed(ctx.key, plan.route, alias);
  deps.budgets?.check(budgetSubjects(ctx.key));
  if (!deps.limiter) return open;
  const config = deps.config();
  const subjects = subjectsOf(ctx.key, planRoutes(plan), config.routes, config.limits);
  if (subjects.length === 0) return open;
  const admission: Admission = await deps.limiter.admit({ subjects, estimatedTokens: promptTokens + maxOutputTokens, promptTokens });
  onResponseClose(ctx, () => void admission.release());
  return new Limited(admission);
}
