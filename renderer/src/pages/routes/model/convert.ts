/** Config route (RouteDto, as written in the file) ↔ the editor's RouteModel. */
import type { RouteDto } from '../../../api/contract';
import { testsToWhen, whenToTests } from './conditions';
import { newId, STRATEGIES, type RouteModel, type RuleModel, type RuleThen, type Strategy, type TargetModel } from './types';

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function without(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

function strategyOf(value: unknown): Strategy {
  // The schema's default when `strategy` is omitted.
  return (STRATEGIES as readonly unknown[]).includes(value) ? (value as Strategy) : 'fallback';
}

export function emptyRoute(strategy: Strategy = 'fallback'): RouteModel {
  return { id: newId('r'), strategy, targets: [], rules: [], defaultRoute: '', extras: {} };
}

/** A route object (top-level or inline) → model. Unknown keys are preserved in `extras`. */
export function routeToModel(route: Record<string, unknown>): RouteModel {
  const targets = Array.isArray(route.targets) ? route.targets.map(targetToModel) : [];
  const rules = Array.isArray(route.rules) ? route.rules.map(ruleToModel) : [];
  return {
    id: newId('r'),
    strategy: strategyOf(route.strategy),
    targets,
    rules,
    defaultRoute: text(route.default),
    extras: without(route, ['strategy', 'targets', 'rules', 'default', 'weight']),
  };
}

function targetToModel(target: unknown): TargetModel {
  const record = isMap(target) ? target : {};
  const weight = text(record.weight);
  if ('provider' in record) {
    return {
      id: newId('p'),
      kind: 'provider',
      provider: text(record.provider),
      model: text(record.model),
      weight,
      timeout: text(record.timeoutMs),
      extras: without(record, ['provider', 'model', 'weight', 'timeoutMs']),
    };
  }
  if (typeof record.route === 'string') return { id: newId('f'), kind: 'ref', route: record.route, weight };
  return { id: newId('i'), kind: 'inline', route: routeToModel(record), weight };
}

function ruleToModel(rule: unknown): RuleModel {
  const record = isMap(rule) ? rule : {};
  // A rule without `when` is an error the validator reports; edit it as an empty list of tests.
  const tests = record.when === undefined ? [] : whenToTests(record.when);
  let then: RuleThen;
  if (isMap(record.target)) {
    then = { kind: 'target', provider: text(record.target.provider), model: text(record.target.model), extras: without(record.target, ['provider', 'model']) };
  } else {
    then = { kind: 'route', route: text(record.route) };
  }
  return { id: newId('u'), tests: tests ?? [], raw: tests === null ? record.when : null, then };
}

/** A number where the text is one; the validator has already refused anything else. */
function numberOrText(value: string): number | string {
  const trimmed = value.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** Model → the route object PUT /routes/:name takes. Keys irrelevant to the strategy are left out. */
export function modelToRoute(model: RouteModel): RouteDto {
  const route: RouteDto = { strategy: model.strategy };
  if (model.strategy !== 'conditional' || model.targets.length > 0) route.targets = model.targets.map(targetToConfig);
  if (model.strategy === 'conditional') {
    route.rules = model.rules.map(ruleToConfig);
    if (model.defaultRoute.trim()) route.default = model.defaultRoute.trim();
  }
  return { ...route, ...model.extras, strategy: model.strategy };
}

function targetToConfig(target: TargetModel): Record<string, unknown> {
  const weight = target.weight.trim() ? { weight: numberOrText(target.weight) } : {};
  switch (target.kind) {
    case 'provider':
      return {
        provider: target.provider.trim(),
        model: target.model.trim(),
        ...weight,
        ...(target.timeout.trim() ? { timeoutMs: numberOrText(target.timeout) } : {}),
        ...target.extras,
      };
    case 'ref':
      return { route: target.route.trim(), ...weight };
    case 'inline':
      return { ...modelToRoute(target.route), ...weight };
  }
}

function ruleToConfig(rule: RuleModel): Record<string, unknown> {
  const when = rule.raw !== null ? rule.raw : testsToWhen(rule.tests);
  if (rule.then.kind === 'route') return { when, route: rule.then.route.trim() };
  return { when, target: { provider: rule.then.provider.trim(), model: rule.then.model.trim(), ...rule.then.extras } };
}
