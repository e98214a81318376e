/**
 * Checks zod cannot express: names that must refer to something defined elsewhere in the
 * file, route cycles, and fields that only make sense together. Runs on a config that already
 * passed the schema, so the types can be trusted.
 */
import { piiConfigIssues } from '../guardrails/policy';
import { checkCondition } from '../routing/conditions/check';
import { isLoopbackName } from '../server/ingress';
import { findPreset, presetIds } from './presets';
import type { Config, ProviderConfig, ProviderTarget, RouteConfig, TargetConfig } from './schema';
import { didYouMean, listNames } from './suggest';
import type { PathIssue } from './zod-issues';

type Path = PropertyKey[];

interface RouteRefUse {
  to: string;
  path: Path;
}

const isProviderTarget = (target: TargetConfig): target is ProviderTarget => 'provider' in target;
const isRouteRef = (target: TargetConfig): target is { route: string; weight?: number } => 'route' in target && !('strategy' in target);

/** Hosts of Azure OpenAI and Foundry resources, whose paths the gateway knows. */
const AZURE_HOST = /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i;

/**
 * What is wrong with a provider's (already http(s)) baseUrl, if anything. Exported for the
 * importers, which normalise pasted URLs and must produce only what this accepts.
 */
export function baseUrlProblem(baseUrl: string, type: ProviderConfig['type']): string | undefined {
  const url = new URL(baseUrl);
  if (url.username || url.password) return 'baseUrl must not contain a user name or password: keys go in credential or apiKey';
  if (url.search) return type === 'azure' ? 'baseUrl must not have a query string: set apiVersion instead' : 'baseUrl must not have a query string';
  if (/\/(chat\/completions|completions|embeddings|messages)\/?$/.test(url.pathname)) {
    return 'baseUrl is the API root the gateway appends paths to (e.g. https://api.example.com/v1), not an endpoint URL';
  }
  if (type === 'anthropic' && /\/v1\/?$/.test(url.pathname)) return 'leave /v1 off an anthropic baseUrl: the gateway appends /v1/messages (e.g. https://api.anthropic.com)';
  // The gateway appends /openai/deployments/…: on Azure's own hosts, a pasted …/openai (the AI
  // SDK's form) or deployment URL would double it. (A proxy's path, APIM's, may be anything.)
  if (type === 'azure' && AZURE_HOST.test(url.hostname) && /\/openai(\/|$)/.test(url.pathname) && !/\/openai\/v1\/?$/.test(url.pathname)) {
    return 'an azure baseUrl is the resource root (e.g. https://NAME.openai.azure.com), or the root of its v1 API (https://NAME.openai.azure.com/openai/v1)';
  }
  return undefined;
}

class Checker {
  readonly issues: PathIssue[] = [];
  /** Route → the routes it refers to, for cycle detection. */
  readonly refs = new Map<string, RouteRefUse[]>();
  private readonly providerNames: string[];
  private readonly routeNames: string[];

  constructor(private readonly config: Config) {
    this.providerNames = Object.keys(config.providers);
    this.routeNames = Object.keys(config.routes);
  }

  add(path: Path, message: string): void {
    this.issues.push({ path, message });
  }

  provider(name: string, provider: ProviderConfig): void {
    const path = ['providers', name];
    if (provider.type === 'openai-compatible') {
      if (provider.preset !== undefined && !findPreset(provider.preset)) {
        this.add([...path, 'preset'], `unknown preset "${provider.preset}"${didYouMean(provider.preset, presetIds)} (known: ${presetIds.join(', ')})`);
      } else if (provider.preset === undefined && provider.baseUrl === undefined) {
        this.add([...path, 'baseUrl'], `an openai-compatible provider needs baseUrl (e.g. http://127.0.0.1:8080/v1) or a preset (${presetIds.join(', ')})`);
      }
    } else if (provider.preset !== undefined) {
      this.add([...path, 'preset'], `preset applies only to type openai-compatible (this provider is ${provider.type})`);
    }
    if (provider.type === 'azure' && provider.baseUrl === undefined) {
      this.add([...path, 'baseUrl'], 'an azure provider needs baseUrl, e.g. https://NAME.openai.azure.com');
    }
    if (provider.type !== 'azure' && provider.apiVersion !== undefined) {
      this.add([...path, 'apiVersion'], `apiVersion applies only to type azure (this provider is ${provider.type})`);
    } else if (provider.apiVersion !== undefined && provider.baseUrl !== undefined && /\/openai\/v1\/?$/.test(provider.baseUrl)) {
      this.add([...path, 'apiVersion'], "Azure's v1 API (a baseUrl ending in /openai/v1) takes no apiVersion");
    }
    if (provider.type !== 'azure' && provider.auth !== undefined) {
      this.add([...path, 'auth'], `auth applies only to type azure (this provider is ${provider.type}, whose key header is fixed)`);
    } else if (provider.auth === 'entra') {
      if (provider.entra === undefined) this.add([...path, 'entra'], 'auth: entra needs the service principal: entra: { tenantId, clientId }, with its client secret as the credential');
      if (provider.credential === undefined && provider.apiKey === undefined) this.add([...path, 'credential'], "auth: entra needs the service principal's client secret: credential: NAME (stored in the keychain) or apiKey: env:VAR");
    }
    if (provider.entra !== undefined && provider.auth !== 'entra') this.add([...path, 'entra'], 'entra applies only with auth: entra');
    if (provider.nativeResponses !== undefined && provider.type !== 'azure') {
      this.add([...path, 'nativeResponses'], `nativeResponses applies only to type azure (${provider.type === 'openai' ? 'openai takes the Responses API natively anyway' : `${provider.type} providers get it translated`})`);
    }
    const authority = provider.entra?.authorityHost === undefined ? undefined : new URL(provider.entra.authorityHost);
    // The client secret goes there: never in clear text off this machine.
    if (authority?.protocol === 'http:' && !isLoopbackName(authority.hostname)) {
      this.add([...path, 'entra', 'authorityHost'], 'must be https (the client secret is sent there), e.g. https://login.microsoftonline.com');
    }
    if (provider.baseUrl !== undefined) this.baseUrl([...path, 'baseUrl'], provider.baseUrl, provider.type);
  }

  private baseUrl(path: Path, baseUrl: string, type: ProviderConfig['type']): void {
    const problem = baseUrlProblem(baseUrl, type);
    if (problem !== undefined) this.add(path, problem);
  }

  route(name: string, route: RouteConfig): void {
    const uses: RouteRefUse[] = [];
    this.refs.set(name, uses);
    // The schema shares its keys with inline routes, where weight has a meaning; here it has none.
    if (route.weight !== undefined) {
      this.add(['routes', name, 'weight'], `weight belongs on the targets of a loadbalance route, not on a route: to weight this route, reference it from one ({ route: ${name}, weight: ${route.weight} })`);
    }
    this.routeBody(route, ['routes', name], uses);
  }

  private routeBody(route: RouteConfig, path: Path, uses: RouteRefUse[]): void {
    if (route.strategy === 'conditional') {
      this.conditional(route, path, uses);
    } else {
      if (route.rules !== undefined) this.add([...path, 'rules'], `rules apply only when strategy is conditional (this route's strategy is ${route.strategy})`);
      if (route.default !== undefined) this.add([...path, 'default'], `default applies only when strategy is conditional (this route's strategy is ${route.strategy})`);
      if (route.targets.length === 0) this.add([...path, 'targets'], 'a route needs at least one target');
      if (route.strategy === 'single' && route.targets.length > 1) {
        this.add([...path, 'targets'], `strategy single takes exactly one target (found ${route.targets.length}); use fallback to try them in order`);
      }
    }
    route.targets.forEach((target, index) => {
      const targetPath = [...path, 'targets', index];
      if (target.weight !== undefined && route.strategy !== 'loadbalance') {
        this.add([...targetPath, 'weight'], `weight applies only to loadbalance routes (this route's strategy is ${route.strategy})`);
      }
      if (isProviderTarget(target)) this.providerRef(target.provider, [...targetPath, 'provider']);
      else if (isRouteRef(target)) this.routeRef(target.route, [...targetPath, 'route'], uses);
      else this.routeBody(target, targetPath, uses);
    });
  }

  private conditional(route: RouteConfig, path: Path, uses: RouteRefUse[]): void {
    if (route.targets.length > 0) {
      this.add([...path, 'targets'], 'a conditional route picks with rules and default, not targets: name a route or a target in each rule');
    }
    if (route.rules === undefined || route.rules.length === 0) this.add([...path, 'rules'], 'a conditional route needs rules');
    if (route.default === undefined) this.add([...path, 'default'], 'a conditional route needs default: the route used when no rule matches');
    else this.routeRef(route.default, [...path, 'default'], uses);
    (route.rules ?? []).forEach((rule, index) => {
      const rulePath = [...path, 'rules', index];
      if (rule.route === undefined && rule.target === undefined) this.add(rulePath, 'a rule needs route or target');
      else if (rule.route !== undefined && rule.target !== undefined) this.add(rulePath, 'a rule takes route or target, not both');
      if (rule.route !== undefined) this.routeRef(rule.route, [...rulePath, 'route'], uses);
      if (rule.target !== undefined) this.providerRef(rule.target.provider, [...rulePath, 'target', 'provider']);
      if (rule.target?.weight !== undefined) this.add([...rulePath, 'target', 'weight'], 'weight applies only to loadbalance routes (a rule picks its one target)');
      for (const issue of checkCondition(rule.when, [...rulePath, 'when'])) this.add(issue.path, issue.message);
    });
  }

  private providerRef(name: string, path: Path): void {
    if (Object.hasOwn(this.config.providers, name)) return;
    const known = this.providerNames.length ? ` (defined: ${listNames(this.providerNames)})` : ': no providers are defined';
    this.add(path, `unknown provider "${name}"${didYouMean(name, this.providerNames)}${known}`);
  }

  private routeRef(name: string, path: Path, uses: RouteRefUse[]): void {
    if (!Object.hasOwn(this.config.routes, name)) {
      const known = this.routeNames.length ? ` (defined: ${listNames(this.routeNames)})` : '';
      this.add(path, `unknown route "${name}"${didYouMean(name, this.routeNames)}${known}`);
      return;
    }
    uses.push({ to: name, path });
  }

  /**
   * Semantic caching needs a way to make embeddings: `cache.semantic.embeddingRoute` must name a
   * route, and a route that turns it on must have one. Otherwise every lookup would fail at run
   * time, or quietly do nothing.
   */
  semanticCache(): void {
    const embeddingRoute = this.config.cache?.semantic?.embeddingRoute;
    if (embeddingRoute !== undefined) this.routeRef(embeddingRoute, ['cache', 'semantic', 'embeddingRoute'], []);
    for (const [name, route] of Object.entries(this.config.routes)) {
      if (route.cache?.semantic && embeddingRoute === undefined) {
        this.add(['routes', name, 'cache', 'semantic'], 'semantic caching needs cache.semantic.embeddingRoute: the route that makes the embeddings (see docs/config.md, cache)');
      }
    }
  }

  /** Reports each cycle once, at the reference that closes it: `route cycle: a → b → a`. */
  cycles(): void {
    const state = new Map<string, 'active' | 'done'>();
    const stack: string[] = [];
    const reported = new Set<string>();
    const visit = (name: string): void => {
      state.set(name, 'active');
      stack.push(name);
      for (const use of this.refs.get(name) ?? []) {
        const seen = state.get(use.to);
        if (seen === 'active') {
          const loop = stack.slice(stack.indexOf(use.to));
          const key = [...loop].sort().join('\u0000');
          if (!reported.has(key)) {
            reported.add(key);
            this.add(use.path, `route cycle: ${[...loop, use.to].join(' → ')}`);
          }
        } else if (seen === undefined) {
          visit(use.to);
        }
      }
      stack.pop();
      state.set(name, 'done');
    };
    for (const name of this.routeNames) if (!state.has(name)) visit(name);
  }
}

/** Every semantic problem of a schema-valid config, with paths into the file. */
export function checkSemantics(config: Config): PathIssue[] {
  const checker = new Checker(config);
  for (const [name, provider] of Object.entries(config.providers)) checker.provider(name, provider);
  for (const [name, route] of Object.entries(config.routes)) checker.route(name, route);
  checker.cycles();
  checker.semanticCache();
  // Custom PII patterns are compiled and probed here, so a bad one is refused with the file.
  for (const issue of piiConfigIssues(config.guardrails?.pii)) checker.add(issue.path.split('.'), issue.message);
  return checker.issues;
}
