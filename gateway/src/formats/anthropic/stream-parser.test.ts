import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { SseDecoder } from '../../sse/decoder';
import { AnthropicStreamParser } from './stream-parser';

const frame = (type: string, data: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/**
 * The structure of Anthropic's documented streaming examples: thinking with its signature,
 * text, a ping, then a tool_use whose input arrives as input_json_delta pieces — split here in
 * the middle of a key and of a string — and message_delta with the final usage.
 */
const upstream = [
  frame('message_start', {
    message: {
      id: 'msg_014p7gG3wDgGV9EUtLvnow3U',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 472, cache_creation_input_tokens: 0, cache_read_input_tokens: 2048, output_tokens: 2 },
    },
  }),
  frame('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
  frame('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'The user wants the weather.' } }),
  frame('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9G' } }),
  frame('content_block_stop', { index: 0 }),
  frame('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
  'event: ping\ndata: {"type": "ping"}\n\n',
  frame('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Okay, let me check' } }),
  frame('content_block_delta', { index: 1, delta: { type: 'text_delta', text: ' the weather.' } }),
  frame('content_block_stop', { index: 1 }),
  frame('content_block_start', { index: 2, content_block: { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: {} } }),
  frame('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: '' } }),
  frame('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: '{"loca' } }),
  frame('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: 'tion": "San Fra' } }),
  frame('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: 'ncisco, CA"}' } }),
  frame('content_block_stop', { index: 2 }),
  frame('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 89 } }),
  frame('message_stop', {}),
].join('');

/** Feeds `text` to a decoder in 7-byte chunks, as a network would, and parses every event. */
function parseStream(text: string): StreamEvent[] {
  const decoder = new SseDecoder();
  const parser = new AnthropicStreamParser();
  const bytes = new TextEncoder().encode(text);
  const events: StreamEvent[] = [];
  for (let i = 0; i < bytes.length; i += 7) for (const sse of decoder.push(bytes.slice(i, i + 7))) events.push(...parser.push(sse));
  for (const sse of decoder.end()) events.push(...parser.push(sse));
  return [...events, ...parser.end()];
}

describe('AnthropicStreamParser', () => {
  it('turns a realistic Anthropic stream into canonical events', () => {
    expect(parseStream(upstream)).toEqual([
      { type: 'start', id: 'msg_014p7gG3wDgGV9EUtLvnow3U', model: 'claude-sonnet-4-5-20250929', usage: { inputTokens: 472, cacheWriteTokens: 0, cachedInputTokens: 2048 } },
      { type: 'thinking', text: 'The user wants the weather.' },
      { type: 'thinking-signature', signature: 'EqQBCgIYAhIM1gbcDa9G' },
      { type: 'text', text: 'Okay, let me check' },
      { type: 'text', text: ' the weather.' },
      { type: 'tool-call-start', index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"loca' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'tion": "San Fra' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'ncisco, CA"}' },
      { type: 'finish', finishReason: 'tool_calls' },
      { type: 'usage', usage: { outputTokens: 89 } },
    ]);
  });

  it('reassembles split tool input into the exact JSON', () => {
    const args = parseStream(upstream)
      .flatMap((e) => (e.type === 'tool-call-delta' ? [e.argumentsDelta] : []))
      .join('');
    expect(JSON.parse(args)).toEqual({ location: 'San Francisco, CA' });
  });

  it('numbers tool calls 0, 1, ... whatever their block index, and keeps input sent at block start', () => {
    const parser = new AnthropicStreamParser();
    const push = (type: string, data: Record<string, unknown>) => parser.push({ event: type, data: JSON.stringify({ type, ...data }) });
    push('message_start', { message: { id: 'msg_1', model: 'm', usage: { input_tokens: 1 } } });
    expect(push('content_block_start', { index: 3, content_block: { type: 'tool_use', id: 't1', name: 'a', input: {} } })).toEqual([
      { type: 'tool-call-start', index: 0, id: 't1', name: 'a' },
    ]);
    expect(push('content_block_start', { index: 5, content_block: { type: 'tool_use', id: 't2', name: 'b', input: { q: 1 } } })).toEqual([
      { type: 'tool-call-start', index: 1, id: 't2', name: 'b' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"q":1}' },
    ]);
    expect(push('content_block_delta', { index: 3, delta: { type: 'input_json_delta', partial_json: '{}' } })).toEqual([
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
    ]);
  });

  it('gives a tool_use block whose input never arrives the arguments {} at its content_block_stop', () => {
    const parser = new AnthropicStreamParser();
    const push = (type: string, data: Record<string, unknown> = {}) => parser.push({ event: type, data: JSON.stringify({ type, ...data }) });
    push('message_start', { message: { id: 'msg_1', model: 'm' } });
    // An empty partial_json only, as Anthropic sends for a tool without parameters.
    push('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 't1', name: 'now', input: {} } });
    expect(push('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '' } })).toEqual([]);
    expect(push('content_block_stop', { index: 0 })).toEqual([{ type: 'tool-call-delta', index: 0, argumentsDelta: '{}' }]);
    // No delta at all.
    push('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 't2', name: 'today', input: {} } });
    expect(push('content_block_stop', { index: 1 })).toEqual([{ type: 'tool-call-delta', index: 1, argumentsDelta: '{}' }]);
    // Input that did arrive is left alone.
    push('content_block_start', { index: 2, content_block: { type: 'tool_use', id: 't3', name: 'get_weather', input: {} } });
    push('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: '{"city":"Oslo"}' } });
    expect(push('content_block_stop', { index: 2 })).toEqual([]);
    push('content_block_start', { index: 3, content_block: { type: 'text', text: '' } });
    expect(push('content_block_stop', { index: 3 })).toEqual([]);
  });

  it('gives an argument-less tool call {} before the finish when its content_block_stop never came', () => {
    const parser = new AnthropicStreamParser();
    const push = (type: string, data: Record<string, unknown> = {}) => parser.push({ event: type, data: JSON.stringify({ type, ...data }) });
    push('message_start', { message: { id: 'msg_1', model: 'm' } });
    push('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 't1', name: 'now', input: {} } });
    expect(push('message_delta', { delta: { stop_reason: 'tool_use' } })).toEqual([
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('reports the stop sequence and cumulative input counts from message_delta', () => {
    const parser = new AnthropicStreamParser();
    const events = parser.push({
      event: 'message_delta',
      data: JSON.stringify({
        type: 'message_delta',
        delta: { stop_reason: 'stop_sequence', stop_sequence: '###' },
        usage: { output_tokens: 12, input_tokens: 30, cache_read_input_tokens: 100, output_tokens_details: { thinking_tokens: 4 } },
      }),
    });
    expect(events).toEqual([
      { type: 'finish', finishReason: 'stop_sequence', stopSequence: '###' },
      { type: 'usage', usage: { outputTokens: 12, inputTokens: 30, cachedInputTokens: 100, reasoningTokens: 4 } },
    ]);
    expect(parser.end()).toEqual([]);
  });

  it('throws an overloaded error event as a 529 GatewayError keeping the upstream type', () => {
    const parser = new AnthropicStreamParser();
    let thrown: unknown;
    try {
      parser.push({ event: 'error', data: '{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatewayError);
    expect(thrown).toMatchObject({ kind: 'overloaded', status: 529, upstreamType: 'overloaded_error', upstreamShape: 'anthropic', message: 'Overloaded', retryable: true });
  });

  it('maps other error event types to their kinds', () => {
    const kindOf = (type: string) => {
      try {
        new AnthropicStreamParser().push({ event: 'error', data: JSON.stringify({ type: 'error', error: { type, message: 'x' } }) });
      } catch (error) {
        return error instanceof GatewayError ? [error.kind, error.status] : undefined;
      }
      return undefined;
    };
    expect(kindOf('rate_limit_error')).toEqual(['rate_limit', 429]);
    expect(kindOf('api_error')).toEqual(['upstream', 500]);
    expect(kindOf('invalid_request_error')).toEqual(['invalid_request', 400]);
    expect(kindOf('something_new')).toEqual(['upstream', 502]);
  });

  it('throws stream_truncated for a stream cut off before message_delta, rather than finishing it', () => {
    const cut = upstream.slice(0, upstream.indexOf('event: message_delta'));
    expect(() => parseStream(cut)).toThrow(GatewayError);
    expect(() => parseStream(cut)).toThrow(expect.objectContaining({ kind: 'upstream', code: 'stream_truncated', status: 502 }));
  });

  it('counts a stream as complete once message_delta came, even without message_stop', () => {
    const cut = upstream.slice(0, upstream.indexOf('event: message_stop'));
    expect(parseStream(cut).at(-2)).toEqual({ type: 'finish', finishReason: 'tool_calls' });
  });

  it('skips pings, unknown event types and citation deltas, and refuses non-JSON data', () => {
    const parser = new AnthropicStreamParser();
    expect(parser.push({ event: 'ping', data: '{"type":"ping"}' })).toEqual([]);
    expect(parser.push({ event: 'future_event', data: '{"type":"future_event","x":1}' })).toEqual([]);
    expect(parser.push({ event: 'content_block_delta', data: '{"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{}}}' })).toEqual([]);
    expect(() => parser.push({ event: 'message_start', data: '{not json' })).toThrow(GatewayError);
  });
});
