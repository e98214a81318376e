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
  if (attempts.length > 0) headers['x-switchboard-attempts'] = String(attempts.length);
  return headers;
}
