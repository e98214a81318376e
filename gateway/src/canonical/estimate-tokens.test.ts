import { describe, expect, it } from 'vitest';
import { estimateTextTokens, estimateTokens } from './estimate-tokens';
import type { ChatRequest } from './types';

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'm',
  system: [],
  messages: [],
  stream: false,
  streamUsage: false,
  ...over,
});
const user = (text: string): ChatRequest['messages'][number] => ({ role: 'user', content: [{ type: 'text', text }] });

describe('estimateTextTokens', () => {
  it('counts English at about four characters a token', () => {
    // "The quick brown fox jumps over the lazy dog." is 10 tokens in OpenAI's cl100k tokenizer.
    expect(estimateTextTokens('The quick brown fox jumps over the lazy dog.')).toBe(11);
    expect(estimateTextTokens('a'.repeat(4000))).toBe(1000);
    expect(estimateTextTokens('')).toBe(0);
  });

  it('counts CJK at a token a character, other scripts at two characters a token, emoji at two', () => {
    expect(estimateTextTokens('日本語のテキスト')).toBe(8);
    expect(estimateTextTokens('Привет')).toBe(3);
    expect(estimateTextTokens('🙂🙂')).toBe(4);
  });
});

describe('estimateTokens', () => {
  it('adds a fixed cost per message and per request to the text', () => {
    const one = estimateTokens(request({ messages: [user('a'.repeat(400))] }));
    const two = estimateTokens(request({ messages: [user('a'.repeat(200)), user('a'.repeat(200))] }));
    expect(one).toBe(3 + 4 + 100);
    expect(two).toBe(one + 4);
  });

  it('counts the system prompt, tool definitions, tool calls and tool results', () => {
    const base = estimateTokens(request({ messages: [user('hi')] }));
    const withSystem = estimateTokens(request({ system: [{ type: 'text', text: 'x'.repeat(400) }], messages: [user('hi')] }));
    expect(withSystem - base).toBe(104);
    const tools = [{ name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
    expect(estimateTokens(request({ messages: [user('hi')], tools })) - base).toBeGreaterThan(150);
    const toolTurns = request({
      messages: [
        user('hi'),
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c', content: [{ type: 'text', text: 'x'.repeat(4000) }] }] },
      ],
    });
    expect(estimateTokens(toolTurns) - base).toBeGreaterThan(1000);
  });

  it('charges a fixed cost per image, less for low detail, and ignores image size and earlier reasoning', () => {
    const image = (detail?: 'low') => request({
      messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'A'.repeat(100_000) }, ...(detail ? { detail } : {}) }] }],
    });
    expect(estimateTokens(image())).toBe(3 + 4 + 1600);
    expect(estimateTokens(image('low'))).toBe(3 + 4 + 85);
    const reasoning = request({ messages: [{ role: 'assistant', content: [{ type: 'thinking', text: 'x'.repeat(10_000), signature: 's' }] }] });
    expect(estimateTokens(reasoning)).toBe(3 + 4);
  });

  it('estimates a large prompt quickly', () => {
    const big = request({ messages: Array.from({ length: 200 }, (_, i) => user(`Message ${i}: ${'lorem ipsum dolor sit amet '.repeat(200)}`)) });
    const started = performance.now();
    const tokens = estimateTokens(big);
    expect(performance.now() - started).toBeLessThan(200);
    expect(tokens).toBeGreaterThan(250_000);
  });
});
