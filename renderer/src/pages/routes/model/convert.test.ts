import { describe, expect, it } from 'vitest';
import type { RouteDto } from '../../../api/contract';
import { describeTests, testsToWhen, whenToTests } from './conditions';
import { modelToRoute, routeToModel } from './convert';
import type { InlineRouteModel, ProviderTargetModel } from './types';

/** The routes of docs/config.md's complete example, as GET /routes returns them. */
const workhorse: RouteDto = {
  strategy: 'fallback',
  targets: [
    { provider: 'anthropic', model: 'claude-sonnet-4-5', timeoutMs: 15000 },
    { provider: 'openai', model: 'gpt-5.1' },
  ],
  retry: { attempts: 2, backoffMs: 250, on: [429, 500, 502, 503, 504] },
  fallbackOn: [408, 429, 500, 502, 503, 504],
  ttftTimeoutMs: 10000,
};

const balanced: RouteDto = {
  strategy: 'loadbalance',
  targets: [
    { provider: 'openai', model: 'gpt-4o-mini', weight: 3 },
    { provider: 'anthropic', model: 'claude-haiku-4-5', weight: 1 },
  ],
};

const smart: RouteDto = {
  strategy: 'conditional',
  rules: [
    { when: { promptTokens: { gt: 4000 } }, route: 'workhorse' },
    { when: { 'metadata.tier': 'free' }, route: 'balanced' },
    { when: { lastUserMessage: { matches: '\\bdef\\b|\\bclass\\b' } }, target: { provider: 'openai', model: 'gpt-5.1-codex' } },
  ],
  default: 'balanced',
};

describe('route config ↔ editor model', () => {
  it('reads a fallback route as an ordered list of provider targets', () => {
    const model = routeToModel(workhorse);
    expect(model.strategy).toBe('fallback');
    expect(model.targets.map((t) => t.kind === 'provider' && `${t.provider}/${t.model}`)).toEqual(['anthropic/claude-sonnet-4-5', 'openai/gpt-5.1']);
    expect((model.targets[0] as ProviderTargetModel).timeout).toBe('15000');
  });

  it.each([
    ['workhorse', workhorse],
    ['balanced', balanced],
    ['smart', smart],
  ])('writes %s back exactly as it was read', (_name, route) => {
    expect(modelToRoute(routeToModel(route))).toEqual(route);
  });

  it('keeps keys it does not edit: retry, cache, price and params survive a round trip', () => {
    const route: RouteDto = {
      strategy: 'fallback',
      cache: { ttl: '60s', scope: 'key' },
      guardrails: { pii: 'redact' },
      targets: [{ provider: 'openai', model: 'gpt-4o', price: { input: 1, output: 2 }, params: { temperature: 0 } }],
    };
    expect(modelToRoute(routeToModel(route))).toEqual(route);
  });

  it('reads route references and inline routes, with the weight of an inline route kept on the route', () => {
    const route: RouteDto = {
      strategy: 'loadbalance',
      targets: [
        { route: 'cheap', weight: 2 },
        { strategy: 'fallback', weight: 1, targets: [{ provider: 'groq', model: 'llama-3.3-70b-versatile' }] },
      ],
    };
    const model = routeToModel(route);
    expect(model.targets.map((t) => t.kind)).toEqual(['ref', 'inline']);
    const inline = model.targets[1] as InlineRouteModel;
    expect(inline.weight).toBe('1');
    expect(inline.route.strategy).toBe('fallback');
    expect(modelToRoute(model)).toEqual(route);
  });

  it('treats a route without strategy as fallback, the schema default', () => {
    expect(routeToModel({ targets: [] } as unknown as RouteDto).strategy).toBe('fallback');
  });

  it('writes typed numbers as numbers and durations as text', () => {
    const model = routeToModel({ strategy: 'loadbalance', targets: [{ provider: 'a', model: 'm' }] });
    const target = model.targets[0] as ProviderTargetModel;
    const edited = { ...model, targets: [{ ...target, weight: ' 2.5 ', timeout: '15s' }] };
    expect(modelToRoute(edited).targets).toEqual([{ provider: 'a', model: 'm', weight: 2.5, timeoutMs: '15s' }]);
  });

  it('leaves out rules and default once a conditional route becomes a fallback', () => {
    const model = routeToModel(smart);
    const route = modelToRoute({ ...model, strategy: 'fallback' });
    expect(route).toEqual({ strategy: 'fallback', targets: [] });
  });
});

describe('conditions', () => {
  it('reads the documented conditions as simple tests', () => {
    const model = routeToModel(smart);
    expect(model.rules.map((rule) => describeTests(rule.tests))).toEqual([
      'promptTokens > 4000',
      'metadata.tier is free',
      'lastUserMessage matches regex /\\bdef\\b|\\bclass\\b/',
    ]);
    expect(model.rules.every((rule) => rule.raw === null)).toBe(true);
  });

  it('spreads metadata maps into one test per field', () => {
    const tests = whenToTests({ metadata: { tier: 'free', team: 'ml' } });
    expect(tests?.map((t) => [t.field, t.metaKey, t.op, t.value])).toEqual([
      ['metadata', 'tier', 'equals', 'free'],
      ['metadata', 'team', 'equals', 'ml'],
    ]);
  });

  it('merges several operators on one field into one map, and writes lists and booleans typed', () => {
    const tests = whenToTests({ promptTokens: { gt: 100, lte: 4000 }, user: { in: ['ann', 'bob'] }, hasTools: true, lastUserMessage: { matches: 'sql', flags: 'i' } });
    expect(tests).not.toBeNull();
    expect(testsToWhen(tests ?? [])).toEqual({ promptTokens: { gt: 100, lte: 4000 }, user: { in: ['ann', 'bob'] }, hasTools: true, lastUserMessage: { matches: 'sql', flags: 'i' } });
  });

  it('keeps and/or/not conditions verbatim instead of flattening them', () => {
    const when = { or: [{ 'metadata.team': 'ml' }, { not: { 'metadata.tier': 'free' } }] };
    const model = routeToModel({ strategy: 'conditional', rules: [{ when, route: 'workhorse' }], default: 'balanced' });
    expect(model.rules[0]?.raw).toEqual(when);
    expect(modelToRoute(model).rules).toEqual([{ when, route: 'workhorse' }]);
  });

  it('does not recognise unknown tests, so they are kept verbatim too', () => {
    expect(whenToTests({ promptTokenz: { gt: 1 } })).toBeNull();
    expect(whenToTests({ lastUserMessage: { matches: 'x', flags: 'ms' } })).toBeNull();
  });
});
