import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { SseDecoder } from '../../sse/decoder';
import { createChatStreamParser } from './stream-parser';

const head = { id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-2024-08-06', system_fingerprint: 'fp_1' };
const chunk = (delta: unknown, finish_reason: string | null = null): unknown => ({
  ...head,
  choices: [{ index: 0, delta, logprobs: null, finish_reason }],
  usage: null,
});
const usageChunk = { ...head, choices: [], usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70, prompt_tokens_details: { cached_tokens: 10 }, completion_tokens_details: { reasoning_tokens: 0 } } };

/** Feeds the SSE text through the decoder, split at `splitEvery` bytes, then ends the stream. */
function parse(chunks: unknown[], options: { done?: boolean; splitEvery?: number } = {}): StreamEvent[] {
  const text = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + (options.done === false ? '' : 'data: [DONE]\n\n');
  const decoder = new SseDecoder();
  const parser = createChatStreamParser();
  const events: StreamEvent[] = [];
  const step = options.splitEvery ?? text.length;
  for (let i = 0; i < text.length; i += step) {
    for (const event of decoder.push(text.slice(i, i + step))) events.push(...parser.push(event));
  }
  for (const event of decoder.end()) events.push(...parser.push(event));
  events.push(...parser.end());
  return events;
}

describe('createChatStreamParser', () => {
  it('reads a text stream with the usage chunk after the finish chunk', () => {
    expect(parse([
      chunk({ role: 'assistant', content: '', refusal: null }),
      chunk({ content: 'Hello' }),
      chunk({ content: ' world' }),
      chunk({}, 'stop'),
      usageChunk,
    ], { splitEvery: 7 })).toEqual([
      { type: 'start', id: 'chatcmpl-9', model: 'gpt-4o-2024-08-06' },
      { type: 'text', text: 'Hello' },
      { type: 'text', text: ' world' },
      { type: 'finish', finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 40, cachedInputTokens: 10, cacheWriteTokens: 0, outputTokens: 20, reasoningTokens: 0 } },
    ]);
  });

  it('reads two parallel tool calls whose arguments are split across frames', () => {
    const events = parse([
      chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_A', type: 'function', function: { name: 'weather', arguments: '' } }], refusal: null }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_B', type: 'function', function: { name: 'weather', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"city":"Rome"}' } }] }),
      chunk({}, 'tool_calls'),
      usageChunk,
    ]);
    expect(events.slice(1, -1)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_A', name: 'weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"ci' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'ty":"Paris"}' },
      { type: 'tool-call-start', index: 1, id: 'call_B', name: 'weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":"Rome"}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('handles a whole call in one delta (Mistral) and arguments that come before the name', () => {
    const events = parse([
      chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{"x":1}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"y"' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'b', function: { name: 'g', arguments: ':2}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"x":1}' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"y":2}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('separates calls that a server puts at the same index or sends without one', () => {
    const events = parse([
      chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'b', function: { name: 'g', arguments: '{' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'b', function: { arguments: '}' } }] }),
      chunk({ tool_calls: [{ id: 'c', function: { name: 'h', arguments: '{}' } }] }),
      chunk({}, 'stop'),
    ]);
    const starts = events.filter((e) => e.type === 'tool-call-start');
    expect(starts).toEqual([
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
      { type: 'tool-call-start', index: 2, id: 'c', name: 'h' },
    ]);
    expect(events.filter((e) => e.type === 'tool-call-delta' && e.index === 1).map((e) => e.type === 'tool-call-delta' && e.argumentsDelta)).toEqual(['{', '}']);
    // "stop" with tool calls is a tool-call turn, whatever the server said.
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'tool_calls' });
  });

  it('turns reasoning_content and reasoning deltas into thinking', () => {
    const events = parse([
      chunk({ role: 'assistant', reasoning_content: 'Let me think' }),
      chunk({ reasoning: ' more.' }),
      chunk({ content: 'Done.' }, 'stop'),
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'thinking', text: 'Let me think' },
      { type: 'thinking', text: ' more.' },
      { type: 'text', text: 'Done.' },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it("reads Magistral's typed content parts: thinking parts as thinking, text parts as text", () => {
    const events = parse([
      chunk({ role: 'assistant', content: [{ type: 'thinking', thinking: [{ type: 'text', text: "It's a greeting" }] }] }),
      chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: ', so greet back.' }] }] }),
      chunk({ content: [{ type: 'text', text: 'Hello' }] }),
      chunk({ content: ' there!' }, 'stop'),
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'thinking', text: "It's a greeting" },
      { type: 'thinking', text: ', so greet back.' },
      { type: 'text', text: 'Hello' },
      { type: 'text', text: ' there!' },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('reads usage from a finish chunk and from Groq x_groq', () => {
    const events = parse([
      { ...head, choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'length' }], x_groq: { usage: { prompt_tokens: 5, completion_tokens: 1 } } },
    ]);
    expect(events.slice(2)).toEqual([
      { type: 'finish', finishReason: 'length' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } },
    ]);
  });

  it('finishes a stream that sent [DONE] but no finish_reason', () => {
    expect(parse([chunk({ content: 'x' })]).at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
  });

  it('throws when the stream is cut off before finish_reason and [DONE]', () => {
    expect(() => parse([chunk({ content: 'x' })], { done: false })).toThrow(expect.objectContaining({ code: 'stream_truncated', status: 502 }));
  });

  it('throws the upstream message for an in-stream error object', () => {
    const parser = createChatStreamParser();
    parser.push({ data: JSON.stringify(chunk({ content: 'x' })) });
    let caught: unknown;
    try {
      parser.push({ data: JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } }) });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect((caught as GatewayError).message).toBe('The server had an error while processing your request.');
    expect((caught as GatewayError).kind).toBe('upstream');
    expect((caught as GatewayError).upstreamType).toBe('server_error');
    expect((caught as GatewayError).upstreamShape).toBe('openai');
  });

  it('maps an in-stream rate limit error to rate_limit', () => {
    const parser = createChatStreamParser();
    expect(() => parser.push({ data: '{"error":{"message":"Rate limit reached","type":"tokens","code":"rate_limit_exceeded"}}' }))
      .toThrow(expect.objectContaining({ kind: 'rate_limit', code: 'rate_limit_exceeded' }));
  });

  it('refuses a frame that is not JSON', () => {
    expect(() => createChatStreamParser().push({ data: 'hello' })).toThrow(expect.objectContaining({ code: 'bad_upstream_response' }));
  });
});
