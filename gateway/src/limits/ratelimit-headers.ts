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
  const seconds = (total % 60_000) / 1000;
  // toFixed(3) then trimming zeros keeps 8.64 from printing as 8.640000000000001.
  const secondsText = `${seconds.toFixed(3).replace(/\.?0+$/, '')}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}

/** `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` for whichever states are given. */
export function rateLimitHeaders(states: { requests?: LimitState; tokens?: LimitState }): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const unit of ['requests', 'tokens'] as const) {
    const state = states[unit];
    if (!state) continue;
    headers[`x-ratelimit-limit-${unit}`] = String(state.limit);
    headers[`x-ratelimit-remaining-${unit}`] = String(Math.max(0, Math.floor(state.remaining)));
    headers[`x-ratelimit-reset-${unit}`] = formatResetDuration(state.resetMs);
  }
  return headers;
}
