import type { RoutePlan } from '../routing/types';
import type { Candidate } from '../routing/types';
import type { AttemptRecord } from '../store/log-types';

/** The `x-switchboard-*` response headers that say who served a call. */
export function switchboardHeaders(
  requestId: string,
  plan: RoutePlan | undefined,
  candidate: Candidate | undefined,
  attempts: AttemptRecord[],
): Record<string, string> {
  const headers: Record<string, string> = { 'x-switchboard-request-id': requestId };
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
