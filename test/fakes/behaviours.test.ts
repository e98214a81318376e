import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, startFakeGemini, startFakeOpenAI, type FakeProvider } from './index';

let openaiFake: FakeProvider;
let anthropicFake: FakeProvider;
let geminiFake: FakeProvider;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  [openaiFake, anthropicFake, geminiFake] = await Promise.all([startFakeOpenAI(), startFakeAnthropic(), startFakeGemini()]);
  openai = new OpenAI({ apiKey: 'k', baseURL: `${openaiFake.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'k', baseURL: anthropicFake.url, maxRetries: 0 });
});
afterAll(() => Promise.all([openaiFake.close(), anthropicFake.close(), geminiFake.close()]));
beforeEach(() => {
  openaiFake.reset();
  anthropicFake.reset();
  geminiFake.reset();
});

const chat = (content = 'hi') => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
const streamChat = (content = 'hi') =>
  openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], stream: true });
const claudeStream = () =>
  anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });

/** Reads an OpenAI stream, keeping what arrived before any failure. */
async function drain(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<{ text: string; error: unknown }> {
  let text = '';
  try {
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    return { text, error: undefined };
  } catch (error) {
    return { text, error };
  }
}

describe('behaviour queue', () => {
  it('uses queued behaviours in order, then the default, and reset restores the echo', async () => {
    openaiFake.enqueue({ kind: 'reply', text: 'first' }, { kind: 'reply', text: 'second' });
    openaiFake.setDefault({ kind: 'reply', text: 'default' });
    const texts = [];
    for (let i = 0; i < 3; i++) texts.push((await chat()).choices[0]?.message.content);
    expect(texts).toEqual(['first', 'second', 'default']);

    openaiFake.reset();
    expect(openaiFake.requests).toHaveLength(0);
    expect((await chat('again')).choices[0]?.message.content).toBe('echo: again');
  });

  it('delays the answer by the given time, then runs the follow-up behaviour', async () => {
    openaiFake.enqueue({ kind: 'delay', ms: 150, then: { kind: 'reply', text: 'late' } });
    const started = Date.now();
    const completion = await chat();
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(completion.choices[0]?.message.content).toBe('late');
  });
});

describe('connection failures', () => {
  it('hang: the client times out, and close() still ends promptly', async () => {
    const fake = await startFakeOpenAI();
    fake.setDefault({ kind: 'hang' });
    const client = new OpenAI({ apiKey: 'k', baseURL: `${fake.url}/v1`, maxRetries: 0, timeout: 200 });
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      APIConnectionTimeoutError,
    );

    // A second hung request is still open when the fake closes.
    const pending = fetch(`${fake.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    });
    await expect.poll(() => fake.requests.length).toBe(2);
    const closing = Date.now();
    await fake.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });

  it('drop: the socket closes before any byte and the SDKs report a connection error', async () => {
    openaiFake.enqueue({ kind: 'drop' });
    await expect(chat()).rejects.toBeInstanceOf(APIConnectionError);

    anthropicFake.enqueue({ kind: 'drop' });
    await expect(
      anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
  });
});

describe('stream-fail', () => {
  it('drop: OpenAI clients get exactly N content chunks, then a broken stream', async () => {
    openaiFake.enqueue({ kind: 'stream-fail', afterChunks: 2, text: 'alpha beta gamma delta' });
    const { text, error } = await drain(await streamChat());
    expect(text).toBe('alpha beta');
    expect(error).toBeInstanceOf(Error);
  });

  it("error-event: OpenAI's SDK throws the in-stream error object", async () => {
    openaiFake.enqueue({ kind: 'stream-fail', afterChunks: 1, mode: 'error-event', errorMessage: 'upstream melted' });
    const { text, error } = await drain(await streamChat('one two three'));
    expect(text).toBe('echo:');
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('upstream melted');
  });

  it('Anthropic: a dropped stream and an overloaded_error event both reject finalMessage()', async () => {
    anthropicFake.enqueue({ kind: 'stream-fail', afterChunks: 1 });
    await expect(claudeStream().finalMessage()).rejects.toThrow();

    anthropicFake.enqueue({ kind: 'stream-fail', afterChunks: 1, mode: 'error-event' });
    const error = await claudeStream()
      .finalMessage()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
  });

  it('Gemini: error-event ends the SSE body with an error frame; drop truncates it', async () => {
    const stream = () =>
      fetch(`${geminiFake.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, {
        method: 'POST',
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'a b c d' }] }] }),
      });
    geminiFake.enqueue({ kind: 'stream-fail', afterChunks: 2, mode: 'error-event' });
    const frames = (await (await stream()).text()).split('\r\n\r\n').filter(Boolean);
    expect(frames).toHaveLength(3);
    expect(JSON.parse(frames[2]?.slice('data: '.length) ?? '')).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE' } });

    geminiFake.enqueue({ kind: 'stream-fail', afterChunks: 2 });
    const dropped = await stream();
    expect(dropped.status).toBe(200);
    await expect(dropped.text()).rejects.toThrow();
  });

  it('a non-streaming request gets a truncated body', async () => {
    openaiFake.enqueue({ kind: 'stream-fail', afterChunks: 0 });
    await expect(chat()).rejects.toThrow();
  });
});

describe('slow-stream', () => {
  it('sends headers at once and spaces every frame by chunkDelayMs', async () => {
    openaiFake.enqueue({ kind: 'slow-stream', chunkDelayMs: 250, text: 'one two' });
    const started = Date.now();
    const stream = await streamChat();
    const headersAt = Date.now() - started;
    const arrivals: number[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) arrivals.push(Date.now() - started);

    expect(headersAt).toBeLessThan(200);
    // Frames: role, "one", " two"; the first content waits for two delays.
    expect(arrivals).toHaveLength(2);
    expect(arrivals[0]).toBeGreaterThanOrEqual(490);
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(200);
  });
});
