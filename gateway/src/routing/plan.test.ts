import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { parseConfig } from '../config/load';
import { ProviderRegistry } from '../providers/registry';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { Router } from './plan';
import { seededRandom } from './random';
import { chatRequest, FIXTURE_PROVIDERS, keysOf, makeRouter } from './router.fixture';
import type { RoutingFacts } from './types';

const ROUTES = `
routes:
  cheap:    { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  strong:   { strategy: single, targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ] }
  vision:   { strategy: single, targets: [ { provider: gemini, model: gemini-2.5-flash } ] }
  tools:    { strategy: single, targets: [ { provider: openai, model: gpt-4.1 } ] }
  fallback-chain:
    strategy: fallback
    timeoutMs: 5s
    retry: { attempts: 2 }
    breaker: { failures: 3, cooldownMs: 10s }
    targets:
      - { route: strong }
      - strategy: fallback
        timeoutMs: 2s
        targets: [ { provider: openai, model: gpt-4o-mini, timeoutMs: 1s }, { provider: gemini, model: gemini-2.5-flash } ]
  smart:
    strategy: conditional
    rules:
      - { when: { promptTokens: { gt: 3000 } }, route: strong }
      - { when: { metadata.tier: free }, route: cheap }
      - { when: { metadata: { region: { in: [eu, ch] } } }, target: { provider: gemini, model: gemini-2.5-pro } }
      - { when: { metadata.score: { gte: 0.9 } }, route: strong }
      - { when: { key: ci-bot }, route: cheap }
      - { when: { user: alice }, route: strong }
      - { when: { team: research }, route: strong }
      - { when: { tier: gold }, route: strong }
      - { when: { hasImages: true }, route: vision }
      - { when: { hasTools: true }, route: tools }
      - { when: { lastUserMessage: { matches: "\\\\bSELECT\\\\b", flags: i } }, target: { provider: local, model: sqlcoder } }
      - { when: { and: [ { metadata.env: prod }, { not: { metadata.beta: "yes" } } ] }, route: strong }
      - { when: { or: [ { metadata.env: dev }, { metadata.env: test } ] }, route: cheap }
    default: fallback-chain
`;

describe('Router.plan', () => {
  const router = makeRouter(ROUTES);
  const pick = (facts: RoutingFacts): string[] => keysOf(router.plan('smart', facts));
  const image = chatRequest('what is this?', {
    messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }] }],
  });

  it.each<[string, RoutingFacts, string[]]>([
    ['prompt tokens above a threshold', { request: chatRequest('word '.repeat(4000)) }, ['anthropic/claude-sonnet-4-5']],
    ['a metadata value', { request: chatRequest('hi'), metadata: { tier: 'free' } }, ['openai/gpt-4o-mini']],
    ['a metadata value in a list (nested metadata form)', { metadata: { region: 'ch' } }, ['gemini/gemini-2.5-pro']],
    ['a numeric metadata comparison', { metadata: { score: '0.95' } }, ['anthropic/claude-sonnet-4-5']],
    ['the gateway key by name', { key: { id: 'k_1', name: 'ci-bot' } }, ['openai/gpt-4o-mini']],
    ['the key’s user', { key: { id: 'k_2', name: 'laptop', user: 'alice' } }, ['anthropic/claude-sonnet-4-5']],
    ['the request’s user when the key has none', { request: chatRequest('hi', { user: 'alice' }) }, ['anthropic/claude-sonnet-4-5']],
    ['the key’s team', { key: { id: 'k_3', name: 'x', team: 'research' } }, ['anthropic/claude-sonnet-4-5']],
    ['the key’s tier', { key: { id: 'k_4', name: 'x', tier: 'gold' } }, ['anthropic/claude-sonnet-4-5']],
    ['images in the request', { request: image }, ['gemini/gemini-2.5-flash']],
    ['tools in the request', { request: chatRequest('hi', { tools: [{ name: 'lookup', parameters: { type: 'object' } }] }) }, ['openai/gpt-4.1']],
    ['a regex over the last user message', { request: chatRequest('please select * from users') }, ['local/sqlcoder']],
    [
      'the text the user last typed, past a turn of tool results',
      {
        request: chatRequest('x', {
          messages: [
            { role: 'user', content: [{ type: 'text', text: 'select the top customers' }] },
            { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'q', arguments: '{}' }] },
            { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'no rows' }] }] },
          ],
        }),
      },
      ['local/sqlcoder'],
    ],
    ['and + not', { metadata: { env: 'prod' } }, ['anthropic/claude-sonnet-4-5']],
    ['or', { metadata: { env: 'test' } }, ['openai/gpt-4o-mini']],
  ])('picks its branch on %s', (_name, facts, expected) => {
    expect(pick(facts)).toEqual(expected);
  });

  it('falls to the default when no rule matches (and when there are no facts at all)', () => {
    const chain = ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini', 'gemini/gemini-2.5-flash'];
    expect(pick({ request: chatRequest('hello'), metadata: { env: 'prod', beta: 'yes' } })).toEqual(chain);
    expect(keysOf(router.plan('smart'))).toEqual(chain);
  });

  it('takes the default for a request routed by name alone (embeddings, token counting), even where a rule matches an empty request', () => {
    const router = makeRouter(`${ROUTES}
  pick:
    strategy: conditional
    rules:
      - { when: { hasImages: false }, route: strong }
      - { when: { not: { metadata.tier: free } }, route: strong }
    default: cheap
`);
    expect(keysOf(router.plan('pick'))).toEqual(['openai/gpt-4o-mini']);
    expect(keysOf(router.plan('pick', { request: chatRequest('hi') }))).toEqual(['anthropic/claude-sonnet-4-5']);
  });

  it('takes the first matching rule', () => {
    expect(pick({ request: chatRequest('word '.repeat(4000)), metadata: { tier: 'free' } })).toEqual(['anthropic/claude-sonnet-4-5']);
  });

  it('passes policies down the tree: timeouts by nearest setting, retry and breaker inherited', () => {
    const [strong, mini, flash] = router.plan('fallback-chain').candidates;
    expect(strong?.policy).toMatchObject({ timeoutMs: 5000, retry: { attempts: 2 }, breaker: { failures: 3, cooldownMs: 10_000 } });
    expect(mini?.policy.timeoutMs).toBe(1000);
    expect(flash?.policy.timeoutMs).toBe(2000);
    expect(flash?.policy.breaker?.failures).toBe(3);
  });

  it('attaches prices and context windows from the price table', () => {
    const plan = router.plan('fallback-chain', { request: chatRequest('hi') });
    expect(plan.candidates[0]?.maxPromptTokens).toBe(200_000);
    expect(plan.candidates[0]?.price?.input).toBe(3);
    expect(plan.estimatedTokens).toBeGreaterThan(0);
  });

  it('load balances nested routes by weight, keeping the others as fallbacks', () => {
    const balanced = makeRouter(
      `${ROUTES}\n  mix:\n    strategy: loadbalance\n    targets:\n      - { route: strong, weight: 1 }\n      - { provider: openai, model: gpt-4o-mini, weight: 4 }\n`,
      { random: seededRandom(9) },
    );
    const firsts = { strong: 0, mini: 0 };
    for (let i = 0; i < 500; i++) {
      const keys = keysOf(balanced.plan('mix'));
      expect(keys).toHaveLength(2);
      if (keys[0] === 'openai/gpt-4o-mini') firsts.mini++;
      else firsts.strong++;
    }
    expect(firsts.mini / 500).toBeGreaterThan(0.72);
    expect(firsts.mini / 500).toBeLessThan(0.88);
  });

  it('passes provider/model straight through, and refuses unknown names', () => {
    expect(router.plan('gemini/gemini-2.5-pro')).toMatchObject({ route: null, candidates: [{ key: 'gemini/gemini-2.5-pro' }] });
    expect(() => router.plan('nope')).toThrow(GatewayError);
    expect(() => router.plan('mistral/large')).toThrow(/not a configured alias/);
    expect(() => router.plan('openai/')).toThrow(expect.objectContaining({ status: 404, code: 'model_not_found' }));
  });

  it('suggests the route a misspelt model name was likely meant to be, among those the key may call', () => {
    expect(() => router.plan('fallback-chian', { request: chatRequest('hi') })).toThrow('did you mean "fallback-chain"?');
    expect(() => router.plan('cheep', { request: chatRequest('hi'), key: { id: 'k', name: 'x', allowedRoutes: ['strong'] } })).toThrow(/not a configured alias[^"]*$/);
    expect(() => router.plan('cheep', { request: chatRequest('hi'), key: { id: 'k', name: 'x', allowedRoutes: ['cheap'] } })).toThrow('did you mean "cheap"?');
  });
});

describe('Router.plan for fixed routes (single, fallback over provider targets)', () => {
  const routes = (baseUrl: string) => `${FIXTURE_PROVIDERS.replace('http://127.0.0.1:9/v1', baseUrl)}
routes:
  chain:
    strategy: fallback
    targets: [ { provider: openai, model: gpt-4o-mini }, { provider: local, model: sqlcoder } ]
`;
  const setup = () => {
    const config = parseConfig(routes('http://127.0.0.1:9/v1'));
    const providers = new ProviderRegistry(new MemorySecretStore(), {});
    providers.apply(config);
    return { providers, router: new Router(() => config, providers) };
  };

  it('plans the same candidates for every request, each in a list of its own', () => {
    const { router } = setup();
    const first = router.plan('chain', { request: chatRequest('hi') });
    first.candidates.reverse().pop();
    const second = router.plan('chain', { request: chatRequest('a different prompt') });
    expect(keysOf(second)).toEqual(['openai/gpt-4o-mini', 'local/sqlcoder']);
    expect(second.candidates[1]).toMatchObject({ model: 'sqlcoder', policy: { timeoutMs: 600_000 } });
  });

  it('finds a target again once its provider is registered (a reload in progress planned without it)', () => {
    const config = parseConfig(routes('http://127.0.0.1:9/v1'));
    const providers = new ProviderRegistry(new MemorySecretStore(), {});
    providers.apply(parseConfig(FIXTURE_PROVIDERS.replace(/^\s*local:.*$/m, '')));
    const router = new Router(() => config, providers);
    expect(keysOf(router.plan('chain'))).toEqual(['openai/gpt-4o-mini']);
    providers.apply(config);
    expect(keysOf(router.plan('chain'))).toEqual(['openai/gpt-4o-mini', 'local/sqlcoder']);
  });

  it('plans with the providers registered now, once they were applied again', () => {
    const { providers, router } = setup();
    expect(router.plan('chain').candidates[1]?.provider.baseUrl).toBe('http://127.0.0.1:9/v1');
    providers.apply(parseConfig(routes('http://127.0.0.1:10/v1')));
    const replanned = router.plan('chain');
    expect(replanned.candidates[1]?.provider).toBe(providers.get('local'));
    expect(replanned.candidates[1]?.provider.baseUrl).toBe('http://127.0.0.1:10/v1');
  });
});
