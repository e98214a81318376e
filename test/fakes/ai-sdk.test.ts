import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { embedMany, generateText, jsonSchema, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, startFakeOpenAI, type FakeProvider } from './index';

// The AI SDK parses every provider response through strict schemas, so it is a second,
// independent reader of the fakes' wire format.
let openaiFake: FakeProvider;
let anthropicFake: FakeProvider;

beforeAll(async () => {
  [openaiFake, anthropicFake] = await Promise.all([startFakeOpenAI({ apiKey: 'k' }), startFakeAnthropic({ apiKey: 'k' })]);
});
afterAll(() => Promise.all([openaiFake.close(), anthropicFake.close()]));
beforeEach(() => {
  openaiFake.reset();
  anthropicFake.reset();
});

const weather = tool({
  description: 'Weather for a city',
  inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
});

describe('AI SDK against the fakes', () => {
  it('@ai-sdk/openai reads chat, streamed usage and embeddings', async () => {
    const openai = createOpenAI({ apiKey: 'k', baseURL: `${openaiFake.url}/v1` });
    const result = await generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'hello there', maxRetries: 0 });
    expect(result.text).toBe('echo: hello there');
    expect(result.usage.inputTokens).toBeGreaterThan(0);

    const streamed = streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'stream me', maxRetries: 0 });
    expect(await streamed.text).toBe('echo: stream me');
    expect((await streamed.usage).outputTokens).toBeGreaterThan(0);

    const { embeddings } = await embedMany({ model: openai.embedding('text-embedding-3-small'), values: ['a', 'a'], maxRetries: 0 });
    expect(embeddings[0]).toEqual(embeddings[1]);
  });

  it('@ai-sdk/anthropic reads a streamed tool call and its arguments', async () => {
    anthropicFake.enqueue({ kind: 'reply', toolCalls: [{ name: 'weather', arguments: { city: 'Lima' } }] });
    const anthropic = createAnthropic({ apiKey: 'k', baseURL: `${anthropicFake.url}/v1` });
    const streamed = streamText({
      model: anthropic('claude-haiku-4-5'),
      prompt: 'weather in Lima?',
      tools: { weather },
      maxRetries: 0,
    });
    const calls = await streamed.toolCalls;
    expect(calls.map((c) => [c.toolName, c.input])).toEqual([['weather', { city: 'Lima' }]]);
    expect(await streamed.finishReason).toBe('tool-calls');
  });
});
