import { describe, expect, it } from 'vitest';
import { isUsageOnlyChunk, openaiUsageTap } from './usage-tap';

const usageChunk = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25,"prompt_tokens_details":{"cached_tokens":4}}}';
const textChunk = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"\\"choices\\":[] \\"usage\\":{"},"finish_reason":null}],"usage":null}';

describe('openaiUsageTap', () => {
  it('reads usage from a chat.completion body', () => {
    expect(openaiUsageTap().fromResponse({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 2 } }))
      .toEqual({ inputTokens: 10, outputTokens: 2, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
    expect(openaiUsageTap().fromResponse({ choices: [] })).toBeUndefined();
  });

  it('reads the usage chunk of a stream and is finished only after [DONE]', () => {
    const tap = openaiUsageTap();
    tap.observe({ data: textChunk });
    expect(tap.usage()).toBeUndefined();
    tap.observe({ data: usageChunk });
    expect(tap.finished()).toBe(false);
    tap.observe({ data: '[DONE]' });
    expect(tap.finished()).toBe(true);
    expect(tap.usage()).toEqual({ inputTokens: 16, cachedInputTokens: 4, outputTokens: 5, cacheWriteTokens: 0, reasoningTokens: 0 });
  });

  it('names the model of the usage chunk, which an Azure stream whose first chunk says "" still names', () => {
    const tap = openaiUsageTap();
    tap.observe({ data: '{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[]}' });
    expect(tap.model?.()).toBeUndefined();
    tap.observe({ data: usageChunk });
    expect(tap.model?.()).toBe('gpt-4o');
  });
});

describe('isUsageOnlyChunk', () => {
  it('recognises the include_usage chunk, with or without spaces', () => {
    expect(isUsageOnlyChunk(usageChunk)).toBe(true);
    expect(isUsageOnlyChunk(JSON.stringify(JSON.parse(usageChunk), null, 1))).toBe(true);
  });

  it('is not fooled by content chunks, even ones whose text mentions choices and usage', () => {
    expect(isUsageOnlyChunk(textChunk)).toBe(false);
    expect(isUsageOnlyChunk('{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1}}')).toBe(false);
  });
});
