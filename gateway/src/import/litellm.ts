/**
 * LiteLLM proxy `config.yaml` → Switchboard config. Each `model_list` group (deployments
 * sharing a `model_name`) becomes a route that balances its deployments; `router_settings`
 * become each route's strategy, retries, timeout and circuit breaker; `fallbacks`,
 * `context_window_fallbacks` and `content_policy_fallbacks` become fallback chains.
 */
import { parse, YAMLError } from 'yaml';
import { CONTENT_FILTER } from '../config/schema';
import { yamlErrorText } from '../config/syntax-errors';
import { mapDeployment } from './litellm-deployment';
import type { Deployment } from './litellm-deployment';
import { DEFAULT_FALLBACK_ON } from '../routing/policy';
import { ProviderBook } from './provider-book';
import type { ImportNote, ImportResult, Node } from './types';
import { isMap, NothingImportedError, numberLike, positiveNumber, secondsToMs, timeoutValue } from './types';

const STRATEGIES: Record<string, { strategy: string; exact: boolean }> = {
  'simple-shuffle': { strategy: 'loadbalance', exact: true },
  'latency-based-routing': { strategy: 'lowest-latency', exact: true },
  'cost-based-routing': { strategy: 'lowest-cost', exact: true },
  'least-busy': { strategy: 'loadbalance', exact: false },
  'usage-based-routing': { strategy: 'loadbalance', exact: false },
  'usage-based-routing-v2': { strategy: 'loadbalance', exact: false },
};

/** Router settings that are read below; any other key is reported as not mapped. */
const MAPPED_SETTINGS = new Set(['callbacks', 'success_callback', 'failure_callback', 'routing_strategy', 'num_retries', 'retry_after', 'timeout', 'request_timeout', 'stream_timeout', 'allowed_fails', 'cooldown_time', 'fallbacks', 'context_window_fallbacks', 'content_policy_fallbacks', 'default_fallbacks', 'model_group_alias']);
/** LiteLLM's cooldown when only allowed_fails is set. */
const DEFAULT_COOLDOWN_SECONDS = 5;

export function importLiteLLM(text: string): ImportResult {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    if (!(error instanceof YAMLError)) throw error;
    const position = error.linePos?.[0];
    throw new Error(`not a LiteLLM config: YAML syntax: ${yamlErrorText(error)}${position ? ` (line ${position.line}, column ${position.col})` : ''}`);
  }
  if (!isMap(doc) || !Array.isArray(doc.model_list)) throw new Error('not a LiteLLM config: expected a model_list');
  const notes: ImportNote[] = [];
  const book = new ProviderBook(notes);
  const settings = { ...pick(doc.litellm_settings), ...pick(doc.router_settings) };
  const strategy = mapStrategy(settings.routing_strategy, notes);

  const groups = new Map<string, Deployment[]>();
  doc.model_list.forEach((entry: unknown, index) => {
    const at = `model_list.${index}`;
    const modelName = isMap(entry) ? entry.model_name : undefined;
    // YAML reads `model_name: 4` as a number; LiteLLM's clients still call it "4".
    const given = typeof modelName === 'number' && Number.isFinite(modelName) ? String(modelName) : modelName;
    if (!isMap(entry) || typeof given !== 'string' || given === '') return notes.push({ at: `${at}.model_name`, message: 'missing or not text: deployment skipped' });
    // `claude-*` and `*` become wildcard routes (their `provider/*` deployments take the name asked
    // for, as in LiteLLM); `anthropic/*` is what provider/model pass-through already does.
    if (given.includes('*') && given.includes('/')) return notes.push({ at: `${at}.model_name`, message: 'provider/* wildcards are not imported: provider/model pass-through already reaches every model of a configured provider' });
    const deployment = mapDeployment(entry, at, book, notes, strategy);
    if (!deployment) return;
    const name = routeName(given);
    if (name !== given) notes.push({ at: `${at}.model_name`, message: `route names cannot hold "/": clients call "${name}"` });
    groups.set(name, [...(groups.get(name) ?? []), deployment]);
    return undefined;
  });

  reportUnmapped(doc, notes);
  const policy = routePolicy(settings, notes);

  const pools = new Map([...groups].map(([name, deployments]) => [name, pool(deployments, strategy)] as const));
  if (pools.size === 0) throw new NothingImportedError('nothing in this LiteLLM config could be imported', notes);
  const chains = fallbackChains(settings, pools, notes);
  const routes: Record<string, Node> = {};
  const filtered = contentPolicySources(settings, pools);
  for (const [name, own] of pools) {
    const chain = chains.get(name) ?? [];
    const body = chain.length === 0 ? asRoute(own) : { strategy: 'fallback', targets: [own, ...chain.map((fallback) => pools.get(fallback) as Node)] };
    routes[name] = { ...body, ...policy };
    if (chain.length > 0 && filtered.has(name)) routes[name].fallbackOn = [...DEFAULT_FALLBACK_ON, CONTENT_FILTER];
  }
  for (const [given, group] of Object.entries(pick(settings.model_group_alias))) {
    const at = `router_settings.model_group_alias.${given}`;
    const target = isMap(group) ? group.model : group;
    const alias = routeName(given);
    if (typeof target !== 'string' || !pools.has(routeName(target))) notes.push({ at, message: `"${String(target)}" is not an imported model group: skipped` });
    else if (Object.hasOwn(routes, alias)) notes.push({ at, message: `"${alias}" is already a model group: skipped` });
    else {
      if (alias !== given) notes.push({ at, message: `route names cannot hold "/": clients call "${alias}"` });
      routes[alias] = { strategy: 'fallback', targets: [{ route: routeName(target) }] };
    }
  }
  const metrics = callbacks(settings, notes);
  return { config: { ...(metrics ? { server: { metrics: true } } : {}), providers: book.providers, routes }, notes };
}

/**
 * LiteLLM's logging callbacks: `prometheus` turns on Switchboard's own metrics (`server.metrics`);
 * the others send calls to a service Switchboard does not, and are named in a note.
 */
function callbacks(settings: Record<string, unknown>, notes: ImportNote[]): boolean {
  let prometheus = false;
  for (const field of ['callbacks', 'success_callback', 'failure_callback'] as const) {
    const list = settings[field];
    for (const name of Array.isArray(list) ? list : list === undefined ? [] : [list]) {
      if (name === 'prometheus') prometheus = true;
      else notes.push({ at: `litellm_settings.${field}`, message: `"${String(name)}" not mapped: Switchboard logs every call itself (Logs page, admin API) and serves Prometheus metrics` });
    }
  }
  return prometheus;
}

/** Model group names become route names, which cannot hold "/" (that means provider/model). */
const routeName = (group: string): string => group.replaceAll('/', '-');

const pick = (value: unknown): Record<string, unknown> => (isMap(value) ? value : {});

function mapStrategy(value: unknown, notes: ImportNote[]): string {
  if (value === undefined) return 'loadbalance';
  const known = typeof value === 'string' ? STRATEGIES[value] : undefined;
  if (!known) {
    notes.push({ at: 'router_settings.routing_strategy', message: `"${String(value)}" has no equivalent: using loadbalance` });
    return 'loadbalance';
  }
  if (!known.exact) notes.push({ at: 'router_settings.routing_strategy', message: `"${String(value)}" is approximated by weighted loadbalance` });
  return known.strategy;
}

function routePolicy(settings: Record<string, unknown>, notes: ImportNote[]): Node {
  const policy: Node = {};
  const retries = wholeCount(settings.num_retries);
  if (retries !== undefined && retries > 0) {
    const retry: Node = { attempts: Math.min(10, retries) };
    if (retries > 10) notes.push({ at: 'router_settings.num_retries', message: `capped at 10 (was ${retries})` });
    const after = positiveNumber(settings.retry_after);
    if (after !== undefined) retry.backoffMs = secondsToMs(after);
    policy.retry = retry;
  }
  const timeout = positiveNumber(settings.timeout) ?? positiveNumber(settings.request_timeout);
  if (timeout !== undefined) policy.timeoutMs = timeoutValue(secondsToMs(timeout));
  const streamTimeout = positiveNumber(settings.stream_timeout);
  if (streamTimeout !== undefined) policy.ttftTimeoutMs = timeoutValue(secondsToMs(streamTimeout));
  const allowed = wholeCount(settings.allowed_fails);
  const cooldown = positiveNumber(settings.cooldown_time);
  if (allowed !== undefined || cooldown !== undefined) {
    // LiteLLM cools a deployment down once its failures in a minute exceed allowed_fails.
    policy.breaker = { failures: (allowed ?? 3) + 1, cooldownMs: secondsToMs(cooldown ?? DEFAULT_COOLDOWN_SECONDS) };
    notes.push({ at: 'router_settings.allowed_fails', message: 'LiteLLM counts failures per minute; the Switchboard breaker counts consecutive failures' });
  }
  return policy;
}

function wholeCount(value: unknown): number | undefined {
  const number = numberLike(value);
  return number !== undefined && number >= 0 ? Math.floor(number) : undefined;
}

/** A group's own deployments: one target, or a balancing route (tiers by `order` first). */
function pool(deployments: Deployment[], strategy: string): Node {
  if (deployments.length === 1) return withoutWeight((deployments[0] as Deployment).target);
  const orders = [...new Set(deployments.map((d) => d.order ?? Number.MAX_SAFE_INTEGER))].sort((a, b) => a - b);
  if (orders.length > 1) {
    return { strategy: 'fallback', targets: orders.map((order) => pool(deployments.filter((d) => (d.order ?? Number.MAX_SAFE_INTEGER) === order).map(({ target }) => ({ target })), strategy)) };
  }
  const targets = deployments.map((d) => (strategy === 'loadbalance' ? d.target : withoutWeight(d.target)));
  return { strategy, targets };
}

function withoutWeight(target: Node): Node {
  const { weight: _weight, ...rest } = target;
  return rest;
}

/** A pool used as a whole route: a lone provider target becomes a `single` route. */
function asRoute(node: Node): Node {
  return 'provider' in node ? { strategy: 'single', targets: [node] } : node;
}

/**
 * Per group, the groups to fall back to: `fallbacks`, then `context_window_fallbacks` (the
 * executor falls back on context-length errors anyway), then `default_fallbacks` / `"*"`.
 * LiteLLM does not chain a fallback's own fallbacks, so chains hold pools, not route names.
 */
function fallbackChains(settings: Record<string, unknown>, pools: Map<string, Node>, notes: ImportNote[]): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  const defaults: string[] = [];
  const add = (from: string, to: unknown, at: string): void => {
    if (typeof to !== 'string' || !pools.has(routeName(to))) return void notes.push({ at, message: `"${String(to)}" is not an imported model group: skipped` });
    const name = routeName(to);
    const list = from === '*' ? defaults : (chains.get(from) ?? []);
    if (name !== from && !list.includes(name)) list.push(name);
    if (from !== '*') chains.set(from, list);
  };
  for (const key of ['fallbacks', 'context_window_fallbacks', 'content_policy_fallbacks'] as const) {
    const list = settings[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      notes.push({ at: `router_settings.${key}`, message: 'expected a list like [{ gpt-4o: [claude] }]: skipped' });
      continue;
    }
    list.forEach((entry: unknown, index) => {
      if (!isMap(entry)) return void notes.push({ at: `router_settings.${key}.${index}`, message: 'expected a map like { gpt-4o: [claude] }: skipped' });
      for (const [from, tos] of Object.entries(entry)) {
        const source = from === '*' ? '*' : routeName(from);
        if (source !== '*' && !pools.has(source)) notes.push({ at: `router_settings.${key}.${index}.${from}`, message: 'not an imported model group: skipped' });
        else (Array.isArray(tos) ? tos : [tos]).forEach((to: unknown, i) => add(source, to, `router_settings.${key}.${index}.${from}.${i}`));
      }
    });
  }
  if (settings.context_window_fallbacks !== undefined) {
    notes.push({ at: 'router_settings.context_window_fallbacks', message: 'merged into the fallback chains: those targets are also tried after 429/5xx errors, not only context-length errors' });
  }
  if (settings.content_policy_fallbacks !== undefined) {
    notes.push({ at: 'router_settings.content_policy_fallbacks', message: 'merged into the fallback chains, whose routes fall back on content_filter too: those targets are also tried after 429/5xx errors, not only content-filter refusals' });
  }
  if (Array.isArray(settings.default_fallbacks)) settings.default_fallbacks.forEach((to: unknown, i) => add('*', to, `router_settings.default_fallbacks.${i}`));
  for (const name of pools.keys()) {
    if (!chains.has(name) && defaults.length > 0) chains.set(name, defaults.filter((d) => d !== name));
  }
  return chains;
}

/** The groups `content_policy_fallbacks` names (all of them for `"*"`): their routes fall back on a content-filter refusal too. */
function contentPolicySources(settings: Record<string, unknown>, pools: Map<string, Node>): Set<string> {
  const list = settings.content_policy_fallbacks;
  const sources = new Set<string>();
  if (!Array.isArray(list)) return sources;
  for (const entry of list) {
    if (!isMap(entry)) continue;
    for (const from of Object.keys(entry)) {
      if (from === '*') for (const name of pools.keys()) sources.add(name);
      else sources.add(routeName(from));
    }
  }
  return sources;
}

/** Sections that may hold secrets: named, never looked into. */
const SECRET_SECTIONS = new Set(['general_settings', 'environment_variables', 'guardrails', 'mcp_servers', 'callback_settings']);

function reportUnmapped(doc: Record<string, unknown>, notes: ImportNote[]): void {
  for (const section of ['router_settings', 'litellm_settings'] as const) {
    for (const key of Object.keys(pick(doc[section]))) if (!MAPPED_SETTINGS.has(key)) notes.push({ at: `${section}.${key}`, message: 'not mapped' });
  }
  for (const section of Object.keys(doc)) {
    if (SECRET_SECTIONS.has(section)) notes.push({ at: section, message: 'not imported (may hold secrets; set keys, auth and callbacks in Switchboard itself)' });
    else if (!['model_list', 'router_settings', 'litellm_settings'].includes(section)) notes.push({ at: section, message: 'not mapped' });
  }
}
