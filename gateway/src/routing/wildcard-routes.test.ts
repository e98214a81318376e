import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { FIXTURE_PROVIDERS, keysOf, makeRouter } from './router.fixture';
import { routeNameFor } from './wildcard-routes';

const ROUTES = `
routes:
  claude-sonnet-4-5: { strategy: single, targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ] }
  claude-*:          { strategy: single, targets: [ { provider: anthropic, model: "*" } ] }
  claude-*-4-5*:     { strategy: fallback, targets: [ { provider: anthropic, model: "*" }, { provider: openai, model: gpt-5.1 } ] }
  "*":               { strategy: single, targets: [ { provider: local, model: "*" } ] }
  gpt-*:             { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
`;

describe('routeNameFor', () => {
  const config = parseConfig(`${FIXTURE_PROVIDERS}\n${ROUTES}`);

  it('prefers the route named after the model, then the most specific wildcard, then the catch-all', () => {
    expect(routeNameFor(config, 'claude-sonnet-4-5')).toBe('claude-sonnet-4-5');
    expect(routeNameFor(config, 'claude-haiku-4-5-20251001')).toBe('claude-*-4-5*');
    expect(routeNameFor(config, 'claude-opus-4-1')).toBe('claude-*');
    expect(routeNameFor(config, 'gpt-4o')).toBe('gpt-*');
    expect(routeNameFor(config, 'llama3.2:8b')).toBe('*');
    // `*` matches no characters too, but the parts around it must be there, in order, whole.
    expect(routeNameFor(config, 'claude-')).toBe('claude-*');
    expect(routeNameFor(config, 'claude-4-5')).toBe('claude-*');
  });

  it('leaves provider/model of a configured provider to that provider, and takes any other name with a slash', () => {
    expect(routeNameFor(config, 'openai/gpt-4o')).toBeUndefined();
    expect(routeNameFor(config, 'meta-llama/llama-3.1-8b')).toBe('*');
  });

  it('matches no wildcard without one, nor a name longer than any model name', () => {
    const strict = parseConfig(`${FIXTURE_PROVIDERS}\nroutes:\n  claude-*: { strategy: single, targets: [ { provider: anthropic, model: "*" } ] }\n`);
    expect(routeNameFor(strict, 'gpt-4o')).toBeUndefined();
    expect(routeNameFor(strict, '__proto__')).toBeUndefined();
    expect(routeNameFor(strict, `claude-${'x'.repeat(300)}`)).toBeUndefined();
    expect(routeNameFor(parseConfig(`${FIXTURE_PROVIDERS}\nroutes: {}\n`), 'claude-x')).toBeUndefined();
  });
});

describe('a wildcard route in the router', () => {
  const router = makeRouter(ROUTES);

  it('sends the model asked for where a target says "*", under the wildcard route’s name', () => {
    const plan = router.plan('claude-haiku-4-5-20251001');
    expect(plan.route).toBe('claude-*-4-5*');
    expect(keysOf(plan)).toEqual(['anthropic/claude-haiku-4-5-20251001', 'openai/gpt-5.1']);
    expect(plan.candidates[0]?.routes).toEqual(['claude-*-4-5*']);
    // Each name gets its own list: nothing of one request's plan is kept for another's.
    expect(keysOf(router.plan('claude-sonnet-4-5-20250929'))).toEqual(['anthropic/claude-sonnet-4-5-20250929', 'openai/gpt-5.1']);
    expect(keysOf(router.plan('claude-haiku-4-5-20251001'))).toEqual(['anthropic/claude-haiku-4-5-20251001', 'openai/gpt-5.1']);
    expect(keysOf(router.plan('gpt-4.1'))).toEqual(['openai/gpt-4o-mini']);
    expect(keysOf(router.plan('qwen2.5-coder'))).toEqual(['local/qwen2.5-coder']);
  });

  it('prices the model asked for', () => {
    expect(router.plan('claude-haiku-4-5').candidates[0]?.price?.input).toBeGreaterThan(0);
  });

  it('still answers model_not_found when no route takes the name', () => {
    const strict = makeRouter(`routes:\n  claude-*: { strategy: single, targets: [ { provider: anthropic, model: "*" } ] }\n`);
    expect(() => strict.plan('gpt-4o')).toThrow(expect.objectContaining({ code: 'model_not_found' }));
  });
});
