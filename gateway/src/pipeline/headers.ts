import type { ClientShape } from '../providers/types';
import type { RoutePlan } from '../routing/types';
import type { Candidate } from '../routing/types';
import type { AttemptRecord } from '../store/log-types';

/**
 * The request's id, under the gateway's own name and under the name the caller's SDK reads it
 * from: OpenAI's `x-request-id` (`response._request_id`) or Anthropic's `request-id`
 * (`message._request_id`, `APIError.requestID`). One id, so what an SDK user quotes from an
 * error is the row to open in Logs.
 */
export function requestIdHeaders(requestId: string, shape: ClientShape): Record<string, string> {
  return shape === 'anthropic' ? { 'x-switchboard-request-id': requestId, 'request-id': requestId } : { 'x-switchboard-request-id': requestId, 'x-request-id': requestId };
}

/**
 * A name as a header value. A caller's `provider/model`, or a route or provider named in the
 * config, may hold what no header can (non-Latin text, a line break); Node throws on it when
 * the answer is written, after the provider call was made, and the caller got a 500 instead.
 */
export const headerValue = (name: string): string => (HEADER_SAFE.test(name) ? name : encodeURIComponent(name));
const HEADER_SAFE = /^[\x20-\x7e]*$/;

/**
 * Adds `from`'s headers (a gate's rate-limit headers, say) to `into`; returns `into`. Set one
 * by one: merging objects with Object.assign takes V8's generic path for every member, on
 * every call.
 */
export function addHeaders<T extends Record<string, string | number>>(into: T, from: Readonly<Record<string, string>>): T {
  for (const name in from) (into as Record<string, string | number>)[name] = from[name] as string;
  return into;
}

/** An answer from the cache: who routed it (no provider served it), the gate's headers, `x-switchboard-cache: hit` and nothing charged. */
export function cacheHitHeaders(requestId: string, shape: ClientShape, plan: RoutePlan, gateHeaders: Readonly<Record<string, string>>): Record<string, string> {
  const headers = addHeaders(switchboardHeaders(requestId, shape, plan, undefined, []), gateHeaders);
  headers['x-switchboard-cache'] = 'hit';
  headers['x-switchboard-cost-usd'] = NOTHING_CHARGED;
  return headers;
}
const NOTHING_CHARGED = (0).toFixed(8);

/** The `x-switchboard-*` response headers that say who served a call, with the request's id. */
export function switchboardHeaders(
  requestId: string,
  shape: ClientShape,
  plan: RoutePlan | undefined,
  candidate: Candidate | undefined,
  attempts: AttemptRecord[],
): Record<string, string> {
  const headers = requestIdHeaders(requestId, shape);
  if (plan?.route) headers['x-switchboard-route'] = headerValue(plan.route);
  if (candidate) {
    headers['x-switchboard-provider'] = headerValue(candidate.provider.name);
    headers['x-switchboard-model'] = headerValue(candidate.model);
  }
  // Targets skipped without a call (open breaker, context too small) are in the log, not here.
  const sent = attempts.filter((attempt) => attempt.outcome !== 'skipped').length;
  if (sent > 0) headers['x-switchboard-attempts'] = String(sent);
  return headers;
}
