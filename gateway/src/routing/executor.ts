import { GatewayError } from '../errors/gateway-error';
import type { AttemptRecord } from '../store/log-types';
import type { Candidate, RoutePlan } from './types';

/** Runs one attempt against one candidate. Resolves once the response is committed. */
export type AttemptFn<T> = (candidate: Candidate, signal: AbortSignal) => Promise<T>;

export interface ExecutionResult<T> {
  value: T;
  candidate: Candidate;
  attempts: AttemptRecord[];
}

export interface ExecuteOptions {
  /** Aborts everything, e.g. when the client disconnects. */
  signal: AbortSignal;
  /** Streams commit at their first byte, so their attempt timeout is the TTFT timeout. */
  stream: boolean;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
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
      retryAfterSeconds: last.retryAfterSeconds,
      headers: last.headers,
      cause: last,
    });
  }
}

/**
 * The one place that tries candidates: strategies only order them. Retries a candidate on
 * the route's retry statuses with exponential backoff and jitter (honouring `retry-after`),
 * then falls back to the next candidate on fallback statuses, timeouts and network errors.
 * Errors that another attempt cannot fix (400, 401…) end the request at once.
 */
export async function execute<T>(plan: RoutePlan, attempt: AttemptFn<T>, options: ExecuteOptions): Promise<ExecutionResult<T>> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const deadline = now() + plan.deadlineMs;
  const attempts: AttemptRecord[] = [];
  let last: GatewayError | undefined;
  let lastCandidate: Candidate | undefined;

  if (plan.candidates.length === 0) {
    throw new GatewayError('unavailable', `Route "${plan.route ?? ''}" has no available targets`, { code: 'no_targets', retryable: false });
  }

  for (let index = 0; index < plan.candidates.length; index++) {
    const candidate = plan.candidates[index] as Candidate;
    const isLast = index === plan.candidates.length - 1;
    for (let retry = 0; ; retry++) {
      const remaining = deadline - now();
      if (remaining <= 0) {
        throw new ExecutionError(last ?? deadlineError(), attempts, lastCandidate);
      }
      const started = now();
      const limit = options.stream ? Math.min(candidate.policy.timeoutMs, candidate.policy.ttftTimeoutMs) : candidate.policy.timeoutMs;
      const timeoutMs = Math.min(limit, remaining);
      const controller = new AbortController();
      const onAbort = (): void => controller.abort(options.signal.reason);
      options.signal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => controller.abort(attemptTimeout(candidate, timeoutMs)), timeoutMs);
      try {
        const value = await attempt(candidate, controller.signal);
        attempts.push(record(candidate, 200, now() - started, 'ok'));
        return { value, candidate, attempts };
      } catch (caught) {
        const error = asGatewayError(caught, candidate, controller.signal);
        lastCandidate = candidate;
        if (options.signal.aborted) throw new ExecutionError(error, attempts, candidate);
        last = error;
        const canRetry = retry < candidate.policy.retry.attempts && isRetryable(error, candidate.policy.retry.on);
        const canFallback = !isLast && shouldFallback(error, candidate.policy.fallbackOn);
        const outcome = canRetry ? 'retry' : canFallback ? 'fallback' : 'failed';
        attempts.push(record(candidate, error.status, now() - started, outcome, error.message));
        if (canRetry) {
          await sleep(Math.min(backoffMs(candidate, retry, error), Math.max(0, deadline - now())), options.signal).catch(() => undefined);
          if (options.signal.aborted) throw new ExecutionError(error, attempts, candidate);
          continue;
        }
        if (canFallback) break;
        throw new ExecutionError(error, attempts, candidate);
      } finally {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
      }
    }
  }
  throw new ExecutionError(last ?? deadlineError(), attempts, lastCandidate);
}

function isRetryable(error: GatewayError, statuses: number[]): boolean {
  return error.code === 'provider_unreachable' || statuses.includes(error.status);
}

function shouldFallback(error: GatewayError, statuses: number[]): boolean {
  if (error.kind === 'timeout' || error.code === 'provider_unreachable') return true;
  // A request only some targets can take (e.g. a PDF block, native to Anthropic only).
  if (error.code === 'untranslatable_content') return true;
  return statuses.includes(error.status);
}

/** Exponential backoff with full jitter; an upstream `retry-after` wins when longer. */
function backoffMs(candidate: Candidate, retry: number, error: GatewayError): number {
  const { backoffMs: base, maxBackoffMs } = candidate.policy.retry;
  const exponential = Math.min(maxBackoffMs, base * 2 ** retry);
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  const upstream = error.retryAfterSeconds === undefined ? 0 : error.retryAfterSeconds * 1000;
  return Math.min(Math.max(jittered, upstream), Math.max(maxBackoffMs, 60_000));
}

function asGatewayError(caught: unknown, candidate: Candidate, signal: AbortSignal): GatewayError {
  if (caught instanceof GatewayError) return caught;
  if (signal.aborted && signal.reason instanceof GatewayError) return signal.reason;
  return new GatewayError('internal', `Attempt against provider "${candidate.provider.name}" failed unexpectedly`, {
    provider: candidate.provider.name,
    retryable: false,
    cause: caught,
  });
}

function attemptTimeout(candidate: Candidate, ms: number): GatewayError {
  return new GatewayError('timeout', `Provider "${candidate.provider.name}" did not answer within ${ms} ms`, {
    status: 504,
    code: 'upstream_timeout',
    provider: candidate.provider.name,
    retryable: true,
  });
}

function deadlineError(): GatewayError {
  return new GatewayError('timeout', 'The request deadline passed before any target answered', { status: 504, code: 'deadline_exceeded' });
}

function record(candidate: Candidate, status: number | null, latencyMs: number, outcome: AttemptRecord['outcome'], error?: string): AttemptRecord {
  const entry: AttemptRecord = { provider: candidate.provider.name, model: candidate.model, status, latencyMs, outcome };
  if (error !== undefined) entry.error = error;
  return entry;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
