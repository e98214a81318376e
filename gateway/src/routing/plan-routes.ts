import type { Candidate, RoutePlan } from './types';

const NONE: readonly string[] = Object.freeze([]);

/**
 * Which routes' `limits` a request counts against, and when. A route every candidate comes
 * through (the one the client named, and a route it hands the whole request to) is counted up
 * front, when the request is admitted. A route only some candidates come through (one branch of
 * a `fallback` or `loadbalance`) is counted when one of its candidates is tried
 * (`pipeline/route-holds.ts`): a fallback's limit then neither throttles the calls its primary
 * answers nor lets failovers past it.
 */

/**
 * The named routes every candidate of a plan comes through, the one the client named first.
 * When every candidate came the same way (one route's own targets, the usual case) that shared
 * list is returned, so nothing is built. Empty for `provider/model` pass-through, which names
 * no route.
 */
export function sharedRoutes(plan: RoutePlan): readonly string[] {
  if (plan.route === null) return NONE;
  const { candidates } = plan;
  const first = candidates[0]?.routes;
  if (first === undefined) return [plan.route];
  if (first[0] === plan.route && sameForAll(candidates, first)) return first;
  const shared: string[] = [plan.route];
  for (const route of first) if (route !== plan.route && candidates.every((candidate) => candidate.routes?.includes(route))) shared.push(route);
  return shared;
}

/** Whether some candidate comes through a route that is not in `shared` (then `ownRoutes` has work). */
export function hasOwnRoutes(plan: RoutePlan, shared: readonly string[]): boolean {
  return plan.route !== null && plan.candidates.some((candidate) => ownRoutes(candidate, shared).length > 0);
}

/** The routes `candidate` comes through that not every candidate does: counted when it is tried. */
export function ownRoutes(candidate: Candidate, shared: readonly string[]): readonly string[] {
  const { routes } = candidate;
  if (routes === undefined || routes === shared) return NONE;
  const own = routes.filter((route) => !shared.includes(route));
  return own.length === 0 ? NONE : own;
}

function sameForAll(candidates: readonly Candidate[], routes: readonly string[]): boolean {
  for (let i = 1; i < candidates.length; i++) if (candidates[i]!.routes !== routes) return false;
  return true;
}
