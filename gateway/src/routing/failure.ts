/**
 * How the executor reads a failed attempt: retry the same target, fall back to the next one,
 * count it against the target's circuit breaker, or give up.
 */
import { CONTENT_FILTER, type FallbackTrigger } from '../config/schema';
import { GatewayError } from '../errors/gateway-error';
import type { CancelSignal } from '../upstream/cancel';
import type { AttemptPolicy, Candidate } from './types';

/**
 * The providers' ways of saying "the prompt does not fit this model": OpenAI's
 * `context_length_exceeded` ("This model's maximum context length is N tokens"), Anthropic's
 * "prompt is too long: N tokens > M maximum" and "input length and `max_tokens` exceed context
 * limit", Gemini's INVALID_ARGUMENT "The input token count (N) exceeds the maximum number of
 * tokens allowed (M)", and the wording of OpenAI-compatible servers (vLLM, Ollama, Groq).
 */
const CONTEXT_LENGTH_MESSAGES = [
  /context_length_exceeded/i,
  /maximum context length/i,
  /prompt is too long/i,
  /exceeds? (the )?context (window|limit|length)/i,
  /input token count.*exceeds the maximum/i,
  /too many (input )?tokens/i,
  /reduce the length of the (messages|prompt|input)/i,
];

/** True when a target refused the request for its size: a larger-window target may take it. */
export function isContextLengthError(error: GatewayError): boolean {
  if (error.code === 'context_length_exceeded') return true;
  // Only client errors: a 5xx mentioning tokens is an outage, handled as one.
  if (error.status !== 400 && error.status !== 413 && error.status !== 422) return false;
  return CONTEXT_LENGTH_MESSAGES.some((pattern) => pattern.test(error.message));
}

/**
 * Codes of a target that was never tried, because this request cannot go there: content only
 * another provider reads (`untranslatable_content`), an endpoint it does not have
 * (`completions_unsupported`), or a route the candidate comes through
 * that is at its `limits` (`route_rate_limited`, pipeline/route-holds.ts). The executor skips
 * such a target and tries the next; the refusal is the answer only when none did better.
 */
export const ROUTE_RATE_LIMITED = 'route_rate_limited';
const CANNOT_TAKE_CODES = new Set(['untranslatable_content', 'completions_unsupported', ROUTE_RATE_LIMITED]);

export const cannotTake = (error: GatewayError): boolean => CANNOT_TAKE_CODES.has(error.code);

/** Upstream trouble the target's breaker should count: 5xx, 429, 408, timeouts, network errors. */
export function countsAgainstTarget(error: GatewayError): boolean {
  if (error.code === 'credential_unavailable' || error.code === 'aborted' || cannotTake(error)) return false;
  if (error.kind === 'timeout' || error.code === 'provider_unreachable') return true;
  return error.status >= 500 || error.status === 429 || error.status === 408;
}

/**
 * Codes that come with a retryable status but that waiting cannot fix: an account out of
 * credit answers 429 `insufficient_quota` to every retry; a key that is not set, or that Entra
 * refused to sign in with, is not there a moment later either. The next target may still take it.
 */
const PERSISTENT_CODES = new Set(['insufficient_quota', 'billing_hard_limit_reached', 'credential_unavailable']);

export function isRetryable(error: GatewayError, statuses: number[]): boolean {
  if (PERSISTENT_CODES.has(error.code)) return false;
  return error.code === 'provider_unreachable' || statuses.includes(error.status);
}

/**
 * A provider's content filter refused the call: Azure OpenAI's `content_filter` (a 400 naming
 * the filtered categories), OpenAI's `content_policy_violation`, Anthropic's 400 "Output
 * blocked by content filtering policy". Another provider, with filters of its own, may answer;
 * whether to ask it is the route's choice (`fallbackOn: [..., content_filter]`), since a
 * filter may be there by policy.
 */
const CONTENT_FILTER_CODES = new Set([CONTENT_FILTER, 'content_policy_violation']);
const CONTENT_FILTER_MESSAGE = /blocked by content filtering policy/i;

export function isContentFilterRefusal(error: GatewayError): boolean {
  return error.status === 400 && (CONTENT_FILTER_CODES.has(error.code) || CONTENT_FILTER_MESSAGE.test(error.message));
}

export function shouldFallback(error: GatewayError, triggers: readonly FallbackTrigger[]): boolean {
  if (error.kind === 'timeout' || error.code === 'provider_unreachable') return true;
  // A request only some targets can take (e.g. a PDF block, native to Anthropic only).
  if (cannotTake(error)) return true;
  if (isContextLengthError(error)) return true;
  if (isContentFilterRefusal(error) && triggers.includes(CONTENT_FILTER)) return true;
  return triggers.includes(error.status);
}

/**
 * How long to wait before retrying, or undefined when the upstream asks for a longer wait
 * than `maxBackoffMs`: better to move on to another target than to hold the caller.
 * Exponential backoff with jitter (half fixed, half random); an upstream `retry-after`
 * (or `retry-after-ms`) wins when it is longer.
 */
export function backoffMs(retry: AttemptPolicy['retry'], attempt: number, error: GatewayError, random: () => number): number | undefined {
  const exponential = Math.min(retry.maxBackoffMs, retry.backoffMs * 2 ** attempt);
  const jittered = exponential / 2 + random() * (exponential / 2);
  if (error.retryAfterSeconds === undefined) return jittered;
  const upstream = error.retryAfterSeconds * 1000;
  if (upstream > retry.maxBackoffMs) return undefined;
  return Math.max(jittered, upstream);
}

/** Turns whatever an attempt threw into a GatewayError naming the candidate's provider. */
export function asGatewayError(caught: unknown, candidate: Candidate, signal: CancelSignal): GatewayError {
  if (caught instanceof GatewayError) return caught;
  if (signal.aborted && signal.reason instanceof GatewayError) return signal.reason;
  return new GatewayError('internal', `Attempt against provider "${candidate.provider.name}" failed unexpectedly`, {
    provider: candidate.provider.name,
    retryable: false,
    cause: caught,
  });
}

export function attemptTimeout(candidate: Candidate, ms: number, stream: boolean): GatewayError {
  const what = stream ? 'start streaming' : 'answer';
  return new GatewayError('timeout', `Provider "${candidate.provider.name}" did not ${what} within ${Math.round(ms)} ms`, {
    status: 504,
    code: 'upstream_timeout',
    provider: candidate.provider.name,
    retryable: true,
  });
}

export function deadlineError(): GatewayError {
  return new GatewayError('timeout', 'The request deadline passed before any target answered', { status: 504, code: 'deadline_exceeded' });
}

export function noTargetsError(route: string | null): GatewayError {
  return new GatewayError('unavailable', `Route "${route ?? ''}" has no available targets`, { code: 'no_targets', retryable: false });
}

export function abortableSleep(ms: number, signal: CancelSignal): Promise<void> {
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
