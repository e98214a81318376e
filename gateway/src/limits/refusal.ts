/**
 * The 429 a refused request gets. Its `x-ratelimit-*` headers report every limit that applies,
 * not only the one that refused: a client pacing itself from them (OpenAI cookbook style) needs
 * the other limit's state most when it has just been refused.
 */
import { GatewayError } from '../errors/gateway-error';
import type { ConsumeResult, WindowState } from './counter-store';
import type { LimitSubject } from './limit-types';
import { formatResetDuration, rateLimitHeaders } from './ratelimit-headers';

/** Why the limiter refused a request. */
export type Refused =
  | { unit: 'requests' | 'tokens'; subject: LimitSubject; result: ConsumeResult; requested: number }
  | { unit: 'concurrent'; subject: LimitSubject; limit: number };

/** The tightest request and token windows across a request's subjects (the refused unit's as it refused). */
export interface LimitStates {
  requests?: WindowState;
  tokens?: WindowState;
}

/** The window with less room left (or, tied, the later reset): the limit the caller will hit first. */
export function tighter<S extends WindowState>(current: S | undefined, next: S): S {
  if (!current) return next;
  if (next.remaining !== current.remaining) return next.remaining < current.remaining ? next : current;
  return next.resetAt > current.resetAt ? next : current;
}

/** `x-ratelimit-*` headers for whichever windows are given. */
export function limitHeaders({ requests, tokens }: LimitStates, now: number): Record<string, string> {
  return rateLimitHeaders({
    requests: requests && { limit: requests.limit, remaining: requests.remaining, resetMs: requests.resetAt - now },
    tokens: tokens && { limit: tokens.limit, remaining: tokens.remaining, resetMs: tokens.resetAt - now },
  });
}

/** The 429 for a refusal, with the headers of every limit's state. */
export function refusalError(refused: Refused, states: LimitStates, now: number): GatewayError {
  const headers = limitHeaders(states, now);
  if (refused.unit === 'concurrent') {
    return new GatewayError('rate_limit', `Too many requests in flight for ${describe(refused.subject)}: the limit is ${refused.limit} at a time. Try again when one finishes.`, {
      code: 'rate_limit_exceeded',
      retryAfterSeconds: 1,
      headers,
    });
  }
  const { subject, result, requested } = refused;
  const name = refused.unit === 'requests' ? 'requests per minute (RPM)' : 'tokens per minute (TPM)';
  if (result.retryAt === undefined) {
    // Bigger than the whole allowance: waiting will not help, so clients must not retry.
    return new GatewayError('rate_limit', `Request too large for ${describe(subject)} on ${name}: limit ${result.limit}, requested ${requested}.`, {
      code: 'rate_limit_exceeded',
      retryable: false,
      headers: { ...headers, 'x-should-retry': 'false' },
    });
  }
  const waitMs = Math.max(0, result.retryAt - now);
  const used = result.limit - result.remaining;
  return new GatewayError(
    'rate_limit',
    `Rate limit reached for ${describe(subject)} on ${name}: limit ${result.limit}, used ${used}, requested ${requested}. Please try again in ${formatResetDuration(waitMs)}.`,
    { code: 'rate_limit_exceeded', retryAfterSeconds: waitMs / 1000, headers },
  );
}

function describe(subject: LimitSubject): string {
  const label = subject.label ?? subject.id;
  return subject.kind === 'route' ? `route '${label}'` : `${subject.kind} '${label}'`;
}
