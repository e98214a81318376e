import { describe, expect, it } from 'vitest';
import { routeToModel } from './convert';
import { mapServerIssues, relativePath } from './server-issues';
import type { InlineRouteModel } from './types';

const model = routeToModel({
  strategy: 'fallback',
  targets: [
    { provider: 'anthropic', model: 'claude' },
    { strategy: 'loadbalance', targets: [{ provider: 'openai', model: 'a' }] },
  ],
  retry: { attempts: 1 },
});

const conditional = routeToModel({
  strategy: 'conditional',
  rules: [{ when: { promptTokens: { gt: 4000 }, 'metadata.tier': 'free' }, route: 'workhorse' }],
  default: 'balanced',
});

describe('server issues on the route editor', () => {
  it('strips the route prefix, also for names with dots', () => {
    expect(relativePath('routes.gpt-4.1.targets.0.model', 'gpt-4.1')).toEqual(['targets', '0', 'model']);
    expect(relativePath('route.strategy', 'x')).toEqual(['strategy']);
    expect(relativePath('targets.1', 'x')).toEqual(['targets', '1']);
    expect(relativePath('routes.other.targets', 'x')).toBeNull();
  });

  it('puts a target field problem on that target and field', () => {
    const [issue] = mapServerIssues([{ path: 'routes.w.targets.0.provider', message: 'unknown provider "antropic"', line: 7 }], 'w', model);
    expect(issue).toEqual({ nodeId: model.targets[0]!.id, field: 'provider', message: 'unknown provider "antropic"', source: 'server' });
  });

  it('follows nested routes down to the inner target', () => {
    const inner = (model.targets[1] as InlineRouteModel).route;
    const [issue] = mapServerIssues([{ path: 'routes.w.targets.1.targets.0.model', message: 'required (a string)' }], 'w', model);
    expect(issue).toMatchObject({ nodeId: inner.targets[0]!.id, field: 'model' });
  });

  it('keeps the path in the message when no field matches', () => {
    const [issue] = mapServerIssues([{ path: 'routes.w.retry.backofMs', message: 'unknown key "backofMs" — did you mean "backoffMs"?' }], 'w', model);
    expect(issue).toEqual({ nodeId: model.id, message: 'retry.backofMs: unknown key "backofMs" — did you mean "backoffMs"?', source: 'server' });
  });

  it('puts condition problems on the matching test of the rule', () => {
    const rule = conditional.rules[0]!;
    const [gt, tier] = rule.tests;
    const issues = mapServerIssues(
      [
        { path: 'routes.s.rules.0.when.promptTokens.gt', message: 'gt takes a number' },
        { path: 'routes.s.rules.0.when.metadata.tier', message: 'bad' },
        { path: 'routes.s.rules.0.route', message: 'unknown route "workhorse"' },
        { path: 'routes.s.default', message: 'unknown route "balanced"' },
      ],
      's',
      conditional,
    );
    expect(issues.map((i) => [i.nodeId, i.field])).toEqual([
      [rule.id, `test:${gt!.id}`],
      [rule.id, `test:${tier!.id}`],
      [rule.id, 'then'],
      [conditional.id, 'default'],
    ]);
  });

  it('shows problems elsewhere in the config on the route node, with their path', () => {
    const [issue] = mapServerIssues([{ path: 'providers.openai.baseUrl', message: 'must be an http(s) URL' }], 'w', model);
    expect(issue).toEqual({ nodeId: model.id, message: 'providers.openai.baseUrl: must be an http(s) URL', source: 'server' });
  });
});
