import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error';
import { parseAnthropicResponse } from './parse-response';

describe('parseAnthropicResponse', () => {
  it('reads every translatable block, the stop reason and the usage', () => {
    const response = parseAnthropicResponse({
      id: 'msg_01',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [
        { type: 'thinking', thinking: 'Plan.', signature: 'sig' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Let me look.', citations: null },
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' }, caller: { type: 'direct' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 50, cache_creation_input_tokens: 10, cache_read_input_tokens: null, service_tier: 'standard' },
    });
    expect(response).toEqual({
      id: 'msg_01',
      model: 'claude-sonnet-4-5-20250929',
      content: [
        { type: 'thinking', text: 'Plan.', signature: 'sig' },
        { type: 'redacted-thinking', data: 'opaque' },
        { type: 'text', text: 'Let me look.' },
        { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
      finishReason: 'tool_calls',
      usage: { inputTokens: 100, outputTokens: 50, cacheWriteTokens: 10, cachedInputTokens: 0, reasoningTokens: 0 },
    });
  });

  it.each([
    ['end_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['pause_turn', 'pause_turn'],
    ['refusal', 'refusal'],
  ])('maps stop_reason %s to %s', (stop_reason, finishReason) => {
    const response = parseAnthropicResponse({ id: 'm', model: 'c', content: [], stop_reason, usage: { input_tokens: 1, output_tokens: 1 } });
    expect(response.finishReason).toBe(finishReason);
  });

  it('keeps the stop sequence', () => {
    const response = parseAnthropicResponse({ id: 'm', model: 'c', content: [], stop_reason: 'stop_sequence', stop_sequence: '###', usage: {} });
    expect(response).toMatchObject({ finishReason: 'stop_sequence', stopSequence: '###' });
  });

  it('refuses a body that is not a message with a 502', () => {
    expect(() => parseAnthropicResponse({ type: 'error', error: {} })).toThrow(GatewayError);
    try {
      parseAnthropicResponse('nope');
    } catch (error) {
      expect(error).toMatchObject({ kind: 'upstream', status: 502 });
    }
  });
});
