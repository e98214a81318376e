import type { Usage } from '../canonical/types';
import type { GatewayError } from '../errors/gateway-error';
import { checkRouteAllowed } from '../keys/route-access';
import { budgetSubjects } from '../limits/budgets';
import type { Admission } from '../limits/rate-limiter';
import { subjectsOf } from '../limits/subjects';
import type { AttemptFn } from '../routing/executor';
import { ROUTE_RATE_LIMITED } from '../routing/failure';
import { hasOwnRoutes, sharedRoutes } from '../routing/plan-routes';
import type { RoutePlan } from '../routing/types';
import { onResponseClose, type PipelineDeps, type RequestContext } from './context';
import { RouteHolds } from './route-holds';

/** What a request may do once admitted: limit headers, and settling its token count. */
export interface Gate {
  headers: Record<string, string>;
  /** Replace the token estimate with the real usage (once). */
  settle(usage: Usage | undefined): void;
  /** `attempt`, counting each candidate against the routes only some candidates come through when it is tried. */
  attempts<T>(attempt: AttemptFn<T>): AttemptFn<T>;
  /** Gives back what admission took, for a request that ended before reaching any provider. */
  refund(): void;
}

const open: Gate = { headers: {}, settle: () => undefined, attempts: (attempt) => attempt, refund: () => undefined };
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** A gate over an admission. A class, not an object of closures: one is made per request. */
class Limited implements Gate {
  constructor(
    private readonly admission: Admission | undefined,
    private readonly holds: RouteHolds | undefined,
  ) {}

  /** The up-front limits' state, with those of the routes only the serving candidate came through. */
  get headers(): Record<string, string> {
    return this.holds?.headers(this.admission) ?? this.admission?.headers ?? NO_HEADERS;
  }

  settle(usage: Usage | undefined): void {
    const tokens = usage ? usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens + usage.outputTokens : 0;
    if (this.admission) void this.admission.settle(tokens);
    this.holds?.settle(tokens);
  }

  attempts<T>(attempt: AttemptFn<T>): AttemptFn<T> {
    return this.holds ? this.holds.wrap(attempt) : attempt;
  }

  refund(): void {
    if (this.admission) void this.admission.refund();
  }
}

/**
 * Whether a request that failed was refused by the limits of every route it could go through,
 * before reaching any provider (the executor's answer is then such a refusal): it cost nobody
 * anything, so admission gives back what it took.
 */
export const refusedByRoutes = (error: GatewayError): boolean => error.code === ROUTE_RATE_LIMITED;

/**
 * Everything that may refuse a routed request before it costs money: the key's allowed
 * routes, budgets (checked first, so a spent budget uses no rate), then rate limits: the key's,
 * its user's and team's, and those of every route all its candidates come through
 * (`sharedRoutes`). A route only some candidates come through is counted when one of them is
 * tried (`Gate.attempts`, route-holds.ts). The concurrency slots are released when the response
 * closes, on every path.
 */
export async function admit(deps: PipelineDeps, ctx: RequestContext, plan: RoutePlan, alias: string, promptTokens: number, maxOutputTokens = 0): Promise<Gate> {
  checkRouteAllowed(ctx.key, plan.route, alias);
  deps.budgets?.check(budgetSubjects(ctx.key));
  if (!deps.limiter) return open;
  const config = deps.config();
  const shared = sharedRoutes(plan);
  const subjects = subjectsOf(ctx.key, shared, config.routes, config.limits);
  const estimatedTokens = promptTokens + maxOutputTokens;
  const holds = hasOwnRoutes(plan, shared) ? new RouteHolds(deps.limiter, ctx, config.routes, shared, estimatedTokens, promptTokens) : undefined;
  if (subjects.length === 0) return holds ? new Limited(undefined, holds) : open;
  // Written out, not spread: a spread with an extra member takes V8's slow path, every request.
  const admission: Admission = await deps.limiter.admit({ subjects, estimatedTokens, promptTokens });
  onResponseClose(ctx, () => void admission.release());
  return new Limited(admission, holds);
}
