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

/** The `x-switchboard-*` response headers that say who served a call, with the request's id. */
export function switchboardHeaders(
  requestId: string,
  shape: ClientShape,
  plan: RoutePlan | undefined,
  candidate: Candidate | undefined,
  attempts: AttemptRecord[],
): Record<string, string> {
  const headers = requestIdHeaders(requestId, shape);
  if (plan?.route) headers['x-switchboard-route'] = plan.route;
  if (candidate) {
    headers['x-switchboard-provider'] = candidate.provider.name;
    headers['x-switchboard-model'] = candidate.model;
  }
  // Targets skipped without a call (open breaker, context too small) are in the log, not here.
  const sent = attempts.filter((attempt) => attempt.outcome !== 'skipped').length;
  if (sent > 0) headers['x-switchboard-attempts'] = String(sent);
  return headers;
}
