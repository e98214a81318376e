import type { Config, RouteConfig, TargetConfig } from '../config/schema';
import { routeNameFor } from '../routing/wildcard-routes';

type PiiMode = NonNullable<RouteConfig['guardrails']>['pii'];

/** How much of the PII a mode keeps from the provider, least first. */
const STRICTNESS: Record<PiiMode, number> = { off: 0, mask: 1, restore: 2, redact: 3, block: 4 };

/** Per config object (a reload makes a new one), the mode each named route resolves to. */
const resolved = new WeakMap<Config, Map<string, PiiMode>>();

/**
 * The PII mode a request for `model` runs under, from the route it reaches: the strictest of its own and of every route
 * it can reach, through route references, inline routes, conditional rules and its default.
 * Scrubbing runs once, on the client's body, before a rule has picked a branch, so a route
 * that asked for `redact` or `block` must not be reached unscrubbed through another route.
 * A request that ends up elsewhere may be scrubbed more than its own target needs: the safe
 * side to err on.
 */
export function piiModeFor(config: Config, model: string): PiiMode {
  // The route the model name reaches, a wildcard route's included; kept by route name only, as
  // the name comes from the client and may be anything.
  const route = routeNameFor(config, model);
  if (route === undefined) return 'off';
  let modes = resolved.get(config);
  if (!modes) {
    modes = new Map();
    resolved.set(config, modes);
  }
  let mode = modes.get(route);
  if (mode === undefined) {
    mode = strictestIn(config, config.routes[route]!, new Set([route]));
    modes.set(route, mode);
  }
  return mode;
}

function strictestIn(config: Config, route: RouteConfig, seen: Set<string>): PiiMode {
  let mode: PiiMode = route.guardrails?.pii ?? 'off';
  const consider = (next: PiiMode): void => {
    if (STRICTNESS[next] > STRICTNESS[mode]) mode = next;
  };
  const named = (name: string | undefined): void => {
    // Cycles are refused at load; `seen` only keeps a bad config from looping here.
    if (name === undefined || seen.has(name)) return;
    const target = config.routes[name];
    if (!target) return;
    seen.add(name);
    consider(strictestIn(config, target, seen));
  };
  for (const target of route.targets) visit(target);
  for (const rule of route.rules ?? []) named(rule.route);
  named(route.default);
  return mode;

  function visit(target: TargetConfig): void {
    if ('provider' in target) return;
    if ('strategy' in target) consider(strictestIn(config, target, seen));
    else named(target.route);
  }
}
