/**
 * Portkey gateway config (JSON) → Switchboard config. The whole Portkey config becomes one
 * route (named after the file) whose tree mirrors Portkey's: `strategy.mode` fallback,
 * loadbalance, conditional or single, nested `targets`, `retry`, `request_timeout`,
 * `on_status_codes`, `weight` and `override_params` (inherited down the tree, as in Portkey).
 * A target that cannot be imported is left out with a note, and so is a strategy left with no
 * targets: one bad entry never costs the rest of the file.
 */
import { jsonErrorPosition } from '../config/syntax-errors';
import { snakeKeys } from './portkey-keys';
import { mapPortkeyProvider } from './portkey-provider';
import { translateQuery } from './portkey-query';
import { ProviderBook } from './provider-book';
import { providerParams } from './request-params';
import type { ImportNote, ImportResult, Node } from './types';
import { isMap, NothingImportedError, positiveNumber, safeName, timeoutValue } from './types';

export interface PortkeyImportOptions {
  /** The route (alias) clients will call; default `portkey`. */
  route?: string;
}

/** Written where Portkey would use the model the client sent: Switchboard routes need one. */
export const MODEL_PLACEHOLDER = 'SET-MODEL';

const MODES: Record<string, string> = { single: 'single', fallback: 'fallback', loadbalance: 'loadbalance', conditional: 'conditional' };
/** Keys read below; anything else on a node is reported as not mapped. */
const HANDLED = new Set(['strategy', 'targets', 'retry', 'request_timeout', 'override_params', 'weight', 'name', 'provider', 'api_key', 'virtual_key', 'custom_host', 'resource_name', 'deployment_id', 'api_version', 'index']);
const HANDLED_STRATEGY = new Set(['mode', 'on_status_codes', 'conditions', 'default']);
const HANDLED_RETRY = new Set(['attempts', 'on_status_codes', 'use_retry_after_header']);

interface Context {
  notes: ImportNote[];
  book: ProviderBook;
  routes: Record<string, Node>;
  root: string;
}

export function importPortkey(text: string, options: PortkeyImportOptions = {}): ImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`not a Portkey config: the file is not JSON${jsonErrorPosition(error)}`);
  }
  if (!isMap(doc)) throw new Error('not a Portkey config: expected a JSON object');
  const notes: ImportNote[] = [];
  const root = safeName((options.route ?? 'portkey').replaceAll('/', '-'), 'portkey');
  const ctx: Context = { notes, book: new ProviderBook(notes), routes: {}, root };
  const node = mapNode(doc, 'config', ctx, {});
  if (!node) throw new NothingImportedError('nothing in this Portkey config could be imported', notes);
  ctx.routes[root] = asRoute(node);
  notes.push({ at: 'config', message: `clients call the route "${root}" as their model` });
  return { config: { providers: ctx.book.providers, routes: ordered(ctx.routes, root) }, notes };
}

/** One Portkey node → a provider target or a route body. `inherited` are the parents' override_params. */
function mapNode(source: unknown, at: string, ctx: Context, inherited: Record<string, unknown>): Node | undefined {
  if (!isMap(source)) {
    ctx.notes.push({ at, message: 'not an object: skipped' });
    return undefined;
  }
  const node = snakeKeys(source, at, ctx.notes);
  for (const key of Object.keys(node)) if (!HANDLED.has(key)) ctx.notes.push({ at: `${at}.${key}`, message: 'not mapped' });
  const params = { ...inherited, ...(isMap(node.override_params) ? node.override_params : {}) };
  const policy = nodePolicy(node, at, ctx);
  if (Array.isArray(node.targets)) {
    const route = mapStrategy(node, node.targets, at, ctx, params);
    return route && { ...route, ...policy };
  }

  const { model, ...rest } = params;
  const given = typeof model === 'string' && model !== '' ? model : undefined;
  const provider = mapPortkeyProvider(node, given, at, ctx.book, ctx.notes);
  if (!provider) return undefined;
  // A catalog model (`@slug/name`) names its provider; the provider mapping took the slug off.
  const target: Node = { provider: provider.name, model: (given?.startsWith('@') ? undefined : given) ?? provider.model ?? MODEL_PLACEHOLDER };
  if (target.model === MODEL_PLACEHOLDER) {
    ctx.notes.push({ at: `${at}.override_params.model`, message: `unset: Portkey sends the client's model; set it in the output (written as ${MODEL_PLACEHOLDER})` });
  }
  const forced = providerParams(provider.type, rest, `${at}.override_params`, ctx.notes);
  if (forced) target.params = forced;
  if (policy.timeoutMs !== undefined) target.timeoutMs = policy.timeoutMs;
  // Retries belong to routes here: a target that retries becomes a one-target route.
  return policy.retry === undefined ? target : { strategy: 'single', retry: policy.retry, targets: [target] };
}

/** A strategy node's route, or undefined (with a note) when none of its targets could be imported. */
function mapStrategy(node: Record<string, unknown>, targets: unknown[], at: string, ctx: Context, params: Record<string, unknown>): Node | undefined {
  const strategy = isMap(node.strategy) ? snakeKeys(node.strategy, `${at}.strategy`, ctx.notes) : {};
  for (const key of Object.keys(strategy)) if (!HANDLED_STRATEGY.has(key)) ctx.notes.push({ at: `${at}.strategy.${key}`, message: 'not mapped' });
  const mode = typeof strategy.mode === 'string' ? MODES[strategy.mode] : undefined;
  if (!mode) ctx.notes.push({ at: `${at}.strategy.mode`, message: `"${String(strategy.mode)}" unknown: using fallback` });
  const route: Node = { strategy: mode ?? 'fallback' };
  const codes = Array.isArray(strategy.on_status_codes) ? strategy.on_status_codes.filter((c): c is number => Number.isInteger(c) && c >= 100 && c <= 599) : undefined;
  if (codes && codes.length > 0) route.fallbackOn = codes;
  else if (route.strategy === 'fallback') {
    ctx.notes.push({ at: `${at}.strategy.on_status_codes`, message: 'unset: Portkey falls back on any non-2xx status; Switchboard by default on 408, 429 and 5xx (plus timeouts, network and context-length errors)' });
  }
  if (route.strategy === 'conditional') {
    const picked = conditional(strategy, targets, at, ctx, params);
    return picked && { ...route, ...picked };
  }

  const mapped: Node[] = [];
  targets.forEach((child, index) => {
    const childAt = `${at}.targets.${index}`;
    const weight = isMap(child) ? child.weight : undefined;
    if (route.strategy === 'loadbalance' && weight === 0) return void ctx.notes.push({ at: `${childAt}.weight`, message: 'weight 0 never receives traffic: target left out' });
    const out = mapNode(child, childAt, ctx, params);
    if (!out) return;
    const positive = positiveNumber(weight);
    if (route.strategy === 'loadbalance' && positive !== undefined) out.weight = positive;
    mapped.push(out);
  });
  if (mapped.length === 0) {
    ctx.notes.push({ at: `${at}.targets`, message: `no target could be imported: this ${route.strategy as string} is left out` });
    return undefined;
  }
  if (route.strategy === 'single' && mapped.length > 1) {
    ctx.notes.push({ at: `${at}.targets`, message: 'mode single uses only the first target: the others are left out' });
    mapped.length = 1;
  }
  return { ...route, targets: mapped };
}

/** Conditions → rules; each branch is an inline provider target or a named route. Undefined when no branch can be imported. */
function conditional(strategy: Record<string, unknown>, targets: unknown[], at: string, ctx: Context, params: Record<string, unknown>): Node | undefined {
  const byName = new Map<string, Node | undefined>();
  const branch = (name: string): Node | undefined => {
    if (byName.has(name)) return byName.get(name);
    const index = targets.findIndex((t) => isMap(t) && t.name === name);
    const mapped = index < 0 ? undefined : mapNode(targets[index], `${at}.targets.${index}`, ctx, params);
    if (mapped) delete mapped.weight;
    byName.set(name, mapped);
    return mapped;
  };
  const routeNames = new Map<string, string>();
  const routeFor = (name: string, node: Node): string => {
    let routeName = routeNames.get(name);
    if (routeName === undefined) {
      routeName = free(ctx, `${ctx.root}-${safeName(name, 'branch')}`);
      ctx.routes[routeName] = asRoute(node);
      routeNames.set(name, routeName);
    }
    return routeName;
  };
  const rules: Node[] = [];
  const conditions = Array.isArray(strategy.conditions) ? strategy.conditions : [];
  conditions.forEach((condition: unknown, index) => {
    const ruleAt = `${at}.strategy.conditions.${index}`;
    const then = isMap(condition) && typeof condition.then === 'string' ? condition.then : undefined;
    const translated = translateQuery(isMap(condition) ? condition.query : undefined);
    if (!translated.ok) return void ctx.notes.push({ at: `${ruleAt}.query`, message: `${translated.reason}: rule left out` });
    const node = then === undefined ? undefined : branch(then);
    if (!node || then === undefined) return void ctx.notes.push({ at: `${ruleAt}.then`, message: 'names no importable target: rule left out' });
    rules.push('provider' in node ? { when: translated.when, target: node } : { when: translated.when, route: routeFor(then, node) });
  });
  const named = targets.filter(isMap).map((t) => t.name).filter((n): n is string => typeof n === 'string');
  let fallbackName = typeof strategy.default === 'string' ? strategy.default : undefined;
  if (fallbackName === undefined || !branch(fallbackName)) {
    const first = named.find((n) => branch(n) !== undefined);
    ctx.notes.push({ at: `${at}.strategy.default`, message: `${fallbackName === undefined ? 'unset (Portkey fails requests no condition matches)' : 'names no importable target'}: using "${first ?? 'nothing'}"` });
    fallbackName = first;
  }
  if (fallbackName === undefined) {
    ctx.notes.push({ at: `${at}.targets`, message: 'no target could be imported: this conditional is left out' });
    return undefined;
  }
  const defaultRoute = routeFor(fallbackName, branch(fallbackName) as Node);
  if (rules.length > 0) return { rules, default: defaultRoute };
  ctx.notes.push({ at: `${at}.strategy.conditions`, message: 'no rule could be imported: every request goes to the default' });
  return { strategy: 'fallback', targets: [{ route: defaultRoute }] };
}

function nodePolicy(node: Record<string, unknown>, at: string, ctx: Context): Node {
  const policy: Node = {};
  if (isMap(node.retry)) {
    const retrySource = snakeKeys(node.retry, `${at}.retry`, ctx.notes);
    for (const key of Object.keys(retrySource)) if (!HANDLED_RETRY.has(key)) ctx.notes.push({ at: `${at}.retry.${key}`, message: 'not mapped' });
    const attempts = typeof retrySource.attempts === 'number' ? Math.max(0, Math.min(10, Math.floor(retrySource.attempts))) : 0;
    const retry: Node = { attempts };
    const on = retrySource.on_status_codes;
    if (Array.isArray(on)) retry.on = on.filter((c): c is number => Number.isInteger(c) && c >= 100 && c <= 599);
    if (attempts > 0) policy.retry = retry;
    if (retrySource.use_retry_after_header === false) ctx.notes.push({ at: `${at}.retry.use_retry_after_header`, message: 'Switchboard always honours retry-after' });
  }
  const timeout = positiveNumber(node.request_timeout);
  if (timeout !== undefined) policy.timeoutMs = timeoutValue(Math.max(1, Math.round(timeout)));
  return policy;
}

function asRoute(node: Node): Node {
  return 'provider' in node ? { strategy: 'single', targets: [node] } : node;
}

function free(ctx: Context, base: string): string {
  if (!Object.hasOwn(ctx.routes, base) && base !== ctx.root) return base;
  for (let n = 2; ; n++) if (!Object.hasOwn(ctx.routes, `${base}-${n}`)) return `${base}-${n}`;
}

/** The main route first, then the branches it names, for a file that reads top-down. */
function ordered(routes: Record<string, Node>, root: string): Record<string, Node> {
  const { [root]: main, ...rest } = routes;
  return { [root]: main as Node, ...rest };
}
