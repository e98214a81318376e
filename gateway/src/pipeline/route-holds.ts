import { GatewayError } from '../errors/gateway-error';
import type { Admission, RateLimiter } from '../limits/rate-limiter';
import type { Limits, LimitSubject } from '../limits/limit-types';
import { tighter } from '../limits/refusal';
import { subjectsOf, type RoutesLimits } from '../limits/subjects';
import type { AttemptFn } from '../routing/executor';
import { ROUTE_RATE_LIMITED } from '../routing/failure';
import { ownRoutes } from '../routing/plan-routes';
import type { Candidate } from '../routing/types';
import { onResponseClose, type RequestContext } from './context';

/**
 * The limits of the routes that only some of a request's candidates come through (one branch
 * of a `fallback` or `loadbalance`; see routing/plan-routes.ts). They are taken when such a
 * candidate is tried, given back when its attempt fails (its tokens and its concurrency slot:
 * the request has left that route; the request itself still counts, as a call to a provider
 * does, once: a later candidate in the same route, or a retry, takes only its tokens and slot),
 * and settled with the answer's usage when it serves. A route at its limit makes its candidate
 * one the executor skips, like a target that cannot take the request, so the next is tried;
 * its 429 is the answer only when no candidate did better.
 */
export class RouteHolds {
  /** The admission of each candidate being tried or that served. */
  private readonly held = new Map<Candidate, Admission>();
  /** Routes this request has been counted in, as a request (`rpm`). */
  private readonly counted = new Set<string>();

  constructor(
    private readonly limiter: RateLimiter,
    private readonly ctx: RequestContext,
    private readonly routes: RoutesLimits,
    private readonly shared: readonly string[],
    private readonly estimatedTokens: number,
    private readonly promptTokens: number,
  ) {}

  /** `attempt`, entering the candidate's own routes first and leaving them if it fails. */
  wrap<T>(attempt: AttemptFn<T>): AttemptFn<T> {
    return async (candidate, signal) => {
      await this.enter(candidate);
      try {
        return await attempt(candidate, signal);
      } catch (error) {
        this.leave(candidate);
        throw error;
      }
    };
  }

  /** Replaces each held estimate with what the call used (only the serving candidate's is still held). */
  settle(tokens: number): void {
    for (const admission of this.held.values()) void admission.settle(tokens);
  }

  /**
   * The response's `x-ratelimit-*` headers: the tightest windows of `upFront` (the request's
   * admission) and of the routes the serving candidate came through. Undefined while no such
   * route is held: `upFront`'s own headers tell it all.
   */
  headers(upFront: Admission | undefined): Record<string, string> | undefined {
    if (this.held.size === 0) return undefined;
    let requests = upFront?.requests;
    let tokens = upFront?.tokens;
    for (const admission of this.held.values()) {
      if (admission.requests) requests = tighter(requests, admission.requests);
      if (admission.tokens) tokens = tighter(tokens, admission.tokens);
    }
    return this.limiter.headersFor({ requests, tokens });
  }

  private async enter(candidate: Candidate): Promise<void> {
    if (this.held.has(candidate)) return;
    const subjects = this.uncounted(subjectsOf(null, ownRoutes(candidate, this.shared), this.routes));
    if (subjects.length === 0) return;
    let admission: Admission;
    try {
      admission = await this.limiter.admit({ subjects, estimatedTokens: this.estimatedTokens, promptTokens: this.promptTokens });
    } catch (error) {
      throw error instanceof GatewayError && error.kind === 'rate_limit' ? routeRateLimited(error) : error;
    }
    for (const subject of subjects) this.counted.add(subject.id);
    this.held.set(candidate, admission);
    onResponseClose(this.ctx, () => void admission.release());
  }

  /** `subjects`, without the `rpm` of routes this request was already counted in (then without those that keep no limit). */
  private uncounted(subjects: readonly LimitSubject[]): readonly LimitSubject[] {
    if (this.counted.size === 0) return subjects;
    const out: LimitSubject[] = [];
    for (const subject of subjects) {
      if (!this.counted.has(subject.id)) out.push(subject);
      else if (subject.limits.tpm !== undefined || subject.limits.concurrent !== undefined) out.push(withoutRpm(subject));
    }
    return out;
  }

  private leave(candidate: Candidate): void {
    const admission = this.held.get(candidate);
    if (admission === undefined) return;
    this.held.delete(candidate);
    void admission.settle(0);
    void admission.release();
  }
}

/** The limiter's refusal, as the executor's "this target cannot be tried" (routing/failure.ts). */
function routeRateLimited(error: GatewayError): GatewayError {
  return new GatewayError('rate_limit', error.message, {
    code: ROUTE_RATE_LIMITED,
    retryable: error.retryable,
    retryAfterSeconds: error.retryAfterSeconds,
    headers: error.headers,
    cause: error,
  });
}

function withoutRpm(subject: LimitSubject): LimitSubject {
  const limits: Limits = {};
  if (subject.limits.tpm !== undefined) limits.tpm = subject.limits.tpm;
  if (subject.limits.concurrent !== undefined) limits.concurrent = subject.limits.concurrent;
  return { kind: subject.kind, id: subject.id, label: subject.label, limits };
}
