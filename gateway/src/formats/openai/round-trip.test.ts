import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types';
import { SseDecoder } from '../../sse/decoder';
import { openaiClientFormat } from './client-format';
import { openaiProviderFormat } from './provider-format';

const ctx = { model: 'fast', created: 1_700_000_000, includeUsage: true };

/** Our renderer's bytes read back by our parser. */
function roundTrip(events: StreamEvent[]): StreamEvent[] {
  const renderer = openaiClientFormat.createStreamRenderer(ctx);
  const text = events.map((e) => renderer.push(e)).join('') + renderer.end();
  const decoder = new SseDecoder();
  const parser = openaiProviderFormat.createStreamParser();
  const out = [...decoder.push(text), ...decoder.end()].flatMap((e) => parser.push(e));
  return [...out, ...parser.end()];
}

describe('OpenAI stream round trip', () => {
  it('gives back the same canonical events for text, reasoning, two tool calls and usage', () => {
    const usage = { inputTokens: 30, outputTokens: 12, cachedInputTokens: 70, cacheWriteTokens: 0, reasoningTokens: 4 };
    const events: StreamEvent[] = [
      { type: 'start', id: 'chatcmpl-rt', model: 'upstream-model' },
      { type: 'thinking', text: 'Two cities.' },
      { type: 'text', text: 'Checking both.' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
      { type: 'tool-call-start', index: 1, id: 'call_2', name: 'weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":"Rome"}' },
      { type: 'finish', finishReason: 'tool_calls' },
      { type: 'usage', usage },
    ];
    // The client sees its alias as the model, which is what the parser reads back.
    expect(roundTrip(events)).toEqual([{ type: 'start', id: 'chatcmpl-rt', model: 'fast' }, ...events.slice(1)]);
  });

  it('gives back the same response through render and parse', () => {
    const response = {
      id: 'chatcmpl-1',
      model: 'fast',
      content: [
        { type: 'thinking' as const, text: 'Hmm.' },
        { type: 'text' as const, text: 'Here.' },
        { type: 'tool-call' as const, id: 'call_1', name: 'f', arguments: '{"a":1}' },
      ],
      finishReason: 'tool_calls' as const,
      usage: { inputTokens: 3, outputTokens: 4, cachedInputTokens: 5, cacheWriteTokens: 0, reasoningTokens: 1 },
    };
    const wire = JSON.parse(JSON.stringify(openaiClientFormat.renderResponse(response, ctx)));
    expect(openaiProviderFormat.parseResponse(wire)).toEqual(response);
  });

  it('gives back the same request through parse and build', () => {
    const body = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
      tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: {} } } }],
      tool_choice: 'auto',
      max_completion_tokens: 50,
      temperature: 0.3,
      stream: true,
      stream_options: { include_usage: true },
    };
    expect(openaiProviderFormat.buildRequest(openaiClientFormat.parseRequest(body), 'gpt-4o')).toEqual(body);
  });
});
