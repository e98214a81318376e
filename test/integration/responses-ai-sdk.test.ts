import { createOpenAI } from '@ai-sdk/openai';
import type { OpenAIProvider } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeProvider } from '../fakes';
import { startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
/** The AI SDK's default OpenAI provider: `openai('model')` calls POST /v1/responses. */
let openai: OpenAIProvider;

beforeAll(async () => {
  h = await startHarness();
  openai = createOpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key' });
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const cities: string[] = [];
const weather = tool({
  description: 'Current weather for a city',
  inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }),
  execute: ({ city }) => {
    cities.push(city);
    return Promise.resolve({ city, temp: '18C' });
  },
});

const routes: Array<{ alias: string; provider: 'anthropic' | 'gemini' | 'openai' }> = [
  { alias: 'claude', provider: 'anthropic' },
  { alias: 'gem', provider: 'gemini' },
  { alias: 'gpt', provider: 'openai' },
];

describe.each(routes)('AI SDK default OpenAI provider → $provider ($alias)', ({ alias, provider }) => {
  const fake = (): FakeProvider => h[provider];

  it('generates text through /v1/responses, with usage', async () => {
    const result = await generateText({ model: openai(alias), system: 'Be brief.', prompt: 'hello from the ai sdk', maxRetries: 0 });
    expect(result.text).toBe('echo: hello from the ai sdk');
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.response.id).toMatch(/^resp_/);
  });

  it('streams text through /v1/responses', async () => {
    const result = streamText({ model: openai(alias), prompt: 'stream from the ai sdk', maxRetries: 0 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('echo: stream from the ai sdk');
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
  });

  it('runs a tool and answers with its result (generateText, two steps)', async () => {
    cities.length = 0;
    fake().enqueue({ kind: 'reply', toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }] });
    fake().enqueue({ kind: 'reply', text: 'It is 18C in Paris.' });
    const result = await generateText({ model: openai(alias), prompt: 'Weather in Paris?', tools: { weather }, stopWhen: stepCountIs(2), maxRetries: 0 });
    expect(cities).toEqual(['Paris']);
    expect(result.steps).toHaveLength(2);
    expect(result.text).toBe('It is 18C in Paris.');
    // The second call carried the tool's result back to the provider, in its own format.
    expect(JSON.stringify(fake().requests.at(-1)?.body)).toContain('18C');
  });

  it('streams a tool call and the answer after it (streamText, two steps)', async () => {
    cities.length = 0;
    fake().enqueue({ kind: 'reply', toolCalls: [{ name: 'weather', arguments: { city: 'Rome' } }] });
    fake().enqueue({ kind: 'reply', text: 'Rome is at 18C.' });
    const result = streamText({ model: openai(alias), prompt: 'Weather in Rome?', tools: { weather }, stopWhen: stepCountIs(2), maxRetries: 0 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(cities).toEqual(['Rome']);
    expect(text).toBe('Rome is at 18C.');
    expect((await result.steps)[0]?.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: 'Rome' } });
  });
});

describe('AI SDK default OpenAI provider: a tool loop whose first step also said something', () => {
  const textThenCall = (): void => {
    h.anthropic.enqueue({ kind: 'reply', text: 'Let me check.', toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] });
    h.anthropic.enqueue({ kind: 'reply', text: 'Oslo is at 18C.' });
  };

  it('works with store: false, which sends the earlier text itself', async () => {
    textThenCall();
    const result = await generateText({
      model: openai('claude'),
      prompt: 'Weather in Oslo?',
      tools: { weather },
      stopWhen: stepCountIs(2),
      maxRetries: 0,
      providerOptions: { openai: { store: false } },
    });
    expect(result.text).toBe('Oslo is at 18C.');
    const sent = h.anthropic.requests.at(-1)?.body as { messages: Array<{ role: string; content: Array<{ type: string }> }> };
    expect(sent.messages[1]?.content.map((block) => block.type)).toEqual(['text', 'tool_use']);
  });

  it("is refused by default, since the AI SDK then refers to the earlier text by an id the gateway never stored, with a 400 that says what to set", async () => {
    textThenCall();
    const error = await generateText({ model: openai('claude'), prompt: 'Weather in Oslo?', tools: { weather }, stopWhen: stepCountIs(2), maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AI_APICallError', statusCode: 400 });
    expect((error as Error).message).toContain('store: false');
  });
});

describe('AI SDK default OpenAI provider: errors', () => {
  it('surfaces a provider error as an APICallError with the status', async () => {
    h.gemini.enqueue({ kind: 'error', status: 400, message: 'bad thing' });
    const error = await generateText({ model: openai('gem'), prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AI_APICallError', statusCode: 400 });
  });

  it('reports a stream that fails after it began as one error, after the text already streamed', async () => {
    h.anthropic.enqueue({ kind: 'stream-fail', afterChunks: 2, mode: 'error-event' });
    const result = streamText({ model: openai('claude'), prompt: 'tell me a long story', maxRetries: 0, onError: () => undefined });
    let text = '';
    const errors: unknown[] = [];
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') text += part.text;
      if (part.type === 'error') errors.push(part.error);
    }
    expect(text.length).toBeGreaterThan(0);
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as { message?: unknown }).message ?? errors[0])).toContain('Overloaded');
  });
});
