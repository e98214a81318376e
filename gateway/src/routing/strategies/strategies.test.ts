import { describe, expect, it } from 'vitest';
import { resolveFacts } from '../facts';
import { defaultPolicy } from '../policy';
import { seededRandom } from '../random';
import { chatRequest, makeRouter } from '../router.fixture';
import { TargetStats } from '../stats';
import type { Candidate } from '../types';
import { loadbalance } from './loadbalance';
import { lowestCost } from './lowest-cost';
import { lowestLatency } from './lowest-latency';
import type { Branch } from './types';

const router = makeRouter('routes: {}');
const branch = (provider: string, model: string, weight = 1): Branch & { key: string } => {
  const candidate = router.candidate({ provider, model }, undefined, defaultPolicy()) as Candidate;
  return { key: candidate.key, weight, candidates: () => [candidate] };
};
const keys = (ordered: Array<{ key: string }>): string[] => ordered.map((b) => b.key);

describe('loadbalance', () => {
  it('puts each target first in proportion to its weight over 1,000 picks', () => {
    const input = [branch('openai', 'gpt-4o-mini', 3), branch('anthropic', 'claude-haiku-4-5', 1), branch('gemini', 'gemini-2.5-flash', 6)];
    const random = seededRandom(2024);
    const firsts = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const first = loadbalance.order(input, { facts: resolveFacts(), random, stats: new TargetStats() })[0] as { key: string };
      firsts.set(first.key, (firsts.get(first.key) ?? 0) + 1);
    }
    // Expected 300 / 100 / 600; a binomial standard deviation is at most ~16 here.
    expect(firsts.get('openai/gpt-4o-mini')).toBeGreaterThan(250);
    expect(firsts.get('openai/gpt-4o-mini')).toBeLessThan(350);
    expect(firsts.get('anthropic/claude-haiku-4-5')).toBeGreaterThan(60);
    expect(firsts.get('anthropic/claude-haiku-4-5')).toBeLessThan(140);
    expect(firsts.get('gemini/gemini-2.5-flash')).toBeGreaterThan(550);
    expect(firsts.get('gemini/gemini-2.5-flash')).toBeLessThan(650);
  });

  it('orders the remaining targets by weight too', () => {
    const input = [branch('openai', 'gpt-4o-mini', 1), branch('anthropic', 'claude-haiku-4-5', 1000)];
    // 0.5 × 1001 lands inside the heavy target's share, whichever comes first in the list.
    expect(keys(loadbalance.order(input, { facts: resolveFacts(), random: () => 0.5, stats: new TargetStats() }))).toEqual(['anthropic/claude-haiku-4-5', 'openai/gpt-4o-mini']);
  });
});

describe('lowest-latency', () => {
  const input = [branch('openai', 'gpt-4o-mini'), branch('anthropic', 'claude-haiku-4-5'), branch('gemini', 'gemini-2.5-flash')];

  it('tries unmeasured targets first, then the fastest', () => {
    const stats = new TargetStats();
    stats.observe('openai/gpt-4o-mini', 'latency', 900);
    stats.observe('anthropic/claude-haiku-4-5', 'latency', 200);
    expect(keys(lowestLatency.order(input, { facts: resolveFacts(), random: Math.random, stats }))).toEqual([
      'gemini/gemini-2.5-flash',
      'anthropic/claude-haiku-4-5',
      'openai/gpt-4o-mini',
    ]);
  });

  it('ranks streams by time to first token and follows a target that slowed down', () => {
    const stats = new TargetStats();
    for (const key of ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'gemini/gemini-2.5-flash']) stats.observe(key, 'ttft', 300);
    stats.observe('openai/gpt-4o-mini', 'latency', 1); // a non-stream figure: ignored for streams
    for (let i = 0; i < 5; i++) stats.observe('anthropic/claude-haiku-4-5', 'ttft', 100);
    for (let i = 0; i < 5; i++) stats.observe('gemini/gemini-2.5-flash', 'ttft', 2000);
    const facts = resolveFacts({ request: chatRequest('hi', { stream: true }) });
    expect(keys(lowestLatency.order(input, { facts, random: Math.random, stats }))).toEqual(['anthropic/claude-haiku-4-5', 'openai/gpt-4o-mini', 'gemini/gemini-2.5-flash']);
  });
  it('tries a target it left last again once its figure is a few minutes old, and ranks it by what it measures then', () => {
    let now = 0;
    const stats = new TargetStats({ now: () => now });
    const pair = [branch('openai', 'gpt-4o-mini'), branch('anthropic', 'claude-haiku-4-5')];
    const order = (): string[] => keys(lowestLatency.order(pair, { facts: resolveFacts(), random: Math.random, stats }));
    stats.observe('openai/gpt-4o-mini', 'latency', 600_000); // one timed-out call
    stats.observe('anthropic/claude-haiku-4-5', 'latency', 800);
    expect(order()).toEqual(['anthropic/claude-haiku-4-5', 'openai/gpt-4o-mini']);
    // The leader keeps answering; nothing measures the other target any more.
    for (; now < 6 * 60_000; now += 10_000) stats.observe('anthropic/claude-haiku-4-5', 'latency', 800);
    expect(order()).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']);
    // It has recovered: its new figure replaces the old timeout instead of averaging with it.
    stats.observe('openai/gpt-4o-mini', 'latency', 300);
    expect(order()).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']);
  });
});

describe('lowest-cost', () => {
  it('puts the cheapest model for this request first and unknown prices last', () => {
    const input = [branch('local', 'mystery-model'), branch('anthropic', 'claude-sonnet-4-5'), branch('openai', 'gpt-4o-mini'), branch('gemini', 'gemini-2.5-flash')];
    const facts = resolveFacts({ request: chatRequest('x'.repeat(40_000)) });
    expect(keys(lowestCost.order(input, { facts, random: Math.random, stats: new TargetStats() }))).toEqual([
      'openai/gpt-4o-mini',
      'gemini/gemini-2.5-flash',
      'anthropic/claude-sonnet-4-5',
      'local/mystery-model',
    ]);
  });

  it('uses config price overrides', () => {
    const cheap = makeRouter('routes: {}');
    const override = cheap.candidate({ provider: 'anthropic', model: 'claude-sonnet-4-5', price: { input: 0.01, output: 0.01 } }, undefined, defaultPolicy()) as Candidate;
    const input = [branch('openai', 'gpt-4o-mini'), { key: override.key, weight: 1, candidates: () => [override] }];
    expect(keys(lowestCost.order(input, { facts: resolveFacts(), random: Math.random, stats: new TargetStats() }))).toEqual(['anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini']);
  });
});
