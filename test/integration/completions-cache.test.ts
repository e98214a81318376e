import type OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logRowOf, sdkClients, standardConfig, startHarness } from './harness';
import type { Harness } from './harness';

/**
 * The exact cache on `/v1/completions` (Continue's legacy autocomplete, Cody): a repeat of the
 * same completion is answered from the cache in text completion shape, as JSON or as a stream,
 * whichever way the first one was asked. Driven by the official openai SDK.
 */
let h: Harness;
let openai: OpenAI;
beforeAll(async () => {
  h = await startHarness({
    config: (fakes) =>
      standardConfig(
        fakes,
        `  cached:   { strategy: single, targets: [ { provider: openai, model: gpt-3.5-turbo-instruct } ], cache: { ttl: 60s, scope: global } }
  restored: { strategy: single, targets: [ { provider: openai, model: gpt-3.5-turbo-instruct } ], cache: { ttl: 60s, scope: global }, guardrails: { pii: restore } }
  plain:    { strategy: single, targets: [ { provider: openai, model: gpt-3.5-turbo-instruct } ] }
`,
      ),
  });
  openai = sdkClients(h).openai;
});
afterAll(() => h.close());
afterEach(() => h.resetFakes());

const completionCalls = (): number => h.openai.requests.filter((r) => r.path === '/v1/completions').length;

const rowOf = (id: unknown) => logRowOf(h, id);

async function complete(params: OpenAI.CompletionCreateParamsNonStreaming) {
  const { data, response } = await openai.completions.create(params).withResponse();
  return { data, cache: response.headers.get('x-switchboard-cache'), id: response.headers.get('x-request-id'), cost: Number(response.headers.get('x-switchboard-cost-usd')) };
}

async function completeStreamed(params: Omit<OpenAI.CompletionCreateParamsStreaming, 'stream'>) {
  const { data: stream, response } = await openai.completions.create({ ...params, stream: true }).withResponse();
  const chunks: OpenAI.Completion[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const text = chunks.map((chunk) => chunk.choices[0]?.text ?? '').join('');
  return { chunks, text, cache: response.headers.get('x-switchboard-cache'), id: response.headers.get('x-request-id') };
}

describe('exact cache on /v1/completions', () => {
  it('answers a repeat from the cache in text completion shape, logs the money saved, and calls upstream once', async () => {
    const params = { model: 'cached', prompt: 'def add(a, b):', suffix: '    return c', max_tokens: 32, temperature: 0 };
    const first = await complete(params);
    const second = await complete(params);
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(completionCalls()).toBe(1);
    expect(second.data).toMatchObject({
      object: 'text_completion',
      model: 'gpt-3.5-turbo-instruct',
      choices: [{ index: 0, text: first.data.choices[0]?.text, finish_reason: 'stop', logprobs: null }],
      usage: first.data.usage,
    });
    expect(second.data.id).toMatch(/^cmpl-/);
    expect(second.cost).toBe(0);
    const [missRow, hitRow] = [await rowOf(first.id), await rowOf(second.id)];
    expect(missRow).toMatchObject({ endpoint: 'completions', cache: 'miss' });
    expect(hitRow).toMatchObject({ endpoint: 'completions', cache: 'hit', status: 200, costUsd: 0, model: 'gpt-3.5-turbo-instruct' });
    expect(hitRow.savedUsd).toBeCloseTo(missRow.costUsd, 10);
    expect(missRow.costUsd).toBeGreaterThan(0);
  });

  it('replays an answer cached from JSON as a well-formed stream, with the usage chunk when asked', async () => {
    const first = await complete({ model: 'cached', prompt: 'SELECT * FROM', max_tokens: 16 });
    const replay = await completeStreamed({ model: 'cached', prompt: 'SELECT * FROM', max_tokens: 16, stream_options: { include_usage: true } });
    expect(replay.cache).toBe('hit');
    expect(completionCalls()).toBe(1);
    expect(replay.text).toBe(first.data.choices[0]?.text);
    expect(replay.chunks.every((chunk) => chunk.object === 'text_completion' && chunk.model === 'gpt-3.5-turbo-instruct')).toBe(true);
    expect(replay.chunks.filter((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toHaveLength(1);
    expect(replay.chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: first.data.usage?.completion_tokens } });
  });

  it('caches a streamed answer and serves it to the next caller as JSON', async () => {
    const streamed = await completeStreamed({ model: 'cached', prompt: 'import numpy as', max_tokens: 8 });
    expect(streamed.cache).toBe('miss');
    // The client did not ask for the usage chunk the gateway asked for: it gets none.
    expect(streamed.chunks.some((chunk) => chunk.choices.length === 0)).toBe(false);
    const replay = await complete({ model: 'cached', prompt: 'import numpy as', max_tokens: 8 });
    expect(replay.cache).toBe('hit');
    expect(completionCalls()).toBe(1);
    expect(replay.data.choices[0]?.text).toBe(streamed.text);
    // The usage the gateway asked upstream for is kept with the answer.
    expect(replay.data.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('keys on every field of the body: another suffix or temperature is another completion', async () => {
    await complete({ model: 'cached', prompt: 'x = ', suffix: 'y' });
    expect((await complete({ model: 'cached', prompt: 'x = ', suffix: 'z' })).cache).toBe('miss');
    expect((await complete({ model: 'cached', prompt: 'x = ', suffix: 'y', temperature: 0.5 })).cache).toBe('miss');
    // Null and absent are one ask, and `user` does not change the answer.
    expect((await complete({ model: 'cached', prompt: 'x = ', suffix: 'y', user: 'ada', echo: null } as never)).cache).toBe('hit');
    expect(completionCalls()).toBe(3);
  });

  it('bypasses what one canonical answer cannot replay: several completions, several prompts, logprobs', async () => {
    for (const params of [
      { model: 'cached', prompt: 'a', n: 2 },
      { model: 'cached', prompt: ['a', 'b'] },
      { model: 'cached', prompt: 'a', logprobs: 2 },
    ]) {
      expect((await complete(params)).cache).toBe('bypass');
      expect((await complete(params)).cache).toBe('bypass');
    }
    expect(completionCalls()).toBe(6);
    // A prompt given as one list of tokens is a single completion, and cached.
    await complete({ model: 'cached', prompt: [1, 2, 3] });
    expect((await complete({ model: 'cached', prompt: [1, 2, 3] })).cache).toBe('hit');
  });

  it('keeps placeholders, never the values, and gives each caller its own values back', async () => {
    const first = await complete({ model: 'restored', prompt: 'mail ada@example.com' });
    expect(first.data.choices[0]?.text).toBe('echo: mail ada@example.com');
    // Another address scrubs to the same placeholder: the same ask, answered with this caller's value.
    const hit = await completeStreamed({ model: 'restored', prompt: 'mail bob@example.org' });
    expect(hit).toMatchObject({ cache: 'hit', text: 'echo: mail bob@example.org' });
    expect(completionCalls()).toBe(1);
  });

  it('does not store a stream that failed midway', async () => {
    h.openai.enqueue({ kind: 'stream-fail', afterChunks: 1, mode: 'error-event', errorMessage: 'model crashed' });
    await completeStreamed({ model: 'cached', prompt: 'one two three four' }).catch(() => undefined);
    const next = await complete({ model: 'cached', prompt: 'one two three four' });
    expect(next.cache).toBe('miss');
    expect(next.data.choices[0]?.text).toBe('echo: one two three four');
  });

  it('leaves a route without cache alone', async () => {
    const first = await complete({ model: 'plain', prompt: 'hello' });
    const second = await complete({ model: 'plain', prompt: 'hello' });
    expect([first.cache, second.cache]).toEqual([null, null]);
    expect(completionCalls()).toBe(2);
  });
});
