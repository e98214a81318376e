/** Rate-limit headers in OpenAI's style, which OpenAI-compatible clients already parse. */

/** One limit's state as the headers report it. */
export interface LimitState {
  limit: number;
  remaining: number;
  /** Milliseconds until the counter is back to its full allowance. */
  resetMs: number;
}

/**
 * A duration the way OpenAI writes `x-ratelimit-reset-*` (Go's notation): `120ms`, `1s`,
 * `8.64s`, `6m0s`, `1h2m3s`. Rounded up to the millisecond so a client never retries early.
 */
export function formatResetDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms));
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const secondsText = `${seconds(total % 60_000)}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}

/**
 * Whole milliseconds as seconds with the trailing zeros of the fraction dropped (8640 → `8.64`).
 * Integer arithmetic: every response carries these, and toFixed plus a regex cost more.
 */
function seconds(ms: number): string {
  const whole = Math.floor(ms / 1000);
  let fraction = ms % 1000;
  if (fraction === 0) return String(whole);
  let digits = 3;
  while (fraction % 10 === 0) {
    fraction /= 10;
    digits -= 1;
  }
  return `${whole}.${String(fraction).padStart(digits, '0')}`;
}

/** `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` for whichever states are given. */
export function rateLimitHeaders(states: { requests?: LimitState; tokens?: LimitState }): Record<string, string> {
  // Literal names (not built per unit) keep the object in V8's fast shape; it is built per request.
  const headers: Record<string, string> = {};
  const { requests, tokens } = states;
  if (requests) {
    headers['x-ratelimit-limit-requests'] = String(requests.limit);
    headers['x-ratelimit-remaining-requests'] = remainingText(requests);
    headers['x-ratelimit-reset-requests'] = formatResetDuration(requests.resetMs);
  }
  if (tokens) {
    headers['x-ratelimit-limit-tokens'] = String(tokens.limit);
    headers['x-ratelimit-remaining-tokens'] = remainingText(tokens);
    headers['x-ratelimit-reset-tokens'] = formatResetDuration(tokens.resetMs);
  }
  return headers;
}

const remainingText = (state: LimitState): string => String(Math.max(0, Math.floor(state.remaining)));
