import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { SseDecoder } from '../../sse/decoder';
import { AnthropicStreamRenderer } from './stream-renderer';

const ctx = { model: 'workhorse', created: 1_700_000_000, includeUsage: false };

/** Every frame the renderer writes for `events` plus end(), decoded back into (event, data). */
function render(events: StreamEvent[]): Array<{ event: string | undefined; data: Record<string, unknown> }> {
  const renderer = new AnthropicStreamRenderer(ctx);
  const text = events.map((e) => renderer.push(e)).join('') + renderer.end();
  const decoder = new SseDecoder();
  return [...decoder.push(text), ...decoder.end()].map((e) => ({ event: e.event, data: JSON.parse(e.data) as Record<string, unknown> }));
}

/** A compact trace: event type, plus the block or delta type where there is one. */
const trace = (frames: ReturnType<typeof render>): string[] =>
  frames.map(({ event, data }) => {
    const block = data.content_block as { type: string } | undefined;
    const delta = data.delta as { type?: string } | undefined;
    const detail = block?.type ?? (event === 'content_block_delta' ? delta?.type : undefined);
    return detail === undefined ? String(event) : `${event}:${detail}@${String(data.index)}`;
  });

/**
 * What Anthropic clients rely on: content blocks numbered 0, 1, ... in order, one open at a
 * time, and deltas only for the open block.
 */
function expectWellFormed(frames: ReturnType<typeof render>): void {
  let open: unknown;
  let next = 0;
  for (const { event, data } of frames) {
    if (event === 'content_block_start') {
      expect(open, 'a block starts while another is open').toBeUndefined();
      expect(data.index).toBe(next++);
      open = data.index;
    } else if (event === 'content_block_delta') {
      expect(data.index, 'a delta for a block that is not open').toBe(open);
    } else if (event === 'content_block_stop') {
      expect(data.index).toBe(open);
      open = undefined;
    }
  }
  expect(open).toBeUndefined();
}

/** Each tool_use block with its input assembled from its deltas, the way the SDKs do it. */
function toolInputs(frames: ReturnType<typeof render>): Array<{ id: unknown; name: unknown; input: unknown }> {
  const blocks = new Map<unknown, { id: unknown; name: unknown; json: string }>();
  for (const { event, data } of frames) {
    const block = data.content_block as { type: string; id?: string; name?: string } | undefined;
    if (event === 'content_block_start' && block?.type === 'tool_use') blocks.set(data.index, { id: block.id, name: block.name, json: '' });
    const delta = data.delta as { type?: string; partial_json?: string } | undefined;
    const target = blocks.get(data.index);
    if (event === 'content_block_delta' && delta?.type === 'input_json_delta' && target) target.json += delta.partial_json ?? '';
  }
  return [...blocks.values()].map(({ id, name, json }) => ({ id, name, input: JSON.parse(json === '' ? '{}' : json) as unknown }));
}

describe('AnthropicStreamRenderer', () => {
  it('writes the exact bytes of a text stream', () => {
    const renderer = new AnthropicStreamRenderer(ctx);
    const out =
      renderer.push({ type: 'start', id: 'msg_1', model: 'gpt-5.1', usage: { inputTokens: 12 } }) +
      renderer.push({ type: 'text', text: 'Hi' }) +
      renderer.push({ type: 'finish', finishReason: 'stop' }) +
      renderer.push({ type: 'usage', usage: { outputTokens: 3 } }) +
      renderer.end();
    expect(out).toBe(
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"workhorse","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}\n\n' +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":12,"output_tokens":3,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}\n\n' +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });

  it('closes the thinking block, signature last, before text begins', () => {
    const frames = render([
      { type: 'start', id: 'msg_1', model: 'm' },
      { type: 'thinking', text: 'Let me ' },
      { type: 'thinking', text: 'think.' },
      { type: 'thinking-signature', signature: 'sig-abc' },
      { type: 'text', text: 'Answer.' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    expect(trace(frames)).toEqual([
      'message_start',
      'content_block_start:thinking@0',
      'content_block_delta:thinking_delta@0',
      'content_block_delta:thinking_delta@0',
      'content_block_delta:signature_delta@0',
      'content_block_stop',
      'content_block_start:text@1',
      'content_block_delta:text_delta@1',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(frames[1]?.data.content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
    expect(frames[4]?.data.delta).toEqual({ type: 'signature_delta', signature: 'sig-abc' });
  });

  it('streams text then two tool_use blocks with their input deltas, ending on tool_use', () => {
    const frames = render([
      { type: 'start', id: 'msg_1', model: 'm' },
      { type: 'text', text: 'Checking both.' },
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'get_time' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"tz":"CET"}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
    expectWellFormed(frames);
    expect(trace(frames)).toEqual([
      'message_start',
      'content_block_start:text@0',
      'content_block_delta:text_delta@0',
      'content_block_stop',
      'content_block_start:tool_use@1',
      'content_block_delta:input_json_delta@1',
      'content_block_delta:input_json_delta@1',
      'content_block_stop',
      'content_block_start:tool_use@2',
      'content_block_delta:input_json_delta@2',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(frames[4]?.data.content_block).toEqual({ type: 'tool_use', id: 'call_a', name: 'get_weather', input: {} });
    expect(frames[6]?.data.delta).toEqual({ type: 'input_json_delta', partial_json: '"Paris"}' });
    expect(frames.at(-2)?.data.delta).toEqual({ stop_reason: 'tool_use', stop_sequence: null });
  });

  it('keeps one block open at a time when tool-call deltas interleave: the later call goes out whole at the finish', () => {
    const frames = render([
      { type: 'start', id: 'msg_1', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'get_time' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"tz":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '"CET"}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
    expectWellFormed(frames);
    expect(trace(frames)).toEqual([
      'message_start',
      'content_block_start:tool_use@0',
      'content_block_delta:input_json_delta@0',
      'content_block_delta:input_json_delta@0',
      'content_block_stop',
      'content_block_start:tool_use@1',
      'content_block_delta:input_json_delta@1',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(toolInputs(frames)).toEqual([
      { id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
      { id: 'call_b', name: 'get_time', input: { tz: 'CET' } },
    ]);
    expect(frames.at(-2)?.data.delta).toEqual({ stop_reason: 'tool_use', stop_sequence: null });
  });

  it('holds calls that start before the open call’s input is complete, as servers that announce every call first do', () => {
    const frames = render([
      { type: 'start', id: 'msg_1', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'a' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'b' },
      { type: 'tool-call-start', index: 2, id: 'call_c', name: 'c' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '{"n":3}' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"n":1}' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"n":2}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
    expectWellFormed(frames);
    expect(toolInputs(frames)).toEqual([
      { id: 'call_a', name: 'a', input: { n: 1 } },
      { id: 'call_b', name: 'b', input: { n: 2 } },
      { id: 'call_c', name: 'c', input: { n: 3 } },
    ]);
  });

  it('sends held calls before message_delta even when no finish event came', () => {
    const frames = render([
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'a' },
      { type: 'tool-call-start', index: 1, id: 'call_b', name: 'b' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"n":2}' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"n":1}' },
    ]);
    expectWellFormed(frames);
    expect(toolInputs(frames)).toEqual([
      { id: 'call_a', name: 'a', input: { n: 1 } },
      { id: 'call_b', name: 'b', input: { n: 2 } },
    ]);
  });

  it('holds message_delta until end() so usage arriving after the finish is reported', () => {
    const renderer = new AnthropicStreamRenderer(ctx);
    const before = [
      renderer.push({ type: 'start', id: 'chatcmpl-9', model: 'gpt-5.1' }),
      renderer.push({ type: 'text', text: 'Hi' }),
      renderer.push({ type: 'finish', finishReason: 'length' }),
      renderer.push({ type: 'usage', usage: { inputTokens: 40, outputTokens: 9, cachedInputTokens: 30, cacheWriteTokens: 0 } }),
    ].join('');
    expect(before).not.toContain('message_delta');
    const decoder = new SseDecoder();
    const tail = decoder.push(renderer.end()).map((e) => JSON.parse(e.data) as Record<string, unknown>);
    expect(tail).toEqual([
      {
        type: 'message_delta',
        delta: { stop_reason: 'max_tokens', stop_sequence: null },
        usage: { input_tokens: 40, output_tokens: 9, cache_creation_input_tokens: 0, cache_read_input_tokens: 30 },
      },
      { type: 'message_stop' },
    ]);
    expect(renderer.end()).toBe('');
  });

  it('sends message_start exactly once: synthesised before early content, never repeated', () => {
    const frames = render([
      { type: 'text', text: 'early' },
      { type: 'start', id: 'msg_late', model: 'm' },
      { type: 'start', id: 'msg_again', model: 'm' },
      { type: 'text', text: ' text' },
    ]);
    expect(frames.filter((f) => f.event === 'message_start')).toHaveLength(1);
    const message = frames[0]?.data.message as { id: string };
    expect(message.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(trace(frames)).toEqual([
      'message_start',
      'content_block_start:text@0',
      'content_block_delta:text_delta@0',
      'content_block_delta:text_delta@0',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('emits redacted thinking as a complete block and a lone signature as its own thinking block', () => {
    const frames = render([
      { type: 'start', id: 'msg_1', model: 'm' },
      { type: 'redacted-thinking', data: 'opaque' },
      { type: 'thinking-signature', signature: 'sig-only' },
      { type: 'thinking', text: 'next block' },
    ]);
    expect(trace(frames)).toEqual([
      'message_start',
      'content_block_start:redacted_thinking@0',
      'content_block_stop',
      'content_block_start:thinking@1',
      'content_block_delta:signature_delta@1',
      'content_block_stop',
      'content_block_start:thinking@2',
      'content_block_delta:thinking_delta@2',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(frames[1]?.data.content_block).toEqual({ type: 'redacted_thinking', data: 'opaque' });
  });

  it('renders an in-stream error as an Anthropic error event and writes nothing after it', () => {
    const renderer = new AnthropicStreamRenderer(ctx);
    renderer.push({ type: 'start', id: 'msg_1', model: 'm' });
    const error = renderer.error(new GatewayError('overloaded', 'Upstream overloaded', { status: 529, upstreamType: 'overloaded_error' }));
    expect(error).toBe('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Upstream overloaded"}}\n\n');
    expect(renderer.push({ type: 'text', text: 'late' })).toBe('');
    expect(renderer.end()).toBe('');
  });

  it("names the gateway's own failures with an Anthropic type, not the provider's", () => {
    const idle = new GatewayError('timeout', 'Provider "x" sent nothing for 100 ms mid-stream', { code: 'stream_idle_timeout' });
    expect(new AnthropicStreamRenderer(ctx).error(idle)).toContain('"type":"timeout_error"');
    const foreign = new GatewayError('rate_limit', 'Quota', { upstreamType: 'insufficient_quota' });
    expect(new AnthropicStreamRenderer(ctx).error(foreign)).toContain('"type":"rate_limit_error"');
  });
});
