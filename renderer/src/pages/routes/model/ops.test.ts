import { describe, expect, it } from 'vitest';
import { modelToRoute, routeToModel } from './convert';
import { addRule, addTarget, findTarget, moveRuleBy, moveTarget, moveTargetBy, newProviderTarget, newRule, removeTarget, setStrategy, updateRule, updateTarget } from './ops';
import type { InlineRouteModel, RouteModel } from './types';

const chain = (model: RouteModel) => model.targets.map((t) => (t.kind === 'provider' ? t.model : t.kind === 'ref' ? `→${t.route}` : 'inline'));

function fallbackOf(...models: string[]): RouteModel {
  return routeToModel({ strategy: 'fallback', targets: models.map((model) => ({ provider: 'p', model })) });
}

describe('editing the target list', () => {
  it('moves a fallback target to a new position', () => {
    const model = fallbackOf('a', 'b', 'c');
    const c = model.targets[2]!;
    expect(chain(moveTarget(model, c.id, 0))).toEqual(['c', 'a', 'b']);
  });

  it('moves up and down one step, and stops at the ends', () => {
    const model = fallbackOf('a', 'b', 'c');
    const [a, , c] = model.targets;
    expect(chain(moveTargetBy(model, a!.id, 1))).toEqual(['b', 'a', 'c']);
    expect(moveTargetBy(model, a!.id, -1)).toBe(model);
    expect(moveTargetBy(model, c!.id, 1)).toBe(model);
  });

  it('reorders inside a nested route without touching the outer list', () => {
    const model = routeToModel({
      strategy: 'fallback',
      targets: [{ provider: 'p', model: 'outer' }, { strategy: 'fallback', targets: [{ provider: 'p', model: 'x' }, { provider: 'p', model: 'y' }] }],
    });
    const inner = (model.targets[1] as InlineRouteModel).route;
    const moved = moveTargetBy(model, inner.targets[1]!.id, -1);
    expect(chain(moved)).toEqual(['outer', 'inline']);
    expect(chain((moved.targets[1] as InlineRouteModel).route)).toEqual(['y', 'x']);
    // The untouched outer target keeps its identity, so its node does not re-render.
    expect(moved.targets[0]).toBe(model.targets[0]);
  });

  it('adds, edits and removes targets, keeping ids stable', () => {
    let model = fallbackOf('a');
    const added = newProviderTarget('openai', 'gpt-4o');
    model = addTarget(model, model.id, added);
    model = updateTarget(model, added.id, { model: 'gpt-4o-mini' });
    expect(chain(model)).toEqual(['a', 'gpt-4o-mini']);
    expect(findTarget(model, added.id)?.index).toBe(1);
    model = removeTarget(model, model.targets[0]!.id);
    expect(modelToRoute(model).targets).toEqual([{ provider: 'openai', model: 'gpt-4o-mini' }]);
  });

  it('changes the strategy of a nested route only', () => {
    const model = routeToModel({ strategy: 'fallback', targets: [{ strategy: 'fallback', targets: [{ provider: 'p', model: 'x' }] }] });
    const inner = (model.targets[0] as InlineRouteModel).route;
    const changed = setStrategy(model, inner.id, 'loadbalance');
    expect(changed.strategy).toBe('fallback');
    expect((changed.targets[0] as InlineRouteModel).route.strategy).toBe('loadbalance');
  });
});

describe('editing rules', () => {
  it('adds rules in order and moves them, since the first match wins', () => {
    let model = routeToModel({ strategy: 'conditional', rules: [], default: 'x' });
    const first = newRule();
    const second = newRule();
    model = addRule(addRule(model, model.id, first), model.id, second);
    model = updateRule(model, second.id, (rule) => ({ ...rule, then: { kind: 'route', route: 'cheap' } }));
    model = moveRuleBy(model, second.id, -1);
    expect(model.rules.map((rule) => rule.id)).toEqual([second.id, first.id]);
    expect(model.rules[0]?.then).toEqual({ kind: 'route', route: 'cheap' });
  });
});
