import { describe, expect, it } from 'vitest';
import { resetAfter, UpstreamQuotas } from './upstream-quotas';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

describe('upstream rate limits from answer headers', () => {
  it("reads OpenAI's windows, the reset a duration from now", () => {
    const quotas = new UpstreamQuotas(() => NOW);
    quotas.observe('openai', 'gpt-4o-mini', {
      'x-ratelimit-limit-requests': '5000',
      'x-ratelimit-remaining-requests': '4999',
      'x-ratelimit-reset-requests': '12ms',
      'x-ratelimit-limit-tokens': '4000000',
      'x-ratelimit-remaining-tokens': '3999000',
      'x-ratelimit-reset-tokens': '6m0s',
    });
    expect(quotas.snapshot()).toEqual([
      {
        provider: 'openai',
        model: 'gpt-4o-mini',
        seenAt: NOW,
        windows: {
          requests: { limit: 5000, remaining: 4999, resetAt: NOW + 12 },
          tokens: { limit: 4_000_000, remaining: 3_999_000, resetAt: NOW + 360_000 },
        },
      },
    ]);
  });

  it("reads Anthropic's four windows, the reset a time", () => {
    const quotas = new UpstreamQuotas(() => NOW);
    quotas.observe('anthropic', 'claude-sonnet-4-5', {
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-12-06T12:00:30Z',
      'anthropic-ratelimit-input-tokens-limit': '30000',
      'anthropic-ratelimit-input-tokens-remaining': '29000',
      'anthropic-ratelimit-input-tokens-reset': '2026-12-06T12:00:02Z',
      'anthropic-ratelimit-output-tokens-limit': '8000',
      'anthropic-ratelimit-output-tokens-remaining': '7900',
      'anthropic-ratelimit-tokens-remaining': '36900',
    });
    expect(quotas.snapshot()[0]?.windows).toEqual({
      requests: { limit: 50, remaining: 0, resetAt: NOW + 30_000 },
      tokens: { limit: null, remaining: 36_900, resetAt: null },
      input_tokens: { limit: 30_000, remaining: 29_000, resetAt: NOW + 2000 },
      output_tokens: { limit: 8000, remaining: 7900, resetAt: null },
    });
  });

  it('keeps the last answer per provider and model, and ignores answers without such headers or with nonsense', () => {
    let now = NOW;
    const quotas = new UpstreamQuotas(() => now);
    quotas.observe('openai', 'gpt-4o', { 'x-ratelimit-remaining-requests': '10' });
    quotas.observe('openai', 'gpt-4o-mini', { 'x-ratelimit-remaining-requests': '99' });
    now += 1000;
    quotas.observe('openai', 'gpt-4o', { 'x-ratelimit-remaining-requests': '9', 'x-ratelimit-reset-requests': 'soon' });
    quotas.observe('openai', 'gpt-4o', { 'content-type': 'application/json' });
    quotas.observe('openai', 'gpt-4o', { 'x-ratelimit-remaining-requests': '-1' });
    quotas.observe('openai', 'gpt-4o', { 'x-ratelimit-remaining-requests': ['1', '2'] });
    expect(quotas.snapshot().map((q) => [q.model, q.seenAt, q.windows.requests])).toEqual([
      ['gpt-4o', NOW + 1000, { limit: null, remaining: 9, resetAt: null }],
      ['gpt-4o-mini', NOW, { limit: null, remaining: 99, resetAt: null }],
    ]);
  });

  it('keeps at most 1,000 targets, forgetting the one heard from longest ago', () => {
    const quotas = new UpstreamQuotas(() => NOW);
    for (let i = 0; i < 1001; i++) quotas.observe('p', `m${i}`, { 'x-ratelimit-remaining-tokens': '1' });
    quotas.observe('p', 'm1', { 'x-ratelimit-remaining-tokens': '2' });
    quotas.observe('p', 'new', { 'x-ratelimit-remaining-tokens': '3' });
    const models = quotas.snapshot().map((q) => q.model);
    expect(models).toHaveLength(1000);
    expect(models).not.toContain('m0');
    expect(models).not.toContain('m2');
    expect(models).toContain('m1');
    expect(models).toContain('new');
  });

  it('reads Go-style durations', () => {
    expect(resetAfter('1h2m3.5s', 0)).toBe(3_723_500);
    expect(resetAfter('0.5s', 0)).toBe(500);
    expect(resetAfter('250ms', 0)).toBe(250);
    expect(resetAfter('', 0)).toBeNull();
    expect(resetAfter('5 minutes', 0)).toBeNull();
    expect(resetAfter(undefined, 0)).toBeNull();
  });

  it('shows a window refilled once its reset has passed (its size known), and drops it otherwise', () => {
    let now = NOW;
    const quotas = new UpstreamQuotas(() => now);
    quotas.observe('openai', 'gpt-4o', { 'x-ratelimit-limit-requests': '50', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '2s', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '1s' });
    expect(quotas.snapshot()[0]?.windows.requests?.remaining).toBe(0);
    now += 2000;
    expect(quotas.snapshot()[0]?.windows).toEqual({ requests: { limit: 50, remaining: 50, resetAt: null } });
  });

  it("reads an Anthropic answer whose only window is output tokens", () => {
    const quotas = new UpstreamQuotas(() => NOW);
    quotas.observe('anthropic', 'claude-haiku-4-5', { 'anthropic-ratelimit-output-tokens-remaining': '900' });
    expect(quotas.snapshot()[0]?.windows).toEqual({ output_tokens: { limit: null, remaining: 900, resetAt: null } });
  });

  it('shows a window without a reset time for 10 minutes, and takes a size of 0 as no size', () => {
    let now = NOW;
    const quotas = new UpstreamQuotas(() => now);
    quotas.observe('p', 'm', { 'x-ratelimit-limit-tokens': '0', 'x-ratelimit-remaining-tokens': '0' });
    expect(quotas.snapshot()[0]?.windows.tokens).toEqual({ limit: null, remaining: 0, resetAt: null });
    now += 10 * 60_000 + 1;
    expect(quotas.snapshot()).toEqual([]);
  });

  it('names a spent window with a reset time, the one refilling last, until it refills or a later answer says otherwise', () => {
    let now = NOW;
    const quotas = new UpstreamQuotas(() => now);
    expect(quotas.spent('openai', 'gpt-4o-mini')).toBeUndefined();
    quotas.observe('openai', 'gpt-4o-mini', {
      'x-ratelimit-limit-requests': '500',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '2s',
      'x-ratelimit-limit-tokens': '30000',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '1m0s',
    });
    expect(quotas.spent('openai', 'gpt-4o-mini')).toEqual({ window: 'tokens', until: NOW + 60_000 });
    expect(quotas.spent('openai', 'gpt-4o')).toBeUndefined();
    now = NOW + 60_001;
    expect(quotas.spent('openai', 'gpt-4o-mini')).toBeUndefined();

    // A window with no reset time says nothing about when to try again, nor one of unknown size.
    quotas.observe('local', 'llama', { 'x-ratelimit-limit-requests': '10', 'x-ratelimit-remaining-requests': '0' });
    expect(quotas.spent('local', 'llama')).toBeUndefined();
    quotas.observe('local', 'qwen', { 'x-ratelimit-limit-requests': '0', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '10s' });
    expect(quotas.spent('local', 'qwen')).toBeUndefined();
    // OpenAI's reset is when the window is whole again: skipped a minute at most, then asked again.
    quotas.observe('openai', 'gpt-5', { 'x-ratelimit-limit-tokens': '30000', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '6m0s' });
    expect(quotas.spent('openai', 'gpt-5')).toEqual({ window: 'tokens', until: now + 60_000 });

    quotas.observe('openai', 'gpt-4o-mini', { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '5s' });
    expect(quotas.spent('openai', 'gpt-4o-mini')).toEqual({ window: 'requests', until: now + 5000 });
    quotas.observe('openai', 'gpt-4o-mini', { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '499', 'x-ratelimit-reset-requests': '5s' });
    expect(quotas.spent('openai', 'gpt-4o-mini')).toBeUndefined();
  });
});
