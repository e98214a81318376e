/**
 * Edits of a RouteModel, each returning a new model (the store keeps history-free immutable
 * snapshots, so React and the graph see a change as a new object). Nodes are found by id.
 */
import { newId, type RouteModel, type RuleModel, type Strategy, type TargetModel } from './types';

/** Applies `fn` to every route in the tree, innermost first. */
function mapRoutes(model: RouteModel, fn: (route: RouteModel) => RouteModel): RouteModel {
  const targets = model.targets.map((target) => (target.kind === 'inline' ? { ...target, route: mapRoutes(target.route, fn) } : target));
  const changed = targets.some((target, index) => target !== model.targets[index]);
  return fn(changed ? { ...model, targets } : model);
}

function updateRoute(model: RouteModel, routeId: string, fn: (route: RouteModel) => RouteModel): RouteModel {
  return mapRoutes(model, (route) => (route.id === routeId ? fn(route) : route));
}

export function findRoute(model: RouteModel, routeId: string): RouteModel | null {
  if (model.id === routeId) return model;
  for (const target of model.targets) {
    if (target.kind !== 'inline') continue;
    const found = target.id === routeId ? target.route : findRoute(target.route, routeId);
    if (found) return found;
  }
  return null;
}

export interface TargetLocation {
  parent: RouteModel;
  index: number;
  target: TargetModel;
}

export function findTarget(model: RouteModel, targetId: string): TargetLocation | null {
  const index = model.targets.findIndex((target) => target.id === targetId);
  if (index !== -1) return { parent: model, index, target: model.targets[index] as TargetModel };
  for (const target of model.targets) {
    if (target.kind !== 'inline') continue;
    const found = findTarget(target.route, targetId);
    if (found) return found;
  }
  return null;
}

export function findRule(model: RouteModel, ruleId: string): { parent: RouteModel; index: number; rule: RuleModel } | null {
  const index = model.rules.findIndex((rule) => rule.id === ruleId);
  if (index !== -1) return { parent: model, index, rule: model.rules[index] as RuleModel };
  for (const target of model.targets) {
    if (target.kind !== 'inline') continue;
    const found = findRule(target.route, ruleId);
    if (found) return found;
  }
  return null;
}

function move<T>(items: T[], from: number, to: number): T[] {
  const clamped = Math.max(0, Math.min(items.length - 1, to));
  if (from === clamped || from < 0 || from >= items.length) return items;
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(clamped, 0, item as T);
  return next;
}

/** Moves a target to `toIndex` among its siblings (clamped). The fallback order is the list order. */
export function moveTarget(model: RouteModel, targetId: string, toIndex: number): RouteModel {
  const location = findTarget(model, targetId);
  if (!location) return model;
  const targets = move(location.parent.targets, location.index, toIndex);
  if (targets === location.parent.targets) return model;
  return updateRoute(model, location.parent.id, (route) => ({ ...route, targets }));
}

/** Moves a target up (-1) or down (+1); the keyboard path for reordering. */
export function moveTargetBy(model: RouteModel, targetId: string, delta: number): RouteModel {
  const location = findTarget(model, targetId);
  return location ? moveTarget(model, targetId, location.index + delta) : model;
}

export function addTarget(model: RouteModel, routeId: string, target: TargetModel): RouteModel {
  return updateRoute(model, routeId, (route) => ({ ...route, targets: [...route.targets, target] }));
}

export function removeTarget(model: RouteModel, targetId: string): RouteModel {
  const location = findTarget(model, targetId);
  if (!location) return model;
  return updateRoute(model, location.parent.id, (route) => ({ ...route, targets: route.targets.filter((target) => target.id !== targetId) }));
}

type TargetFields = TargetModel extends infer T ? (T extends TargetModel ? Partial<Omit<T, 'id' | 'kind'>> : never) : never;

/** Patches a target's own fields; its kind never changes this way. */
export function updateTarget(model: RouteModel, targetId: string, patch: TargetFields): RouteModel {
  const location = findTarget(model, targetId);
  if (!location) return model;
  return updateRoute(model, location.parent.id, (route) => ({
    ...route,
    targets: route.targets.map((target) => (target.id === targetId ? ({ ...target, ...patch } as TargetModel) : target)),
  }));
}

export function setStrategy(model: RouteModel, routeId: string, strategy: Strategy): RouteModel {
  return updateRoute(model, routeId, (route) => ({ ...route, strategy }));
}

export function setDefaultRoute(model: RouteModel, routeId: string, name: string): RouteModel {
  return updateRoute(model, routeId, (route) => ({ ...route, defaultRoute: name }));
}

export function newProviderTarget(provider = '', model = ''): TargetModel {
  return { id: newId('p'), kind: 'provider', provider, model, weight: '', timeout: '', extras: {} };
}

export function newRouteRef(route = ''): TargetModel {
  return { id: newId('f'), kind: 'ref', route, weight: '' };
}

export function newInlineRoute(): TargetModel {
  return { id: newId('i'), kind: 'inline', weight: '', route: { id: newId('r'), strategy: 'loadbalance', targets: [], rules: [], defaultRoute: '', extras: {} } };
}

export function newRule(): RuleModel {
  return { id: newId('u'), tests: [], raw: null, then: { kind: 'route', route: '' } };
}

export function addRule(model: RouteModel, routeId: string, rule: RuleModel = newRule()): RouteModel {
  return updateRoute(model, routeId, (route) => ({ ...route, rules: [...route.rules, rule] }));
}

export function updateRule(model: RouteModel, ruleId: string, fn: (rule: RuleModel) => RuleModel): RouteModel {
  const location = findRule(model, ruleId);
  if (!location) return model;
  return updateRoute(model, location.parent.id, (route) => ({ ...route, rules: route.rules.map((rule) => (rule.id === ruleId ? fn(rule) : rule)) }));
}

export function removeRule(model: RouteModel, ruleId: string): RouteModel {
  const location = findRule(model, ruleId);
  if (!location) return model;
  return updateRoute(model, location.parent.id, (route) => ({ ...route, rules: route.rules.filter((rule) => rule.id !== ruleId) }));
}

/** Rules are tried in order, first match wins, so their order matters as much as targets'. */
export function moveRuleBy(model: RouteModel, ruleId: string, delta: number): RouteModel {
  const location = findRule(model, ruleId);
  if (!location) return model;
  const rules = move(location.parent.rules, location.index, location.index + delta);
  if (rules === location.parent.rules) return model;
  return updateRoute(model, location.parent.id, (route) => ({ ...route, rules }));
}
