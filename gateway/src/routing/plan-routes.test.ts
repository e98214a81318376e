import { describe, expect, it } from 'vitest';
import { hasOwnRoutes, ownRoutes, sharedRoutes } from './plan-routes';
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

describe('sharedRoutes', () => {
  it('is the named route alone when it lists provider models, the same list on every request', () => {
    const first = sharedRoutes(router.plan('gpt'));
    expect(first).toEqual(['gpt']);
    expect(sharedRoutes(router.plan('gpt'))).toBe(first);
  });

  it('follows a route that hands the whole request to another', () => {
    expect(sharedRoutes(router.plan('wrapper'))).toEqual(['wrapper', 'gpt']);
  });

  it('leaves out the routes only some candidates come through: fallbacks and load-balanced branches', () => {
    expect(sharedRoutes(router.plan('both'))).toEqual(['both']);
    expect(sharedRoutes(router.plan('inline'))).toEqual(['inline']);
  });

  it('names only the branch a conditional route picked', () => {
    expect(sharedRoutes(router.plan('pick', { metadata: { tier: 'free' } }))).toEqual(['pick', 'gpt']);
    expect(sharedRoutes(router.plan('pick'))).toEqual(['pick', 'claude']);
  });

  it('is empty for provider/model pass-through, even of a model a route lists', () => {
    expect(sharedRoutes(router.plan('openai/gpt-4o-mini'))).toEqual([]);
  });
});

describe('ownRoutes', () => {
  it("gives each candidate the routes it comes through that the others do not, counted when it is tried", () => {
    const plan = router.plan('both');
    const shared = sharedRoutes(plan);
    expect(hasOwnRoutes(plan, shared)).toBe(true);
    expect(plan.candidates.map((candidate) => [candidate.key, ownRoutes(candidate, shared)])).toEqual([
      ['openai/gpt-4o-mini', ['wrapper', 'gpt']],
      ['anthropic/claude-sonnet-4-5', ['claude']],
      ['gemini/gemini-2.5-flash', []],
    ]);
  });

  it('has nothing to count when every candidate comes the same way', () => {
    for (const model of ['gpt', 'wrapper', 'openai/gpt-4o-mini']) {
      const plan = router.plan(model);
      expect(hasOwnRoutes(plan, sharedRoutes(plan))).toBe(false);
    }
  });
});
