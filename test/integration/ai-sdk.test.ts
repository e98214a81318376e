import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('Vercel AI SDK through the gateway', () => {
  it('generates and streams with the OpenAI provider pointed at the gateway (to Anthropic)', async () => {
    const openai = createOpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key' });
    const generated = await generateText({ model: openai.chat('claude'), prompt: 'hello from ai sdk', maxRetries: 0 });
    expect(generated.text).toBe('echo: hello from ai sdk');
    expect(generated.usage.outputTokens).toBeGreaterThan(0);

    const streamed = streamText({ model: openai.chat('gem'), prompt: 'stream from ai sdk', maxRetries: 0 });
    let text = '';
    for await (const delta of streamed.textStream) text += delta;
    expect(text).toBe('echo: stream from ai sdk');
  });

  it('generates with the Anthropic provider pointed at the gateway (to OpenAI)', async () => {
    const anthropic = createAnthropic({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key' });
    const generated = await generateText({ model: anthropic('gpt'), prompt: 'hello anthropic provider', maxRetries: 0 });
    expect(generated.text).toBe('echo: hello anthropic provider');

    const streamed = streamText({ model: anthropic('claude'), prompt: 'native stream', maxRetries: 0 });
    let text = '';
    for await (const delta of streamed.textStream) text += delta;
    expect(text).toBe('echo: native stream');
  });
});
