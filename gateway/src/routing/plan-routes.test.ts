import { describe, expect, it } from 'vitest';
import { planRoutes } from './plan-routes';
import { makeRouter } from './router.fixture';

const router = makeRouter(`
routes:
  gpt:     { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  claude:  { strategy: single, targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ] }
  wrapper: { strategy: fallback, targets: [ { route: gpt } ] }
  both:    { strategy: fallback, targets: [ { route: wrapper }, { route: claude }, { provider: gemini, model: gemini-2.5-flash } ] }
  inline:
    strategy: fallback
    targets:
      - strategy: loadbalance
        targets: [ { route: claude }, { provider: openai, model: gpt-4.1 } ]
  pick:
    strategy: conditional
    rules: [ { when: { metadata.tier: free }, route: gpt } ]
    default: claude
`);

describe('planRoutes', () => {
  it('is the named route alone when it lists provider models, the same list on every request', () => {
    const first = planRoutes(router.plan('gpt'));
    expect(first).toEqual(['gpt']);
    expect(planRoutes(router.plan('gpt'))).toBe(first);
  });

  it('names every route the candidates come from, through references and fallbacks, each once', () => {
    expect(planRoutes(router.plan('wrapper'))).toEqual(['wrapper', 'gpt']);
    expect(planRoutes(router.plan('both'))).toEqual(['both', 'wrapper', 'gpt', 'claude']);
  });

  it('skips inline routes (they have no name) but not the named routes inside them', () => {
    expect(planRoutes(router.plan('inline'))).toEqual(['inline', 'claude']);
  });

  it('names only the branch a conditional route picked', () => {
    expect(planRoutes(router.plan('pick', { metadata: { tier: 'free' } }))).toEqual(['pick', 'gpt']);
    expect(planRoutes(router.plan('pick'))).toEqual(['pick', 'claude']);
  });

  it('is empty for provider/model pass-through, even of a model a route lists', () => {
    expect(planRoutes(router.plan('openai/gpt-4o-mini'))).toEqual([]);
  });
});
