import { estimateTokens } from '../canonical/estimate-tokens';
import type { Config, ProviderTarget, RouteConfig, TargetConfig } from '../config/schema';
import { didYouMean } from '../config/suggest';
import { GatewayError } from '../errors/gateway-error';
import { PriceTable, priceForTarget } from '../pricing/price-table';
import type { ProviderRegistry } from '../providers/registry';
import { BreakerRegistry } from './breaker';
import { resolveFacts } from './facts';
import type { ResolvedFacts } from './facts';
import { DEFAULT_DEADLINE_MS, defaultPolicy, routePolicy } from './policy';
import { strategies } from './strategies';
import type { Branch, StrategyContext } from './strategies';
import { TargetStats } from './stats';
import type { AttemptPolicy, Candidate, RoutePlan, RoutingFacts, RoutingHealth } from './types';
import type { UpstreamQuotas } from '../upstream/upstream-quotas';
import { ASKED_MODEL, isWildcardRoute, routeNameFor } from './wildcard-routes';

export { DEFAULT_DEADLINE_MS, DEFAULT_FALLBACK_ON, DEFAULT_TIMEOUT_MS, DEFAULT_TTFT_TIMEOUT_MS } from './policy';

const isProviderTarget = (target: TargetConfig): target is ProviderTarget => 'provider' in target;
const isRouteRef = (target: TargetConfig): target is { route: string; weight?: number } =>
  'route' in target && !('strategy' in target) && !('targets' in target);

/**
 * A route whose plan depends on nothing but its config: `single` or `fallback` over provider
 * targets only. Facts, randomness and latency stats never reorder it; health is the
 * executor's to check at each attempt.
 */
const isFixed = (route: RouteConfig): boolean => (route.strategy === 'single' || route.strategy === 'fallback') && route.targets.every(isProviderTarget);

export interface RouterOptions {
  /** Circuit breaker state, shared with the admin API. One per gateway. */
  breakers?: BreakerRegistry;
  /** Latency averages for lowest-latency routes. One per gateway. */
  stats?: TargetStats;
  /** Prices and context windows (lowest-cost, context-window skips). */
  prices?: PriceTable;
  /** Uniform in [0, 1) for loadbalance; tests pass a seeded one. */
  random?: () => number;
  /** Provider rate limits read from answers: a target with a spent window is skipped while another can serve. */
  quotas?: UpstreamQuotas;
}

/**
 * Resolves the model a client asked for into an ordered list of candidates: an alias (route
 * name) expands through its route tree, each route's strategy ordering its targets;
 * `provider/model` names one provider model directly.
 */
export class Router {
  readonly breakers: BreakerRegistry;
  readonly stats: TargetStats;
  private readonly prices: PriceTable;
  private readonly random: () => number;
  private readonly health: RoutingHealth;
  /**
   * Candidates of fixed routes (see isFixed), by route object and name: such a route plans the
   * same list for every request, so it is expanded once. A reloaded config brings new route
   * objects, and the old ones' entries go with them.
   */
  private readonly fixed = new WeakMap<RouteConfig, Map<string, Candidate[]>>();

  constructor(
    private readonly getConfig: () => Config,
    private readonly providers: ProviderRegistry,
    options: RouterOptions = {},
  ) {
    this.breakers = options.breakers ?? new BreakerRegistry();
    this.stats = options.stats ?? new TargetStats();
    this.prices = options.prices ?? PriceTable.bundled();
    this.random = options.random ?? Math.random;
    this.health = { breakers: this.breakers, stats: this.stats, quotas: options.quotas };
  }

  /** The candidates for `model`, ordered for this request. `facts` feed conditional and cost rules. */
  plan(model: string, facts?: RoutingFacts): RoutePlan {
    const config = this.getConfig();
    const estimatedTokens = facts?.estimatedTokens ?? (facts?.request ? estimateTokens(facts.request) : undefined);
    const { health } = this;
    // The route of that name, else a wildcard route's (routing/wildcard-routes.ts).
    const name = routeNameFor(config, model);
    const route = name === undefined ? undefined : config.routes[name];
    if (route && name !== undefined) {
      // The rest of the facts (images, last user text) only when a strategy may read them: a
      // fixed route, the usual kind, plans the same list for every request. A wildcard route's
      // targets may name the model asked for, so its lists are not kept.
      const candidates = (name === model ? this.fixedCandidates(route, model) : undefined) ?? this.expand(config, route, name, resolveFacts(facts, estimatedTokens), model);
      return { route: name, candidates, deadlineMs: route.deadlineMs ?? DEFAULT_DEADLINE_MS, estimatedTokens, health };
    }
    const slash = model.indexOf('/');
    // `openai/` names a provider but no model: sent on, it would reach the provider as "".
    if (slash > 0 && slash < model.length - 1) {
      const target: ProviderTarget = { provider: model.slice(0, slash), model: model.slice(slash + 1) };
      const candidate = this.candidate(target, undefined, defaultPolicy());
      if (candidate) return { route: null, candidates: [candidate], deadlineMs: DEFAULT_DEADLINE_MS, estimatedTokens, health };
    }
    throw new GatewayError('not_found', `The model "${model}" is not a configured alias and names no configured provider${suggestion(model, config, facts)} (use an alias or provider/model, GET /v1/models lists them; a wildcard route such as claude-* takes every name it matches)`, {
      code: 'model_not_found',
      param: 'model',
      retryable: false,
    });
  }

  /** `name` is the route's, `asked` the model name the client sent (another only for a wildcard route). */
  private expand(config: Config, route: RouteConfig, name: string, facts: ResolvedFacts, asked: string): Candidate[] {
    const context: StrategyContext = { facts, random: this.random, stats: this.stats };
    const candidates = new Expansion(this, config, context, asked).route(route, defaultPolicy(), [name]);
    if (asked !== name) return candidates;
    // Only a whole list is kept: a target whose provider is missing (a reload in progress)
    // must be found again once its provider is there. (Today every reload also replaces the
    // providers the list holds, which fixedCandidates notices; this holds without that.)
    if (isFixed(route) && candidates.length === (route.strategy === 'single' ? Math.min(1, route.targets.length) : route.targets.length)) {
      let byName = this.fixed.get(route);
      if (byName === undefined) this.fixed.set(route, (byName = new Map()));
      byName.set(name, candidates);
    }
    return candidates.slice();
  }

  /**
   * A fixed route's candidates as last expanded (a copy of the list; the candidates themselves
   * are never changed after planning). Undefined when the route is not fixed, was not expanded
   * yet, or one of its providers has been replaced or removed since.
   */
  private fixedCandidates(route: RouteConfig, name: string): Candidate[] | undefined {
    // By name too: a YAML alias (`b: *a`) gives two names one route object, and each
    // candidate carries the name it was reached by (Candidate.routes), which its limits read.
    const candidates = this.fixed.get(route)?.get(name);
    if (candidates === undefined) return undefined;
    for (const candidate of candidates) if (this.providers.get(candidate.provider.name) !== candidate.provider) return undefined;
    return candidates.slice();
  }

  /** A provider target as a candidate, or undefined when its provider is gone (a reload race). */
  candidate(target: ProviderTarget, route: RouteConfig | undefined, policy: AttemptPolicy): Candidate | undefined {
    const provider = this.providers.get(target.provider);
    if (!provider) return undefined;
    const timeoutMs = target.timeoutMs ?? route?.timeoutMs ?? provider.config.timeoutMs ?? policy.timeoutMs;
    const candidate: Candidate = { provider, model: target.model, target, policy: Object.assign({}, policy, { timeoutMs }), key: `${provider.name}/${target.model}` };
    const price = priceForTarget(this.prices, provider.config, target.model, target.price);
    if (price) {
      candidate.price = price;
      const window = price.maxInputTokens ?? price.contextWindow;
      if (window !== undefined) candidate.maxPromptTokens = window;
    }
    return candidate;
  }
}

/**
 * ` — did you mean "x"?` for a typo of a route name, or ''. Only routes the caller's key may
 * call are suggested, and only when the key is known (chat requests): a key limited to some
 * routes must not learn the names of others from its typos.
 */
function suggestion(model: string, config: Config, facts: RoutingFacts | undefined): string {
  if (facts === undefined) return '';
  const allowed = facts.key?.allowedRoutes;
  const names = Object.keys(config.routes).filter((name) => !isWildcardRoute(name));
  return didYouMean(model, allowed ? names.filter((name) => allowed.includes(name)) : names);
}

/**
 * One request's walk down a route tree. `path` is the named routes walked so far, the one the
 * client named first: each candidate keeps it (`Candidate.routes`), so every route a request
 * may end up in is known to the limits, and it also stops a bad config from looping.
 */
class Expansion {
  constructor(
    private readonly router: Router,
    private readonly config: Config,
    private readonly context: StrategyContext,
    /** The model name the client sent: what a target's model `*` stands for. */
    private readonly asked: string,
  ) {}

  route(route: RouteConfig, inherited: AttemptPolicy, path: readonly string[]): Candidate[] {
    const policy = routePolicy(route, inherited);
    const branches = route.strategy === 'conditional' ? this.ruleBranches(route, policy, path) : route.targets.map((target) => this.branch(target, route, policy, path));
    return strategies[route.strategy].order(branches, this.context).flatMap((branch) => branch.candidates());
  }

  private branch(target: TargetConfig, route: RouteConfig, policy: AttemptPolicy, path: readonly string[]): Branch {
    return lazyBranch(target.weight ?? 1, () => {
      if (isProviderTarget(target)) return this.provider(target, route, policy, path);
      if (isRouteRef(target)) return this.named(target.route, policy, path);
      return this.route(target, policy, path);
    });
  }

  private ruleBranches(route: RouteConfig, policy: AttemptPolicy, path: readonly string[]): Branch[] {
    const branches: Branch[] = (route.rules ?? []).map((rule) =>
      lazyBranch(
        1,
        () => {
          if (rule.route !== undefined) return this.named(rule.route, policy, path);
          return rule.target ? this.provider(rule.target, route, policy, path) : [];
        },
        { when: rule.when },
      ),
    );
    const fallbackRoute = route.default;
    if (fallbackRoute !== undefined) branches.push(lazyBranch(1, () => this.named(fallbackRoute, policy, path), { isDefault: true }));
    return branches;
  }

  private provider(target: ProviderTarget, route: RouteConfig, policy: AttemptPolicy, path: readonly string[]): Candidate[] {
    const candidate = this.router.candidate(target.model === ASKED_MODEL ? Object.assign({}, target, { model: this.asked }) : target, route, policy);
    if (!candidate) return [];
    candidate.routes = path;
    return [candidate];
  }

  /** A route by name; config validation refuses cycles, and a reload race just yields nothing. */
  private named(name: string, policy: AttemptPolicy, path: readonly string[]): Candidate[] {
    const nested = this.config.routes[name];
    if (!nested || path.includes(name)) return [];
    return this.route(nested, policy, [...path, name]);
  }
}

function lazyBranch(weight: number, expand: () => Candidate[], extra: { when?: unknown; isDefault?: boolean } = {}): Branch {
  let candidates: Candidate[] | undefined;
  return {
    weight,
    ...extra,
    candidates: () => (candidates ??= expand()),
  };
}
