import type { Usage } from '../canonical/types';
import type { GatewayError } from '../errors/gateway-error';
import { checkRouteAllowed } from '../keys/route-access';
import { budgetSubjects, type BudgetHold } from '../limits/budgets';
import type { Admission } from '../limits/rate-limiter';
import { subjectsOf } from '../limits/subjects';
import type { AttemptFn } from '../routing/executor';
import { ROUTE_RATE_LIMITED } from '../routing/failure';
import { hasOwnRoutes, sharedRoutes } from '../routing/plan-routes';
import type { RoutePlan } from '../routing/types';
import { onResponseClose, type PipelineDeps, type RequestContext } from './context';
import { RouteHolds } from './route-holds';

/** What a request may do once admitted: limit headers, and settling its token count and budget hold. */
export interface Gate {
  headers: Record<string, string>;
  /**
   * Replace the token estimate with the real usage (once), and give back the budget
   * reservation: call it right before the call's cost is recorded, in the same tick.
   */
  settle(usage: Usage | undefined): void;
  /** `attempt`, counting each candidate against the routes only some candidates come through when it is tried. */
  attempts<T>(attempt: AttemptFn<T>): AttemptFn<T>;
  /** Gives back what admission took, for a request that ended before reaching any provider. */
  refund(): void;
  /** Takes the budget hold out of the gate, to be kept past the response (a background run's, until its cost is known); settle and close then leave it. */
  keepBudget(): BudgetHold | undefined;
}

const open: Gate = { headers: {}, settle: () => undefined, attempts: (attempt) => attempt, refund: () => undefined, keepBudget: () => undefined };
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * A gate over an admission and a budget hold. A class, not an object of closures: one is made
 * per request. The hold goes back when the call settles (its cost is charged then) or is
 * refunded, and at the latest when the response closes, so no path can keep it.
 */
class Limited implements Gate {
  constructor(
    private readonly admission: Admission | undefined,
    private readonly holds: RouteHolds | undefined,
    private budget: BudgetHold | undefined,
  ) {}

  /** The up-front limits' state, with those of the routes only the serving candidate came through. */
  get headers(): Record<string, string> {
    return this.holds?.headers(this.admission) ?? this.admission?.headers ?? NO_HEADERS;
  }

  settle(usage: Usage | undefined): void {
    this.budget?.release();
    const tokens = usage ? usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens + usage.outputTokens : 0;
    if (this.admission) void this.admission.settle(tokens);
    this.holds?.settle(tokens);
  }

  attempts<T>(attempt: AttemptFn<T>): AttemptFn<T> {
    return this.holds ? this.holds.wrap(attempt) : attempt;
  }

  refund(): void {
    this.budget?.release();
    if (this.admission) void this.admission.refund();
  }

  keepBudget(): BudgetHold | undefined {
    const kept = this.budget;
    this.budget = undefined;
    return kept;
  }

  /** What the response's close gives back: the concurrency slots, and the budget hold if still held. */
  closed(): void {
    this.budget?.release();
    if (this.admission) void this.admission.release();
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
 *
 * Budgets count what calls in flight are expected to cost (limits/budgets.ts `reserve`): the
 * prompt estimate and `reservedOutputTokens` of `maxOutputTokens`, at the first candidate's
 * price (the one tried first; a fallback that costs more is charged what it costs). Embeddings
 * pass 0 output tokens; a chat call that sets no limit passes undefined.
 */
export async function admit(deps: PipelineDeps, ctx: RequestContext, plan: RoutePlan, alias: string, promptTokens: number, maxOutputTokens: number | undefined): Promise<Gate> {
  checkRouteAllowed(ctx.key, plan.route, alias);
  const budget = deps.budgets?.reserve(budgetSubjects(ctx.key), deps, plan.candidates[0], promptTokens, maxOutputTokens);
  if (!deps.limiter) return budget ? closing(ctx, new Limited(undefined, undefined, budget)) : open;
  const config = deps.config();
  const shared = sharedRoutes(plan);
  const subjects = subjectsOf(ctx.key, shared, config.routes, config.limits);
  const estimatedTokens = promptTokens + (maxOutputTokens ?? 0);
  const holds = hasOwnRoutes(plan, shared) ? new RouteHolds(deps.limiter, ctx, config.routes, shared, estimatedTokens, promptTokens) : undefined;
  if (subjects.length === 0) {
    if (budget) return closing(ctx, new Limited(undefined, holds, budget));
    return holds ? new Limited(undefined, holds, undefined) : open;
  }
  let admission: Admission;
  try {
    // Written out, not spread: a spread with an extra member takes V8's slow path, every request.
    admission = await deps.limiter.admit({ subjects, estimatedTokens, promptTokens });
  } catch (error) {
    // Refused by a rate limit: the call will not run, so it holds nothing against budgets.
    budget?.release();
    throw error;
  }
  return closing(ctx, new Limited(admission, holds, budget));
}

/**
 * The rate limits of a call that goes through no route and costs nothing (one on a stored
 * response, by its id): the key's, its user's and team's requests and concurrency, so such
 * calls cannot get round them. Budgets are not checked, as nothing is charged.
 */
export async function admitKeyCall(deps: PipelineDeps, ctx: RequestContext): Promise<Gate> {
  if (!deps.limiter) return open;
  const config = deps.config();
  const subjects = subjectsOf(ctx.key, [], config.routes, config.limits);
  if (subjects.length === 0) return open;
  return closing(ctx, new Limited(await deps.limiter.admit({ subjects, estimatedTokens: 0, promptTokens: 0 }), undefined, undefined));
}

/** `gate`, released when the response closes: one listener for the slots and the budget hold. */
function closing(ctx: RequestContext, gate: Limited): Limited {
  onResponseClose(ctx, () => gate.closed());
  return gate;
}
