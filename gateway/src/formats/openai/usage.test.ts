import { describe, expect, it } from 'vitest';
import { emptyUsage } from '../../canonical/types';
import { fromOpenAIUsage } from './usage';

describe('fromOpenAIUsage on what compatible servers send', () => {
  it('reads a counter that is not a non-negative number as 0, without voiding the rest', () => {
    expect(fromOpenAIUsage({ prompt_tokens: '12', completion_tokens: 5 })).toEqual({ ...emptyUsage(), outputTokens: 5 });
    expect(fromOpenAIUsage({ prompt_tokens: 10, completion_tokens: -1 })).toEqual({ ...emptyUsage(), inputTokens: 10 });
    expect(fromOpenAIUsage({ prompt_tokens: null, completion_tokens: null })).toEqual(emptyUsage());
  });

  it('ignores details that are not objects and falls back to DeepSeek’s count only when cached_tokens is absent', () => {
    expect(fromOpenAIUsage({ prompt_tokens: 10, prompt_tokens_details: [4], completion_tokens_details: 'x' })).toEqual({ ...emptyUsage(), inputTokens: 10 });
    expect(fromOpenAIUsage({ prompt_tokens: 10, prompt_tokens_details: {}, prompt_cache_hit_tokens: 6 })?.cachedInputTokens).toBe(6);
    // A reported (if malformed) cached count is the server's answer: 0, not the fallback.
    expect(fromOpenAIUsage({ prompt_tokens: 10, prompt_tokens_details: { cached_tokens: null }, prompt_cache_hit_tokens: 6 })?.cachedInputTokens).toBe(0);
  });

  it("counts xAI's reasoning tokens, reported beside completion_tokens rather than in them, as output", () => {
    // grok-3-mini: 32 prompt + 9 completion + 94 reasoning = 135 total.
    const grok = { prompt_tokens: 32, completion_tokens: 9, total_tokens: 135, completion_tokens_details: { reasoning_tokens: 94 } };
    expect(fromOpenAIUsage(grok)).toEqual({ ...emptyUsage(), inputTokens: 32, outputTokens: 103, reasoningTokens: 94 });
    // OpenAI's completion_tokens already hold the reasoning: its total is prompt + completion.
    const openai = { prompt_tokens: 32, completion_tokens: 103, total_tokens: 135, completion_tokens_details: { reasoning_tokens: 94 } };
    expect(fromOpenAIUsage(openai)).toEqual({ ...emptyUsage(), inputTokens: 32, outputTokens: 103, reasoningTokens: 94 });
  });

  it("reads OpenRouter's cache writes, counted inside prompt_tokens, apart from full-price input", () => {
    const usage = { prompt_tokens: 194, completion_tokens: 2, total_tokens: 196, prompt_tokens_details: { cached_tokens: 50, cache_write_tokens: 100 } };
    expect(fromOpenAIUsage(usage)).toEqual({ ...emptyUsage(), inputTokens: 44, cachedInputTokens: 50, cacheWriteTokens: 100, outputTokens: 2 });
    expect(fromOpenAIUsage({ prompt_tokens: 10, prompt_tokens_details: { cached_tokens: 4, cache_write_tokens: 9 } })).toEqual({ ...emptyUsage(), cachedInputTokens: 4, cacheWriteTokens: 6 });
  });

  it('never reports more cached tokens than prompt tokens', () => {
    expect(fromOpenAIUsage({ prompt_tokens: 3, prompt_tokens_details: { cached_tokens: 9 } })).toEqual({ ...emptyUsage(), cachedInputTokens: 3 });
  });

  it('is undefined for anything but an object', () => {
    for (const value of [undefined, null, 42, 'usage', [{ prompt_tokens: 1 }]]) expect(fromOpenAIUsage(value)).toBeUndefined();
  });
});
