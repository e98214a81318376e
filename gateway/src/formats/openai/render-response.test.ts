import { describe, expect, it } from 'vitest';
import { emptyUsage, type ChatResponse } from '../../canonical/types';
import { renderChatCompletion } from './render-response';
import { toOpenAIUsage, fromOpenAIUsage } from './usage';

const ctx = { model: 'fast', created: 1_700_000_000, includeUsage: false };

const response = (over: Partial<ChatResponse>): ChatResponse => ({
  id: 'msg_01',
  model: 'claude-haiku-4-5',
  content: [],
  finishReason: 'stop',
  usage: emptyUsage(),
  ...over,
});

describe('renderChatCompletion', () => {
  it('renders text, tool calls, reasoning and usage as an OpenAI chat.completion', () => {
    const out = renderChatCompletion(response({
      content: [
        { type: 'thinking', text: 'Need the weather.', signature: 'sig' },
        { type: 'text', text: 'Let me ' },
        { type: 'text', text: 'check.' },
        { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}' },
      ],
      finishReason: 'tool_calls',
      usage: { inputTokens: 10, outputTokens: 20, cachedInputTokens: 100, cacheWriteTokens: 5, reasoningTokens: 8 },
    }), ctx);
    expect(out).toEqual({
      id: 'chatcmpl-msg_01',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'fast',
      choices: [{
        index: 0,
        message: {
          role: 'assistant',
          content: 'Let me check.',
          reasoning_content: 'Need the weather.',
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
          refusal: null,
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      }],
      usage: {
        prompt_tokens: 115,
        completion_tokens: 20,
        total_tokens: 135,
        prompt_tokens_details: { cached_tokens: 100 },
        completion_tokens_details: { reasoning_tokens: 8 },
      },
    });
  });

  it('uses null content when the model only called tools, and keeps an existing chatcmpl- id', () => {
    const out = renderChatCompletion(response({
      id: 'chatcmpl-abc',
      content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '{}' }],
      finishReason: 'tool_calls',
    }), ctx);
    expect(out.id).toBe('chatcmpl-abc');
    expect(out.choices[0]?.message.content).toBeNull();
    expect(out.choices[0]?.message).not.toHaveProperty('reasoning_content');
  });

  it.each([
    ['stop', 'stop'],
    ['stop_sequence', 'stop'],
    ['length', 'length'],
    ['content_filter', 'content_filter'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'stop'],
    ['error', 'stop'],
  ] as const)('maps finish reason %s to %s', (canonical, openai) => {
    expect(renderChatCompletion(response({ finishReason: canonical }), ctx).choices[0]?.finish_reason).toBe(openai);
  });

  it('reports tool_calls when a provider said stop but the turn called tools', () => {
    const out = renderChatCompletion(response({ content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '{}' }] }), ctx);
    expect(out.choices[0]?.finish_reason).toBe('tool_calls');
  });
});

describe('usage math', () => {
  it('counts cache reads and writes inside prompt_tokens and reports the cached share', () => {
    expect(toOpenAIUsage({ inputTokens: 50, cachedInputTokens: 1000, cacheWriteTokens: 200, outputTokens: 30, reasoningTokens: 12 })).toEqual({
      prompt_tokens: 1250,
      completion_tokens: 30,
      total_tokens: 1280,
      prompt_tokens_details: { cached_tokens: 1000 },
      completion_tokens_details: { reasoning_tokens: 12 },
    });
  });

  it('takes the cached share out of prompt_tokens when reading OpenAI usage', () => {
    expect(fromOpenAIUsage({
      prompt_tokens: 2006,
      completion_tokens: 300,
      total_tokens: 2306,
      prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 192, audio_tokens: 0 },
    })).toEqual({ inputTokens: 86, cachedInputTokens: 1920, outputTokens: 300, cacheWriteTokens: 0, reasoningTokens: 192 });
  });

  it("reads DeepSeek's prompt_cache_hit_tokens and tolerates missing or null details", () => {
    expect(fromOpenAIUsage({ prompt_tokens: 100, completion_tokens: 5, prompt_cache_hit_tokens: 64 })?.cachedInputTokens).toBe(64);
    expect(fromOpenAIUsage({ prompt_tokens: 9, completion_tokens: 1, prompt_tokens_details: null })).toEqual({
      ...emptyUsage(), inputTokens: 9, outputTokens: 1,
    });
    expect(fromOpenAIUsage(null)).toBeUndefined();
  });

  it('survives a round trip with the input buckets folded together', () => {
    const usage = { inputTokens: 40, cachedInputTokens: 60, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 3 };
    expect(fromOpenAIUsage(toOpenAIUsage(usage))).toEqual(usage);
  });
});
