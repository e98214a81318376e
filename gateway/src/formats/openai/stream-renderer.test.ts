import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { SseDecoder } from '../../sse/decoder';
import { createChatStreamRenderer } from './stream-renderer';

const ctx = { model: 'fast', created: 1_700_000_000, includeUsage: false };

/** Renders events and returns each frame's data, JSON-parsed except `[DONE]`. */
function render(events: StreamEvent[], includeUsage = false): unknown[] {
  const renderer = createChatStreamRenderer({ ...ctx, includeUsage });
  const text = events.map((e) => renderer.push(e)).join('') + renderer.end();
  const decoder = new SseDecoder();
  return [...decoder.push(text), ...decoder.end()].map((e) => (e.data === '[DONE]' ? e.data : JSON.parse(e.data)));
}

const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'fast' };
const choice = (delta: unknown, finish_reason: string | null = null): unknown => ({
  ...head,
  choices: [{ index: 0, delta, logprobs: null, finish_reason }],
});

describe('createChatStreamRenderer', () => {
  it('streams text the way OpenAI does', () => {
    expect(render([
      { type: 'start', id: '1', model: 'claude-haiku-4-5' },
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'finish', finishReason: 'stop' },
    ])).toEqual([
      choice({ role: 'assistant', content: '', refusal: null }),
      choice({ content: 'Hel' }),
      choice({ content: 'lo' }),
      choice({}, 'stop'),
      '[DONE]',
    ]);
  });

  it('streams two parallel tool calls with renumbered indices, then usage, when asked', () => {
    const frames = render([
      { type: 'start', id: 'chatcmpl-1', model: 'm' },
      { type: 'tool-call-start', index: 1, id: 'toolu_a', name: 'weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":' },
      { type: 'tool-call-start', index: 2, id: 'toolu_b', name: 'time' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '"Paris"}' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '{}' },
      { type: 'finish', finishReason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 2 } },
    ], true);
    const withUsage = (chunk: unknown): unknown => ({ ...(chunk as object), usage: null });
    expect(frames).toEqual([
      withUsage(choice({ role: 'assistant', content: '', refusal: null })),
      withUsage(choice({ tool_calls: [{ index: 0, id: 'toolu_a', type: 'function', function: { name: 'weather', arguments: '' } }] })),
      withUsage(choice({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] })),
      withUsage(choice({ tool_calls: [{ index: 1, id: 'toolu_b', type: 'function', function: { name: 'time', arguments: '' } }] })),
      withUsage(choice({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] })),
      withUsage(choice({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] })),
      withUsage(choice({}, 'tool_calls')),
      {
        ...head,
        choices: [],
        usage: {
          prompt_tokens: 12,
          completion_tokens: 5,
          total_tokens: 17,
          prompt_tokens_details: { cached_tokens: 2 },
          completion_tokens_details: { reasoning_tokens: 0 },
        },
      },
      '[DONE]',
    ]);
  });

  it('emits reasoning as reasoning_content and drops signatures', () => {
    const frames = render([
      { type: 'start', id: '1', model: 'm' },
      { type: 'thinking', text: 'Hmm.' },
      { type: 'thinking-signature', signature: 'abc' },
      { type: 'text', text: 'Yes.' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    expect(frames.slice(1, 3)).toEqual([choice({ reasoning_content: 'Hmm.' }), choice({ content: 'Yes.' })]);
    expect(frames).toHaveLength(5);
  });

  it('opens and closes a stream even when start and finish never came', () => {
    const frames = render([{ type: 'text', text: 'x' }]);
    expect(frames).toHaveLength(4);
    const [first, , last] = frames as Array<{ id: string; choices: Array<{ finish_reason: string | null }> }>;
    expect(first?.id).toMatch(/^chatcmpl-/);
    expect(last?.choices[0]?.finish_reason).toBe('stop');
  });

  it("keeps the gateway's own error code (stream_idle_timeout) in the error frame", () => {
    const idle = new GatewayError('timeout', 'Provider "x" sent nothing for 100 ms mid-stream', { code: 'stream_idle_timeout' });
    expect(JSON.parse(createChatStreamRenderer(ctx).error(idle).slice('data: '.length))).toEqual({
      error: { message: 'Provider "x" sent nothing for 100 ms mid-stream', type: 'timeout_error', param: null, code: 'stream_idle_timeout' },
    });
  });

  it('ends with a single error frame and writes nothing after it', () => {
    const renderer = createChatStreamRenderer(ctx);
    renderer.push({ type: 'start', id: '1', model: 'm' });
    expect(renderer.error(new GatewayError('upstream', 'Upstream overloaded', { upstreamType: 'server_error', upstreamShape: 'openai', code: 'upstream_500' }))).toBe(
      'data: {"error":{"message":"Upstream overloaded","type":"server_error","param":null,"code":"upstream_500"}}\n\n',
    );
    expect(renderer.push({ type: 'text', text: 'late' })).toBe('');
    expect(renderer.end()).toBe('');
  });

  it('closes only once', () => {
    const renderer = createChatStreamRenderer(ctx);
    expect(renderer.end()).toContain('data: [DONE]');
    expect(renderer.end()).toBe('');
  });
});
