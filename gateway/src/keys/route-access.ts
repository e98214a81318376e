import { GatewayError } from '../errors/gateway-error';
import type { KeyIdentity } from '../server/auth';

/**
 * Refuses (403) a key that may not use this route. `route` is the matched route's name, null
 * for provider/model pass-through; `alias` is the model name the client sent, so a key limited
 * to routes can reach a pass-through model only when that exact `provider/model` is listed.
 */
export function checkRouteAllowed(key: KeyIdentity | null, route: string | null, alias: string): void {
  if (!key || mayUse(key, route, alias)) return;
  throw new GatewayError('permission', `Gateway key '${key.name}' may not use ${route === null ? `model '${alias}'` : `route '${route}'`}`, {
    code: 'route_not_allowed',
    param: 'model',
    retryable: false,
  });
}

/**
 * Whether this key may call `alias`, served by `route` (null: provider/model pass-through): its
 * `allowedRoutes` name the route, or the name itself (a `provider/model`, or a name a wildcard
 * route takes). The one rule for calls and for `GET /v1/models`: a key limited to some routes
 * sees only what it may call, as LiteLLM's key model lists do.
 */
export function mayUse(key: KeyIdentity | null, route: string | null, alias: string): boolean {
  const allowed = key?.allowedRoutes;
  return !allowed || (route !== null && allowed.includes(route)) || allowed.includes(alias);
}

