import { describe, expect, it } from 'vitest';
import type { RouteDto } from '../../../api/contract';
import { routeToModel } from './convert';
import { newTest } from './conditions';
import { addRule, newRule, updateRule } from './ops';
import type { ConditionTest, InlineRouteModel, RouteModel } from './types';
import { reaches, validateRoute, type ValidationContext } from './validate';

const saved: Record<string, RouteDto> = {
  workhorse: { strategy: 'fallback', targets: [{ provider: 'openai', model: 'gpt-5.1' }] },
  cheap: { strategy: 'single', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] },
  loop: { strategy: 'fallback', targets: [{ route: 'edited' }] },
};

const ctx = (over: Partial<ValidationContext> = {}): ValidationContext => ({ name: 'edited', isNew: false, providers: ['openai', 'anthropic'], routes: saved, ...over });

/** The messages per field, for readable assertions. */
const problems = (model: RouteModel, context = ctx()) => validateRoute(model, context).map((issue) => `${issue.field ?? '-'}: ${issue.message}`);

describe('route validation', () => {
  it('accepts a well-formed fallback route', () => {
    const model = routeToModel({ strategy: 'fallback', targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-5', timeoutMs: '15s' }, { route: 'cheap' }] });
    expect(validateRoute(model, ctx())).toEqual([]);
  });

  it('needs a name for a new route, without "/" and not taken', () => {
    const model = routeToModel({ strategy: 'single', targets: [{ provider: 'openai', model: 'x' }] });
    expect(problems(model, ctx({ isNew: true, name: '' }))).toEqual(['name: Give the route a name: it is the model name clients will send']);
    expect(problems(model, ctx({ isNew: true, name: 'openai/gpt' }))[0]).toContain('cannot contain "/"');
    expect(problems(model, ctx({ isNew: true, name: 'cheap' }))).toEqual(['name: A route named "cheap" already exists']);
  });

  it('needs targets, and exactly one for a single route', () => {
    expect(problems(routeToModel({ strategy: 'fallback', targets: [] }))).toEqual(['targets: Add at least one target']);
    const two = routeToModel({ strategy: 'single', targets: [{ provider: 'openai', model: 'a' }, { provider: 'openai', model: 'b' }] });
    expect(problems(two)[0]).toMatch(/^targets: A single route has exactly one target/);
  });

  it('puts provider and model problems on the target that has them', () => {
    const model = routeToModel({ strategy: 'fallback', targets: [{ provider: 'antropic', model: '' }] });
    const issues = validateRoute(model, ctx());
    expect(issues.map((i) => [i.nodeId, i.field, i.message])).toEqual([
      [model.targets[0]!.id, 'provider', 'Unknown provider "antropic"'],
      [model.targets[0]!.id, 'model', 'Enter the provider’s model id'],
    ]);
  });

  it('allows weights only under a load balancer, and only positive ones', () => {
    const fallback = routeToModel({ strategy: 'fallback', targets: [{ provider: 'openai', model: 'a', weight: 2 }] });
    expect(problems(fallback)).toEqual(['weight: Weights apply only to load-balanced routes: clear it or switch the strategy']);
    const lb = routeToModel({ strategy: 'loadbalance', targets: [{ provider: 'openai', model: 'a', weight: 0 }] });
    expect(problems(lb)).toEqual(['weight: A weight is a number greater than 0']);
  });

  it('refuses timeouts that are not a duration', () => {
    const model = routeToModel({ strategy: 'single', targets: [{ provider: 'openai', model: 'a', timeoutMs: 'soon' }] });
    expect(problems(model)).toEqual(['timeout: Use milliseconds or a duration like 15s']);
  });

  it('refuses a bare number under a second, as the gateway does, but not the same time with its unit', () => {
    const model = routeToModel({ strategy: 'single', targets: [{ provider: 'openai', model: 'a', timeoutMs: 30 }] });
    expect(problems(model)).toEqual(['timeout: 30 ms is too short for a timeout: write 30s for seconds, or 30ms if you mean it']);
    for (const timeoutMs of ['30ms', '30s', 1000]) {
      expect(problems(routeToModel({ strategy: 'single', targets: [{ provider: 'openai', model: 'a', timeoutMs }] }))).toEqual([]);
    }
  });

  it('refuses references to unknown routes, to itself, and through other routes back to itself', () => {
    expect(problems(routeToModel({ strategy: 'fallback', targets: [{ route: 'nope' }] }))).toEqual(['route: Unknown route "nope"']);
    expect(problems(routeToModel({ strategy: 'fallback', targets: [{ route: 'edited' }] }))[0]).toContain('cannot form a cycle');
    expect(problems(routeToModel({ strategy: 'fallback', targets: [{ route: 'loop' }] }))[0]).toContain('"loop" leads back to "edited"');
  });

  it('checks nested routes and places their problems on the nested strategy node', () => {
    const model = routeToModel({ strategy: 'fallback', targets: [{ strategy: 'single', targets: [] }] });
    const inner = (model.targets[0] as InlineRouteModel).route;
    expect(validateRoute(model, ctx()).map((i) => [i.nodeId, i.field])).toEqual([[inner.id, 'targets']]);
  });

  it('needs rules and a default for a conditional route, and no targets', () => {
    const model = routeToModel({ strategy: 'conditional', targets: [{ provider: 'openai', model: 'a' }] });
    expect(problems(model)).toEqual([
      'targets: A conditional route picks by rules: remove its targets',
      'rules: Add at least one rule',
      'default: Choose the route used when no rule matches',
    ]);
  });

  describe('conditions', () => {
    function ruleWith(...tests: ConditionTest[]): RouteModel {
      const base = routeToModel({ strategy: 'conditional', default: 'cheap' });
      const rule = newRule();
      return updateRule(addRule(base, base.id, rule), rule.id, (r) => ({ ...r, tests, then: { kind: 'route', route: 'workhorse' } }));
    }
    const test = (patch: Partial<ConditionTest>): ConditionTest => ({ ...newTest(), ...patch });

    it('accepts a rule with valid tests', () => {
      expect(problems(ruleWith(test({ field: 'promptTokens', op: 'gt', value: '4000' }), test({ field: 'metadata', metaKey: 'tier', op: 'equals', value: 'free' })))).toEqual([]);
    });

    it('needs at least one condition', () => {
      expect(problems(ruleWith())).toEqual(['tests: Add at least one condition']);
    });

    it('points at the test with a bad value: numbers, lists, regexes, metadata names', () => {
      const bad = [
        test({ field: 'promptTokens', op: 'gt', value: 'many' }),
        test({ field: 'user', op: 'in', value: ' , ' }),
        test({ field: 'lastUserMessage', op: 'matches', value: '(' }),
        test({ field: 'metadata', metaKey: '', op: 'equals', value: 'x' }),
      ];
      expect(problems(ruleWith(...bad))).toEqual([
        `test:${bad[0]!.id}: Enter a number`,
        `test:${bad[1]!.id}: List one or more values, separated by commas`,
        `test:${bad[2]!.id}: Not a valid regular expression`,
        `test:${bad[3]!.id}: Name the metadata field, e.g. tier`,
      ]);
    });

    it('refuses two tests that cannot both be written into one field', () => {
      const twice = [test({ field: 'promptTokens', op: 'gt', value: '1' }), test({ field: 'promptTokens', op: 'gt', value: '2' })];
      expect(problems(ruleWith(...twice))).toEqual([`test:${twice[1]!.id}: promptTokens already has a “gt” test in this rule`]);
      const mixed = [test({ field: 'user', op: 'equals', value: 'ann' }), test({ field: 'user', op: 'matches', value: 'a' })];
      expect(problems(ruleWith(...mixed))[0]).toContain('cannot be both equal to a value and tested another way');
    });

    it('checks what a rule leads to', () => {
      const model = ruleWith(test({ field: 'promptTokens', op: 'gt', value: '1' }));
      const rule = model.rules[0]!;
      const toTarget = updateRule(model, rule.id, (r) => ({ ...r, then: { kind: 'target', provider: 'nobody', model: '', extras: {} } }));
      expect(problems(toTarget)).toEqual(['then: Unknown provider "nobody"', 'then: Enter the provider’s model id']);
    });
  });
});

describe('reaches', () => {
  it('follows route targets, rules and defaults', () => {
    const routes: Record<string, RouteDto> = {
      a: { strategy: 'conditional', rules: [{ when: {}, route: 'b' }], default: 'c' },
      b: { strategy: 'fallback', targets: [{ strategy: 'fallback', targets: [{ route: 'd' }] }] },
      c: { strategy: 'single', targets: [{ provider: 'x', model: 'y' }] },
      d: { strategy: 'single', targets: [{ provider: 'x', model: 'y' }] },
    };
    expect(reaches(routes, 'a', 'd')).toBe(true);
    expect(reaches(routes, 'c', 'a')).toBe(false);
  });
});
