import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { SseDecoder } from '../../sse/decoder';
import { createGeminiStreamParser } from './stream-parser';
import { createGeminiStreamRenderer } from './stream-renderer';

const ctx = { model: 'my-alias', created: 0, includeUsage: false };

function render(events: StreamEvent[]): string[] {
  const renderer = createGeminiStreamRenderer(ctx);
  return [...events.map((event) => renderer.push(event)), renderer.end()].filter((out) => out !== '');
}

const tail = '"modelVersion":"my-alias","responseId":"chatcmpl-1"}\r\n\r\n';

describe('the Gemini stream renderer', () => {
  it('sends each text delta as a chunk, and the finish reason with usage (which came after the finish) last', () => {
    const frames = render([
      { type: 'start', id: 'chatcmpl-1', model: 'gpt-5.1' },
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'finish', finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 7, outputTokens: 3 } },
    ]);
    expect(frames).toEqual([
      `data: {"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"},"index":0}],${tail}`,
      `data: {"candidates":[{"content":{"parts":[{"text":"lo"}],"role":"model"},"index":0}],${tail}`,
      `data: {"candidates":[{"content":{"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":3,"totalTokenCount":10},${tail}`,
    ]);
  });

  it('sends streamed calls whole in the last chunk, the signature that preceded the first one on it', () => {
    const frames = render([
      { type: 'start', id: 'chatcmpl-1', model: 'gemini-2.5-flash' },
      { type: 'thinking', text: 'Two cities.' },
      { type: 'thinking-signature', signature: 'gemini:c2lnMQ==' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"ci' },
      { type: 'tool-call-start', index: 1, id: 'call_2', name: 'get_weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":"Rome"}' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'ty":"Paris"}' },
      { type: 'finish', finishReason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 48, outputTokens: 54, reasoningTokens: 40 } },
    ]);
    expect(frames).toEqual([
      `data: {"candidates":[{"content":{"parts":[{"text":"Two cities.","thought":true}],"role":"model"},"index":0}],${tail}`,
      'data: {"candidates":[{"content":{"parts":[' +
        '{"functionCall":{"name":"get_weather","args":{"city":"Paris"},"id":"call_1"},"thoughtSignature":"c2lnMQ=="},' +
        '{"functionCall":{"name":"get_weather","args":{"city":"Rome"},"id":"call_2"}}' +
        '],"role":"model"},"finishReason":"STOP","index":0}],' +
        `"usageMetadata":{"promptTokenCount":48,"candidatesTokenCount":14,"totalTokenCount":102,"thoughtsTokenCount":40},${tail}`,
    ]);
  });

  it('sends a held call as soon as text follows it, before the text', () => {
    const frames = render([
      { type: 'start', id: 'chatcmpl-1', model: 'claude' },
      { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'ls' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'text', text: 'Done.' },
    ]);
    // Both from the push of the text.
    expect(frames[0]).toBe(
      `data: {"candidates":[{"content":{"parts":[{"functionCall":{"name":"ls","args":{},"id":"toolu_1"}}],"role":"model"},"index":0}],${tail}` +
        `data: {"candidates":[{"content":{"parts":[{"text":"Done."}],"role":"model"},"index":0}],${tail}`,
    );
  });

  it('drops signatures Gemini did not issue and encrypted thinking it has no part for', () => {
    const frames = render([
      { type: 'start', id: 'chatcmpl-1', model: 'claude' },
      { type: 'thinking', text: 'Hmm.' },
      { type: 'thinking-signature', signature: 'EqQBCkYIBxgCKkD' },
      { type: 'redacted-thinking', data: 'opaque' },
      { type: 'text', text: 'Yes.' },
    ]);
    expect(frames.join('')).not.toMatch(/thoughtSignature|opaque/);
  });

  it('ends a failed stream with an error chunk in Gemini’s shape, and nothing after it', () => {
    const renderer = createGeminiStreamRenderer(ctx);
    renderer.push({ type: 'text', text: 'partial' });
    const error = new GatewayError('rate_limit', 'Too many requests', { retryAfterSeconds: 30 });
    expect(renderer.error(error)).toBe(
      'data: {"error":{"code":429,"message":"Too many requests","status":"RESOURCE_EXHAUSTED",' +
        '"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}]}}\r\n\r\n',
    );
    expect(renderer.push({ type: 'text', text: 'more' }) + renderer.end()).toBe('');
  });

  it('is read back by the Gemini stream parser as the events it was given', () => {
    const events: StreamEvent[] = [
      { type: 'start', id: 'resp-1', model: 'my-alias' },
      { type: 'thinking', text: 'Plan.' },
      { type: 'thinking-signature', signature: 'gemini:c2ln' },
      { type: 'text', text: 'Calling.' },
      { type: 'tool-call-start', index: 0, id: 'fc_1', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ];
    const decoder = new SseDecoder();
    const parser = createGeminiStreamParser();
    const parsed = decoder.push(render(events).join('')).flatMap((event) => parser.push(event));
    expect(parsed).toEqual([
      ...events.slice(0, 6),
      { type: 'usage', usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });
});
