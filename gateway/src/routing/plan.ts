import type { Config, ProviderTarget, RouteConfig, TargetConfig } from '../config/schema';
import { GatewayError } from '../errors/gateway-error';
import type { ProviderRegistry } from '../providers/registry';
import type { AttemptPolicy, Candidate, RoutePlan } from './types';

export const DEFAULT_TIMEOUT_MS = 600_000;
export const DEFAULT_TTFT_TIMEOUT_MS = 60_000;
export const DEFAULT_DEADLINE_MS = 900_000;
export const DEFAULT_FALLBACK_ON = [408, 429, 500, 502, 503, 504, 529];

const isProviderTarget = (target: TargetConfig): target is ProviderTarget => 'provider' in target;
const isRouteRef = (target: TargetConfig): target is { route: string; weight?: number } =>
  'route' in target && !('strategy' in target) && !('targets' in target);

/**
 * Resolves the model a client asked for into an ordered list of candidates: an alias (route
 * name) expands through its route tree; `provider/model` names one provider model directly.
 */
export class Router {
  constructor(
    private readonly getConfig: () => Config,
    private readonly providers: ProviderRegistry,
  ) {}

  plan(model: string): RoutePlan {
    const config = this.getConfig();
    const route = config.routes[model];
    if (route) {
      const candidates = this.expand(route, config, defaultPolicy(), new Set([model]));
      return { route: model, candidates, deadlineMs: route.deadlineMs ?? DEFAULT_DEADLINE_MS };
    }
    const slash = model.indexOf('/');
    if (slash > 0) {
      const providerName = model.slice(0, slash);
      const provider = this.providers.get(providerName);
      if (provider) {
        const target: ProviderTarget = { provider: providerName, model: model.slice(slash + 1) };
        return {
          route: null,
          candidates: [{ provider, model: target.model, target, policy: { ...defaultPolicy(), timeoutMs: provider.config.timeoutMs ?? DEFAULT_TIMEOUT_MS } }],
          deadlineMs: DEFAULT_DEADLINE_MS,
        };
      }
    }
    throw new GatewayError('not_found', `The model "${model}" is not a configured alias and names no configured provider (use an alias or provider/model)`, {
      code: 'model_not_found',
      param: 'model',
      retryable: false,
    });
  }

  private expand(route: RouteConfig, config: Config, inherited: AttemptPolicy, seen: Set<string>): Candidate[] {
    const policy = routePolicy(route, inherited);
    const ordered = route.strategy === 'single' ? route.targets.slice(0, 1) : route.targets;
    const candidates: Candidate[] = [];
    for (const target of ordered) {
      if (isProviderTarget(target)) {
        const provider = this.providers.get(target.provider);
        if (!provider) continue; // config validation refuses unknown providers; a race with reload just skips
        const timeoutMs = target.timeoutMs ?? route.timeoutMs ?? provider.config.timeoutMs ?? policy.timeoutMs;
        candidates.push({ provider, model: target.model, target, policy: { ...policy, timeoutMs } });
      } else if (isRouteRef(target)) {
        const nested = config.routes[target.route];
        if (!nested || seen.has(target.route)) continue;
        candidates.push(...this.expand(nested, config, policy, new Set([...seen, target.route])));
      } else {
        candidates.push(...this.expand(target, config, policy, seen));
      }
    }
    return candidates;
  }
}

function defaultPolicy(): AttemptPolicy {
  return {
    timeoutMs: DEFAULT_TIMEOUT_MS,
    ttftTimeoutMs: DEFAULT_TTFT_TIMEOUT_MS,
    retry: { attempts: 0, backoffMs: 250, maxBackoffMs: 10_000, on: [429, 500, 502, 503, 504] },
    fallbackOn: DEFAULT_FALLBACK_ON,
  };
}

/** A nested route inherits its parent's policy and overrides what it sets. */
function routePolicy(route: RouteConfig, inherited: AttemptPolicy): AttemptPolicy {
  return {
    timeoutMs: route.timeoutMs ?? inherited.timeoutMs,
    ttftTimeoutMs: route.ttftTimeoutMs ?? inherited.ttftTimeoutMs,
    retry: route.retry ?? inherited.retry,
    fallbackOn: route.fallbackOn ?? inherited.fallbackOn,
  };
}
