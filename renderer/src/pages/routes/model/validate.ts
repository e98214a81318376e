/**
 * Client-side checks of a route before it is sent, mirroring the gateway's semantic checks
 * (docs/config.md, "Errors") so most mistakes show on the node at once. The server stays the
 * judge: its 400 issues are mapped onto nodes too (server-issues.ts).
 */
import type { RouteDto } from '../../../api/contract';
import { splitList, testKey } from './conditions';
import type { ConditionTest, EditorIssue, RouteModel, RuleModel, Strategy, TargetModel } from './types';

export interface ValidationContext {
  /** The route's name (the model alias). */
  name: string;
  /** True while creating: the name must be free. */
  isNew: boolean;
  /** Provider names defined in the config; null when not known yet (the check is skipped). */
  providers: readonly string[] | null;
  /** Every saved route, to check references and cycles. */
  routes: Readonly<Record<string, RouteDto>>;
}

const DURATION = /^\d+(\.\d+)?\s*(ms|s|m|h|d)?$/;
/** The gateway refuses a bare number of milliseconds under this as a likely slip for seconds (config/units.ts). */
const MIN_BARE_TIMEOUT_MS = 1000;

/** The graph node that shows a target (an inline route is shown by its strategy node). */
export const nodeIdOfTarget = (target: TargetModel): string => (target.kind === 'inline' ? target.route.id : target.id);

export function validateRoute(model: RouteModel, ctx: ValidationContext): EditorIssue[] {
  const issues: EditorIssue[] = [];
  const add = (nodeId: string, field: string | undefined, message: string) =>
    issues.push({ nodeId, message, source: 'client', ...(field ? { field } : {}) });
  const name = ctx.name.trim();

  if (ctx.isNew) {
    if (!name) add(model.id, 'name', 'Give the route a name: it is the model name clients will send');
    else if (name.includes('/')) add(model.id, 'name', 'A route name cannot contain "/": the gateway reads "x/y" as provider/model');
    else if (Object.hasOwn(ctx.routes, name)) add(model.id, 'name', `A route named "${name}" already exists`);
  }

  const checkRouteName = (nodeId: string, field: string, route: string) => {
    const target = route.trim();
    if (!target) add(nodeId, field, 'Choose a route');
    else if (target === name || (name && reaches(ctx.routes, target, name))) add(nodeId, field, `"${target}" leads back to "${name}": routes cannot form a cycle`);
    else if (!Object.hasOwn(ctx.routes, target)) add(nodeId, field, `Unknown route "${target}"`);
  };

  const checkProvider = (nodeId: string, field: string, provider: string) => {
    if (!provider.trim()) add(nodeId, field, 'Choose a provider');
    else if (ctx.providers !== null && !ctx.providers.includes(provider.trim())) add(nodeId, field, `Unknown provider "${provider.trim()}"`);
  };

  const checkTarget = (target: TargetModel, parent: Strategy) => {
    const nodeId = nodeIdOfTarget(target);
    if (target.weight.trim()) {
      const weight = Number(target.weight);
      if (parent !== 'loadbalance') add(nodeId, 'weight', 'Weights apply only to load-balanced routes: clear it or switch the strategy');
      else if (!Number.isFinite(weight) || weight <= 0) add(nodeId, 'weight', 'A weight is a number greater than 0');
    }
    if (target.kind === 'provider') {
      checkProvider(nodeId, 'provider', target.provider);
      if (!target.model.trim()) add(nodeId, 'model', 'Enter the provider’s model id');
      const timeout = target.timeout.trim();
      if (timeout && (!DURATION.test(timeout) || parseFloat(timeout) <= 0)) add(nodeId, 'timeout', 'Use milliseconds or a duration like 15s');
      else if (/^[\d.]+$/.test(timeout) && Number(timeout) < MIN_BARE_TIMEOUT_MS) {
        add(nodeId, 'timeout', `${timeout} ms is too short for a timeout: write ${timeout}s for seconds, or ${timeout}ms if you mean it`);
      }
    } else if (target.kind === 'ref') {
      checkRouteName(nodeId, 'route', target.route);
    } else {
      checkRoute(target.route);
    }
  };

  const checkRule = (rule: RuleModel) => {
    if (rule.raw === null) {
      if (rule.tests.length === 0) add(rule.id, 'tests', 'Add at least one condition');
      for (const issue of testIssues(rule.tests)) add(rule.id, `test:${issue.testId}`, issue.message);
    }
    if (rule.then.kind === 'route') checkRouteName(rule.id, 'then', rule.then.route);
    else {
      checkProvider(rule.id, 'then', rule.then.provider);
      if (!rule.then.model.trim()) add(rule.id, 'then', 'Enter the provider’s model id');
    }
  };

  const checkRoute = (route: RouteModel) => {
    if (route.strategy === 'conditional') {
      if (route.targets.length > 0) add(route.id, 'targets', 'A conditional route picks by rules: remove its targets');
      if (route.rules.length === 0) add(route.id, 'rules', 'Add at least one rule');
      if (!route.defaultRoute.trim()) add(route.id, 'default', 'Choose the route used when no rule matches');
      else checkRouteName(route.id, 'default', route.defaultRoute);
      route.rules.forEach(checkRule);
    } else if (route.targets.length === 0) {
      add(route.id, 'targets', 'Add at least one target');
    } else if (route.strategy === 'single' && route.targets.length > 1) {
      add(route.id, 'targets', 'A single route has exactly one target: remove the others or pick fallback');
    }
    for (const target of route.targets) checkTarget(target, route.strategy);
  };

  checkRoute(model);
  return issues;
}

/** Problems with the tests of one rule, by test id. */
export function testIssues(tests: ConditionTest[]): Array<{ testId: string; message: string }> {
  const out: Array<{ testId: string; message: string }> = [];
  const seen = new Map<string, Set<string>>();
  for (const test of tests) {
    const report = (message: string) => out.push({ testId: test.id, message });
    if (test.field === 'metadata' && !test.metaKey.trim()) report('Name the metadata field, e.g. tier');
    const value = test.value.trim();
    switch (test.op) {
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        if (!value || !Number.isFinite(Number(value))) report('Enter a number');
        break;
      case 'in':
        if (splitList(value).length === 0) report('List one or more values, separated by commas');
        break;
      case 'matches':
      case 'matches-i':
        if (!value) report('Enter a regular expression');
        else {
          try {
            new RegExp(value, test.op === 'matches-i' ? 'i' : undefined);
          } catch {
            report('Not a valid regular expression');
          }
        }
        break;
      case 'is':
        if (value !== 'true' && value !== 'false') report('Choose yes or no');
        break;
      case 'equals':
        if (!value) report('Enter a value');
        break;
    }
    const key = testKey(test);
    const ops = seen.get(key) ?? new Set<string>();
    const op = test.op === 'matches-i' ? 'matches' : test.op;
    const scalar = op === 'equals' || op === 'is';
    if (ops.has(op)) report(`${key} already has a “${op}” test in this rule`);
    else if (ops.size > 0 && (scalar || ops.has('equals') || ops.has('is'))) report(`${key} cannot be both equal to a value and tested another way`);
    ops.add(op);
    seen.set(key, ops);
  }
  return out;
}

/** The route names a route refers to: route targets, inline routes' refs, rules and default. */
export function referencedRoutes(route: unknown): string[] {
  if (typeof route !== 'object' || route === null) return [];
  const record = route as Record<string, unknown>;
  const out: string[] = [];
  if (typeof record.default === 'string') out.push(record.default);
  for (const target of Array.isArray(record.targets) ? record.targets : []) {
    if (typeof target !== 'object' || target === null) continue;
    const t = target as Record<string, unknown>;
    if ('provider' in t) continue;
    if (typeof t.route === 'string') out.push(t.route);
    else out.push(...referencedRoutes(t));
  }
  for (const rule of Array.isArray(record.rules) ? record.rules : []) {
    if (typeof rule === 'object' && rule !== null && typeof (rule as Record<string, unknown>).route === 'string') out.push((rule as { route: string }).route);
  }
  return out;
}

/** Whether following saved routes from `from` arrives at `goal`. */
export function reaches(routes: Readonly<Record<string, RouteDto>>, from: string, goal: string, seen = new Set<string>()): boolean {
  if (from === goal) return true;
  if (seen.has(from) || !Object.hasOwn(routes, from)) return false;
  seen.add(from);
  return referencedRoutes(routes[from]).some((next) => reaches(routes, next, goal, seen));
}
