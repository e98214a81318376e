import { describe, expect, it } from 'vitest';
import type { UpstreamQuota } from '../upstream/upstream-quotas';
import { lowestQuota } from './ops-dto';

const quota = (provider: string, model: string, windows: UpstreamQuota['windows']): UpstreamQuota => ({ provider, model, seenAt: 0, windows });

describe("a provider's rate limit running out", () => {
  const quotas = [
    quota('openai', 'gpt-4o', { requests: { limit: 500, remaining: 40, resetAt: 1 }, tokens: { limit: 200_000, remaining: 9_000, resetAt: 2 } }),
    quota('openai', 'gpt-4o-mini', { requests: { limit: 500, remaining: 30, resetAt: 3 } }),
    quota('anthropic', 'claude-sonnet-4-5', { output_tokens: { limit: null, remaining: 0, resetAt: null }, requests: { limit: 50, remaining: 49, resetAt: null } }),
    quota('gemini', 'gemini-2.5-flash', { requests: { limit: 100, remaining: 11, resetAt: null }, tokens: { limit: null, remaining: 5, resetAt: null } }),
  ];

  it('is the window with the least share left, across the provider’s models, at 10% or less', () => {
    expect(lowestQuota(quotas, 'openai')).toEqual({ model: 'gpt-4o', window: 'tokens', remaining: 9_000, limit: 200_000, resetAt: 2 });
  });

  it('counts a window of unknown size only once it is empty, and nothing above 10%', () => {
    expect(lowestQuota(quotas, 'anthropic')).toEqual({ model: 'claude-sonnet-4-5', window: 'output_tokens', remaining: 0, limit: null, resetAt: null });
    expect(lowestQuota(quotas, 'gemini')).toBeUndefined();
    expect(lowestQuota(quotas, 'azure')).toBeUndefined();
  });
});
