import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  streamy:
    strategy: fallback
    ttftTimeoutMs: 400ms
    targets:
      - { provider: gemini, model: gemini-2.5-flash }
      - { provider: openai, model: gpt-4o-mini }
  gpt:    { strategy: fallback, targets: [ { provider: openai, model: gpt-4o-mini }, { provider: gemini, model: gemini-2.5-flash } ] }
  claude: { strategy: fallback, targets: [ { provider: anthropic, model: claude-haiku-4-5 }, { provider: gemini, model: gemini-2.5-flash } ] }
`,
  });
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

async function collect(model: string, content: string): Promise<{ text: string; provider: string | null }> {
  const { data: stream, response } = await openai.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content }] }).withResponse();
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return { text, provider: response.headers.get('x-switchboard-provider') };
}

describe('streams fall back only before their first byte', () => {
  it('falls back when the upstream stream dies before sending anything', async () => {
    h.gemini.enqueue({ kind: 'stream-fail', afterChunks: 0 });
    expect(await collect('streamy', 'one two three')).toEqual({ text: 'echo: one two three', provider: 'openai' });
    expect(h.gemini.requests).toHaveLength(1);
  });

  it('falls back when the first token does not come within ttftTimeoutMs', async () => {
    h.gemini.enqueue({ kind: 'slow-stream', chunkDelayMs: 60_000 });
    const started = Date.now();
    expect(await collect('streamy', 'hurry')).toEqual({ text: 'echo: hurry', provider: 'openai' });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('falls back when the stream request is refused with 503', async () => {
    h.gemini.enqueue({ kind: 'error', status: 503, message: 'The model is overloaded.' });
    expect(await collect('streamy', 'retry elsewhere')).toEqual({ text: 'echo: retry elsewhere', provider: 'openai' });
  });
});

describe('a stream that fails mid-way ends with an error in the client’s shape', () => {
  it('OpenAI SDK (native stream): the iterator throws after the chunks that arrived', async () => {
    h.openai.enqueue({ kind: 'stream-fail', afterChunks: 2, text: 'alpha beta gamma delta' });
    const stream = await openai.chat.completions.create({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'x' }] });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(text).toBe('alpha beta');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    // Committed: no fallback once bytes reached the client.
    expect(h.gemini.requests).toHaveLength(0);
  });

  it('OpenAI SDK (translated from Anthropic): the iterator throws', async () => {
    // 'drop' cuts the socket after the chunks: an in-stream error event could arrive in the same
    // read as the first chunk, and then (nothing having reached the client) the gateway falls back.
    h.anthropic.enqueue({ kind: 'stream-fail', afterChunks: 1, text: 'one two three' });
    const stream = await openai.chat.completions.create({ model: 'claude', stream: true, messages: [{ role: 'user', content: 'x' }] });
    let text = '';
    const error = (await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(text).toBe('one');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.message).toMatch(/anthropic/i);
  });

  it('Anthropic SDK: the error event reaches the client', async () => {
    h.anthropic.enqueue({ kind: 'stream-fail', afterChunks: 2, text: 'one two three four' });
    const stream = anthropic.messages.stream({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(text).toBe('one two');
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(h.gemini.requests).toHaveLength(0);
  });
});
