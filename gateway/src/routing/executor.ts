import { GatewayError } from '../errors/gateway-error';
import { Cancellation } from '../upstream/cancel';
import type { CancelSignal } from '../upstream/cancel';
import type { AttemptRecord } from '../store/log-types';
import type { Admission } from './breaker';
import { abortableSleep, asGatewayError, attemptTimeout, backoffMs, cannotTake, countsAgainstTarget, deadlineError, isContextLengthError, isRetryable, noTargetsError, shouldFallback } from './failure';
import type { Candidate, RoutePlan } from './types';

/** Runs one attempt against one candidate. Resolves once the response is committed. */
export type AttemptFn<T> = (candidate: Candidate, signal: CancelSignal) => Promise<T>;

export interface ExecutionResult<T> {
  value: T;
  candidate: Candidate;
  /** Every attempt in order, skipped candidates included (outcome `skipped`). */
  attempts: AttemptRecord[];
  /** Milliseconds spent in backoffs between retries (not the gateway's own work). */
  backoffMs: number;
}

export interface ExecuteOptions {
  /** Aborts everything, e.g. when the client disconnects. */
  signal: CancelSignal;
  /** Streams commit at their first byte, so their attempt timeout is the TTFT timeout. */
  stream: boolean;
  now?: () => number;
  sleep?: (ms: number, signal: CancelSignal) => Promise<void>;
  /** Jitter source (tests pass a seeded one). */
  random?: () => number;
}

/** Thrown when every candidate failed; carries the attempts for the log. */
export class ExecutionError extends GatewayError {
  constructor(
    last: GatewayError,
    readonly attempts: AttemptRecord[],
    /** The candidate whose failure ended the request, if any was tried. */
    readonly candidate?: Candidate,
  ) {
    super(last.kind, last.message, {
      status: last.status,
      code: last.code,
      param: last.param,
      retryable: last.retryable,
      provider: last.provider,
      upstreamType: last.upstreamType,
      upstreamShape: last.upstreamShape,
      upstreamDetails: last.upstreamDetails,
      retryAfterSeconds: last.retryAfterSeconds,
      headers: last.headers,
      cause: last,
    });
  }
}

type Step<T> = { done: true; value: T } | { done: false };

/**
 * The one place that tries candidates: strategies only order them. For each candidate in
 * order: skip it when its circuit breaker is open or the prompt is larger than its context
 * window; otherwise try it, retrying on the route's retry statuses with backoff and jitter
 * (honouring `retry-after`), and fall back to the next on fallback statuses, timeouts,
 * network errors and context-length refusals. Errors another attempt cannot fix (400, 401…)
 * end the request at once. A candidate whose provider said a rate-limit window is spent is
 * skipped until it refills, unless it is the last. When nothing was sent because every
 * candidate was skipped, the one that refills soonest, else the one whose breaker opened
 * longest ago, is tried anyway: a likely failure beats a certain one.
 */
export async function execute<T>(plan: RoutePlan, attempt: AttemptFn<T>, options: ExecuteOptions): Promise<ExecutionResult<T>> {
  if (plan.candidates.length === 0) throw noTargetsError(plan.route);
  return new Execution(plan, attempt, options).run();
}

class Execution<T> {
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: CancelSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly deadline: number;
  private readonly attempts: AttemptRecord[] = [];
  private last: GatewayError | undefined;
  private lastCandidate: Candidate | undefined;
  /** After a context-length refusal, only targets with a larger (or unknown) window are tried. */
  private refusedWindow = 0;
  /** Whether any attempt got as far as the target (one it could not take does not count). */
  private sent = false;
  /** Time spent in retry backoffs (see ExecutionResult.backoffMs). */
  private backoffMs = 0;

  constructor(
    private readonly plan: RoutePlan,
    private readonly attempt: AttemptFn<T>,
    private readonly options: ExecuteOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.deadline = this.now() + plan.deadlineMs;
  }

  async run(): Promise<ExecutionResult<T>> {
    const { candidates, estimatedTokens } = this.plan;
    const fits = (c: Candidate): boolean => estimatedTokens === undefined || c.maxPromptTokens === undefined || c.maxPromptTokens >= estimatedTokens;
    // The estimate can be high by a quarter: when no target fits, let the providers decide.
    const checkWindows = candidates.some(fits);
    const open: Candidate[] = [];
    const spent: Array<{ candidate: Candidate; until: number }> = [];
    const quotas = this.plan.health?.quotas;
    for (let index = 0; index < candidates.length; index++) {
      const candidate = candidates[index] as Candidate;
      if (checkWindows && !fits(candidate)) {
        this.skip(candidate, `prompt of ~${estimatedTokens} tokens (estimated) exceeds the context window of ${candidate.maxPromptTokens}`);
        continue;
      }
      if (this.refusedWindow > 0 && candidate.maxPromptTokens !== undefined && candidate.maxPromptTokens <= this.refusedWindow) {
        this.skip(candidate, `context window of ${candidate.maxPromptTokens} is no larger than that of a target that refused the prompt`);
        continue;
      }
      // Its provider said a rate-limit window is used up: a 429 is all it would give until it refills.
      const spentWindow = index < candidates.length - 1 ? quotas?.spent(candidate.provider.name, candidate.model) : undefined;
      if (spentWindow) {
        this.skip(candidate, `provider rate limit spent (${spentWindow.window}: 0 left) until it resets in ${Math.max(1, Math.ceil((spentWindow.until - this.now()) / 1000))} s`);
        spent.push({ candidate, until: spentWindow.until });
        continue;
      }
      const admission = this.admit(candidate);
      if (admission === 'open') {
        this.skip(candidate, 'circuit breaker open');
        open.push(candidate);
        continue;
      }
      const step = await this.tryCandidate(candidate, admission, index < candidates.length - 1);
      if (step.done) return this.result(step.value, candidate);
    }
    // Nothing was sent: a likely failure beats a certain one. The target whose window refills
    // soonest, else the one whose breaker opened longest ago, is tried anyway.
    if (!this.sent && spent.length > 0) {
      const soonest = spent.reduce((a, b) => (b.until < a.until ? b : a)).candidate;
      const admission = this.admit(soonest);
      const step = await this.tryCandidate(soonest, admission === 'open' ? 'forced' : admission, false);
      if (step.done) return this.result(step.value, soonest);
    } else if (!this.sent && open.length > 0) {
      const health = this.plan.health;
      const oldest = open.reduce((a, b) => ((health?.breakers.openedAt(b.key) ?? 0) < (health?.breakers.openedAt(a.key) ?? 0) ? b : a));
      const step = await this.tryCandidate(oldest, 'forced', false);
      if (step.done) return this.result(step.value, oldest);
    }
    throw this.fail(this.last ?? (open.length > 0 ? allOpenError() : deadlineError()), this.lastCandidate);
  }

  /** One candidate, with its retries. Resolves `done: false` to move on to the next. */
  private async tryCandidate(candidate: Candidate, admission: Admission, hasNext: boolean): Promise<Step<T>> {
    const { policy } = candidate;
    for (let retry = 0; ; retry++) {
      // The client may have left before this attempt (while the body was read, the cache looked
      // up…). A Cancellation never calls a listener added after its abort, so the one below would
      // not hear it, and the attempt would go upstream (and be billed) for nobody.
      if (this.options.signal.aborted) throw this.abandon(candidate, asGatewayError(this.options.signal.reason, candidate, this.options.signal));
      if (retry > 0 && admission !== 'forced') {
        // Our own failures may have just opened the breaker: stop hammering this target.
        admission = this.admit(candidate);
        if (admission === 'open') {
          const previous = this.attempts[this.attempts.length - 1];
          if (previous) previous.outcome = hasNext ? 'fallback' : 'failed';
          return { done: false };
        }
      }
      const remaining = this.deadline - this.now();
      if (remaining <= 0) throw this.fail(this.last ?? deadlineError(), this.lastCandidate);
      const timeoutMs = Math.min(this.attemptLimit(candidate), remaining);
      const started = this.now();
      const controller = new Cancellation();
      const onAbort = (): void => controller.abort(this.options.signal.reason);
      this.options.signal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => controller.abort(attemptTimeout(candidate, timeoutMs, this.options.stream)), timeoutMs);
      try {
        const value = await this.attempt(candidate, controller);
        this.sent = true;
        const elapsed = this.now() - started;
        this.record(candidate, 200, elapsed, 'ok');
        this.report(candidate, admission, undefined, elapsed);
        return { done: true, value };
      } catch (caught) {
        const error = asGatewayError(caught, candidate, controller);
        const elapsed = this.now() - started;
        if (this.options.signal.aborted) throw this.abandon(candidate, error);
        if (cannotTake(error)) return this.skipUntried(candidate, admission, error);
        this.sent = true;
        this.lastCandidate = candidate;
        this.last = error;
        this.report(candidate, admission, error, elapsed);
        const tooLarge = isContextLengthError(error);
        let wait = retry < policy.retry.attempts && !tooLarge && isRetryable(error, policy.retry.on) ? backoffMs(policy.retry, retry, error, this.random) : undefined;
        // A wait the deadline leaves no time after is no retry: better the next target now.
        if (wait !== undefined && wait >= this.deadline - this.now()) wait = undefined;
        const canFallback = hasNext && shouldFallback(error, policy.fallbackOn);
        const outcome = wait !== undefined ? 'retry' : canFallback ? 'fallback' : 'failed';
        this.record(candidate, error.status, elapsed, outcome, error.message);
        if (wait !== undefined) {
          const since = performance.now();
          await this.sleep(Math.min(wait, Math.max(0, this.deadline - this.now())), this.options.signal).catch(() => undefined);
          this.backoffMs += performance.now() - since;
          if (this.options.signal.aborted) throw this.fail(error, candidate);
          continue;
        }
        if (!canFallback) throw this.fail(error, candidate);
        if (tooLarge) this.refusedWindow = Math.max(this.refusedWindow, candidate.maxPromptTokens ?? 0);
        return { done: false };
      } finally {
        clearTimeout(timer);
        this.options.signal.removeEventListener('abort', onAbort);
      }
    }
  }

  /**
   * A target that cannot take this request at all (content only another provider reads, such
   * as a PDF block for a non-Anthropic target, or a route it comes through that is at its
   * limits): nothing went upstream, so it is skipped. Its refusal is the answer only when no
   * target did better: a 529 from the one target that could take the request is what the
   * caller must see (and may retry), not a 400 from one that never could.
   */
  private skipUntried(candidate: Candidate, admission: Admission, error: GatewayError): Step<T> {
    this.report(candidate, admission, error, 0);
    this.skip(candidate, error.message);
    if (!this.last) {
      this.last = error;
      this.lastCandidate = candidate;
    }
    return { done: false };
  }

  /** The client went away: give back the breaker's admission (a gone client says nothing about the target). */
  private abandon(candidate: Candidate, error: GatewayError): ExecutionError {
    this.plan.health?.breakers.release(candidate.key);
    return this.fail(error, candidate);
  }

  /** How long one attempt on `candidate` may take: streams commit at their first token. */
  private attemptLimit({ policy }: Candidate): number {
    return this.options.stream ? Math.min(policy.timeoutMs, policy.ttftTimeoutMs) : policy.timeoutMs;
  }

  private admit(candidate: Candidate): Admission {
    const breakers = this.plan.health?.breakers;
    return breakers && candidate.policy.breaker ? breakers.admit(candidate.key) : 'pass';
  }

  /** Feeds the breaker and the latency averages. */
  private report(candidate: Candidate, admission: Admission, error: GatewayError | undefined, elapsed: number): void {
    const health = this.plan.health;
    if (!health) return;
    // A timeout the caller chose (x-switchboard-timeout: 1ms) is no measure of the target: it
    // must not open a breaker other keys share, nor make the target look fast or slow.
    if (error?.kind === 'timeout' && candidate.policy.callerTimeout) {
      if (admission === 'probe' && candidate.policy.breaker) health.breakers.release(candidate.key);
      return;
    }
    const metric = this.options.stream ? 'ttft' : 'latency';
    // A timeout is a real (lower-bound) measurement of a slow target. An upstream failure (5xx,
    // 429, a refused connection) counts as one: a target that fails fast every time must not
    // stay first for lowest-latency. Other errors (a 400) say nothing about the target.
    if (!error || error.kind === 'timeout') health.stats.observe(candidate.key, metric, elapsed);
    else if (countsAgainstTarget(error)) health.stats.observe(candidate.key, metric, Math.max(elapsed, this.attemptLimit(candidate)));
    const settings = candidate.policy.breaker;
    if (!settings) return;
    if (!error) health.breakers.success(candidate.key, settings, admission);
    else if (countsAgainstTarget(error)) health.breakers.failure(candidate.key, settings, admission);
    else if (admission === 'probe') health.breakers.release(candidate.key);
  }

  private skip(candidate: Candidate, reason: string): void {
    this.record(candidate, null, 0, 'skipped', reason);
  }

  private record(candidate: Candidate, status: number | null, latencyMs: number, outcome: AttemptRecord['outcome'], error?: string): void {
    const entry: AttemptRecord = { provider: candidate.provider.name, model: candidate.model, status, latencyMs: Math.round(latencyMs * 100) / 100, outcome };
    if (error !== undefined) entry.error = error;
    this.attempts.push(entry);
  }

  private result(value: T, candidate: Candidate): ExecutionResult<T> {
    return { value, candidate, attempts: this.attempts, backoffMs: this.backoffMs };
  }

  private fail(error: GatewayError, candidate: Candidate | undefined): ExecutionError {
    // The last real attempt said "fallback" or "retry", but nothing came after it (everything
    // after it was skipped, or the client left during the backoff).
    const lastSent = [...this.attempts].reverse().find((a) => a.outcome !== 'skipped');
    if (lastSent?.outcome === 'fallback' || lastSent?.outcome === 'retry') lastSent.outcome = 'failed';
    return new ExecutionError(error, this.attempts, candidate);
  }
}

function allOpenError(): GatewayError {
  return new GatewayError('unavailable', 'Every target of this route is failing (circuit breakers open)', { code: 'circuit_open', retryable: true });
}
