import type { RoutePlan } from './types';

const NONE: readonly string[] = Object.freeze([]);

/**
 * Every named route a plan's candidates come from, the one the client named first, each once:
 * the routes whose `limits` a request counts against. When every candidate came the same way
 * (one route's own targets, the usual case) that shared list is returned, so nothing is built.
 * Empty for `provider/model` pass-through, which names no route.
 */
export function planRoutes(plan: RoutePlan): readonly string[] {
  if (plan.route === null) return NONE;
  const { candidates } = plan;
  const first = candidates[0]?.routes;
  // A path never names a route twice, so one shared by every candidate is the answer as it is.
  if (first !== undefined && first[0] === plan.route && sharedBy(plan, first)) return first;
  const routes = new Set<string>([plan.route]);
  for (const candidate of candidates) for (const route of candidate.routes ?? NONE) routes.add(route);
  return [...routes];
}

function sharedBy({ candidates }: RoutePlan, routes: readonly string[]): boolean {
  for (let i = 1; i < candidates.length; i++) if (candidates[i]!.routes !== routes) return false;
  return true;
}
