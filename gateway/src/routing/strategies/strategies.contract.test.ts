import { describe, expect, it } from 'vitest';
import { resolveFacts } from '../facts';
import { defaultPolicy } from '../policy';
import { seededRandom } from '../random';
import { chatRequest, makeRouter } from '../router.fixture';
import { TargetStats } from '../stats';
import type { Candidate } from '../types';
import { strategies } from '.';
import type { Branch, StrategyContext } from '.';

// One suite every strategy passes: a strategy only orders what it is given.
const router = makeRouter('routes: {}');
const MODELS: Array<[string, string]> = [
  ['openai', 'gpt-4o-mini'],
  ['anthropic', 'claude-haiku-4-5'],
  ['gemini', 'gemini-2.5-flash'],
  ['local', 'llama-unpriced'],
  ['openai', 'gpt-4.1'],
];

function branches(): Branch[] {
  return MODELS.map(([provider, model], index) => {
    const candidate = router.candidate({ provider, model }, undefined, defaultPolicy()) as Candidate;
    return { weight: index + 1, when: { hasTools: index === 2 }, isDefault: index === MODELS.length - 1, candidates: () => [candidate] };
  });
}

function context(seed: number): StrategyContext {
  const stats = new TargetStats();
  stats.observe('openai/gpt-4o-mini', 'latency', 300);
  stats.observe('anthropic/claude-haiku-4-5', 'latency', 100);
  return { facts: resolveFacts({ request: chatRequest('hello', { tools: [{ name: 't', parameters: {} }] }) }), random: seededRandom(seed), stats };
}

describe.each(Object.values(strategies).map((strategy) => [strategy.name, strategy] as const))('strategy %s', (name, strategy) => {
  it('returns only the branches it was given, each at most once, without touching the input', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const input = branches();
      const frozen = [...input];
      const ordered = strategy.order(input, context(seed));
      expect(input).toEqual(frozen);
      expect(new Set(ordered).size).toBe(ordered.length);
      for (const branch of ordered) expect(input).toContain(branch);
      expect(ordered.length).toBeGreaterThan(0);
    }
  });

  it('is deterministic for the same random sequence and stats', () => {
    const input = branches();
    expect(strategy.order(input, context(7))).toEqual(strategy.order(input, context(7)));
  });

  it.skipIf(name === 'single' || name === 'conditional')('keeps every branch, so the rest remain as fallbacks', () => {
    const input = branches();
    expect(strategy.order(input, context(3))).toHaveLength(input.length);
  });

  it('accepts an empty list', () => {
    expect(strategy.order([], context(1))).toEqual([]);
  });
});
