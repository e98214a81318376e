import { describe, expect, it } from 'vitest';
import { collectStream } from '../canonical/collect';
import { emptyUsage } from '../canonical/types';
import type { ChatResponse, StreamEvent } from '../canonical/types';
import { anthropicClientFormat, anthropicProviderFormat } from '../formats/anthropic';
import { openaiClientFormat, openaiProviderFormat } from '../formats/openai';
import type { ClientFormat, ProviderFormat } from '../formats/types';
import { SseDecoder } from '../sse/decoder';
import { chunks, responseToStreamEvents } from './replay';

const usage = { ...emptyUsage(), inputTokens: 120, outputTokens: 48, cachedInputTokens: 30 };

const textResponse: ChatResponse = {
  id: 'msg_01',
  model: 'claude-sonnet-4-5',
  content: [{ type: 'text', text: 'Refunds are accepted within 30 days of purchase. '.repeat(12) }],
  finishReason: 'stop',
  usage,
};

const toolResponse: ChatResponse = {
  id: 'chatcmpl-9',
  model: 'gpt-4o-mini',
  content: [
    { type: 'text', text: 'Let me look both up.' },
    { type: 'tool-call', id: 'call_w', name: 'weather', arguments: JSON.stringify({ city: 'Paris', days: 3, note: 'x'.repeat(600) }) },
    { type: 'tool-call', id: 'call_t', name: 'time', arguments: '{"zone":"Europe/Paris"}' },
  ],
  finishReason: 'tool_calls',
  usage,
};

/** Renders replayed events as the client would receive them, then reads the bytes back as a provider stream. */
function roundTrip(response: ChatResponse, client: ClientFormat, provider: ProviderFormat): { sse: string; back: ChatResponse } {
  const renderer = client.createStreamRenderer({ model: 'workhorse', created: 1_700_000_000, includeUsage: true });
  const sse = responseToStreamEvents(response, { chunkChars: 64 }).map((event) => renderer.push(event)).join('') + renderer.end();
  const decoder = new SseDecoder();
  const parser = provider.createStreamParser();
  const events: StreamEvent[] = [];
  for (const event of [...decoder.push(sse), ...decoder.end()]) events.push(...parser.push(event));
  events.push(...parser.end());
  return { sse, back: collectStream(events) };
}

describe('responseToStreamEvents', () => {
  it('opens with start (prompt usage), chunks the text, then finish and the full usage', () => {
    const events = responseToStreamEvents(textResponse, { chunkChars: 100 });
    const text = textResponse.content[0]?.type === 'text' ? textResponse.content[0].text : '';
    expect(events[0]).toEqual({ type: 'start', id: 'msg_01', model: 'claude-sonnet-4-5', usage: { inputTokens: 120, cachedInputTokens: 30, cacheWriteTokens: 0 } });
    const deltas = events.filter((e) => e.type === 'text');
    expect(deltas).toHaveLength(Math.ceil(text.length / 100));
    expect(deltas.map((e) => (e.type === 'text' ? e.text : '')).join('')).toBe(text);
    expect(events.slice(-2)).toEqual([{ type: 'finish', finishReason: 'stop' }, { type: 'usage', usage }]);
  });

  it('numbers tool calls 0, 1, … and keeps a thinking signature after its text', () => {
    const events = responseToStreamEvents({
      ...toolResponse,
      content: [{ type: 'thinking', text: 'hmm', signature: 'sig' }, ...toolResponse.content],
    });
    expect(events.filter((e) => e.type === 'tool-call-start')).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_w', name: 'weather' },
      { type: 'tool-call-start', index: 1, id: 'call_t', name: 'time' },
    ]);
    expect(events.slice(1, 3)).toEqual([{ type: 'thinking', text: 'hmm' }, { type: 'thinking-signature', signature: 'sig' }]);
  });

  it('folds back into the same response', () => {
    const withThinking: ChatResponse = { ...toolResponse, content: [{ type: 'thinking', text: 'hmm', signature: 'sig' }, { type: 'redacted-thinking', data: 'zzz' }, ...toolResponse.content] };
    expect(collectStream(responseToStreamEvents(withThinking, { chunkChars: 7 }))).toEqual(withThinking);
    const stopped: ChatResponse = { ...textResponse, finishReason: 'stop_sequence', stopSequence: '###' };
    expect(collectStream(responseToStreamEvents(stopped))).toEqual(stopped);
  });

  it('never splits a surrogate pair', () => {
    const text = '😀'.repeat(10);
    const pieces = chunks(text, 3);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(piece).toMatch(/^(?:😀)+$/u);
  });

  describe.each([
    ['OpenAI', openaiClientFormat, openaiProviderFormat],
    ['Anthropic', anthropicClientFormat, anthropicProviderFormat],
  ] as const)('through the %s stream renderer and back', (_name, client, provider) => {
    it('gives the same text, finish reason and usage', () => {
      const { back } = roundTrip(textResponse, client, provider);
      expect(back.content).toEqual(textResponse.content);
      expect(back.finishReason).toBe('stop');
      expect(back.usage.outputTokens).toBe(48);
      expect(back.usage.inputTokens + back.usage.cachedInputTokens).toBe(150);
    });

    it('gives the same tool calls with their full arguments', () => {
      const { back } = roundTrip(toolResponse, client, provider);
      expect(back.content).toEqual(toolResponse.content);
      expect(back.finishReason).toBe('tool_calls');
    });
  });

  it('is a proper Anthropic event sequence: one message_start, blocks opened and closed in order, message_stop last', () => {
    const { sse } = roundTrip(toolResponse, anthropicClientFormat, anthropicProviderFormat);
    const decoder = new SseDecoder();
    const names = [...decoder.push(sse), ...decoder.end()].map((e) => e.event);
    expect(names.filter((n) => n === 'message_start')).toHaveLength(1);
    expect(names[0]).toBe('message_start');
    expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(names.filter((n) => n === 'content_block_start')).toHaveLength(3);
    expect(names.filter((n) => n === 'content_block_stop')).toHaveLength(3);
  });

  it('ends an OpenAI stream with the usage chunk and [DONE]', () => {
    const { sse } = roundTrip(textResponse, openaiClientFormat, openaiProviderFormat);
    expect(sse.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(sse).toContain('"prompt_tokens":150');
  });
});
