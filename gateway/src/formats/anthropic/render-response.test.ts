import { describe, expect, it } from 'vitest';
import { type ChatResponse, emptyUsage } from '../../canonical/types';
import { renderAnthropicResponse } from './render-response';

const ctx = { model: 'workhorse', created: 1_700_000_000, includeUsage: false };
const response = (over: Partial<ChatResponse>): ChatResponse => ({
  id: 'chatcmpl-123',
  model: 'gpt-5.1',
  content: [],
  finishReason: 'stop',
  usage: emptyUsage(),
  ...over,
});

describe('renderAnthropicResponse', () => {
  it('renders a message with every block type, the alias as model and full usage', () => {
    const rendered = renderAnthropicResponse(
      response({
        content: [
          { type: 'thinking', text: 'Hmm.', signature: 'sig' },
          { type: 'redacted-thinking', data: 'opaque' },
          { type: 'text', text: 'Calling a tool.' },
          { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        ],
        finishReason: 'tool_calls',
        usage: { inputTokens: 10, outputTokens: 20, cachedInputTokens: 5, cacheWriteTokens: 3, reasoningTokens: 7 },
      }),
      ctx,
    );
    expect(rendered).toEqual({
      id: 'msg_chatcmpl-123',
      type: 'message',
      role: 'assistant',
      model: 'workhorse',
      content: [
        { type: 'thinking', thinking: 'Hmm.', signature: 'sig' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Calling a tool.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 20, cache_creation_input_tokens: 3, cache_read_input_tokens: 5 },
    });
  });

  it('keeps an id that already has the msg_ prefix and gives unsigned thinking an empty signature', () => {
    const rendered = renderAnthropicResponse(response({ id: 'msg_01abc', content: [{ type: 'thinking', text: 'r' }] }), ctx);
    expect(rendered.id).toBe('msg_01abc');
    expect(rendered.content).toEqual([{ type: 'thinking', thinking: 'r', signature: '' }]);
  });

  it('renders tool arguments that are not a JSON object as empty input instead of failing', () => {
    const rendered = renderAnthropicResponse(
      response({
        content: [
          { type: 'tool-call', id: 'a', name: 'f', arguments: '{"city": "Par' },
          { type: 'tool-call', id: 'b', name: 'f', arguments: '' },
          { type: 'tool-call', id: 'c', name: 'f', arguments: '[1,2]' },
        ],
        finishReason: 'tool_calls',
      }),
      ctx,
    );
    expect(rendered.content).toEqual([
      { type: 'tool_use', id: 'a', name: 'f', input: {} },
      { type: 'tool_use', id: 'b', name: 'f', input: {} },
      { type: 'tool_use', id: 'c', name: 'f', input: {} },
    ]);
  });

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['content_filter', 'refusal'],
    ['refusal', 'refusal'],
    ['stop_sequence', 'stop_sequence'],
    ['pause_turn', 'pause_turn'],
  ] as const)('maps finish reason %s to stop_reason %s', (finishReason, stopReason) => {
    expect(renderAnthropicResponse(response({ finishReason }), ctx).stop_reason).toBe(stopReason);
  });

  it('reports tool_use when a provider ends a tool-calling turn with a plain stop', () => {
    const rendered = renderAnthropicResponse(response({ content: [{ type: 'tool-call', id: 'a', name: 'f', arguments: '{}' }], finishReason: 'stop' }), ctx);
    expect(rendered.stop_reason).toBe('tool_use');
  });

  it('reports the stop sequence that ended generation', () => {
    const rendered = renderAnthropicResponse(response({ finishReason: 'stop_sequence', stopSequence: 'END' }), ctx);
    expect(rendered).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
  });
});
