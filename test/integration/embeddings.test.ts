/** /v1/embeddings as OpenAI-shaped clients use it, natively and translated to Gemini. */
import { createOpenAI } from '@ai-sdk/openai';
import { embedMany } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { estimateTokens, fakeEmbedding } from '../fakes';
import { startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.openai.reset();
  h.gemini.reset();
});

/** The provider's vector as a client reading float32 sees it. */
const float32 = (vector: number[]): number[] => vector.map(Math.fround);

async function post(body: unknown): Promise<{ status: number; json: { data: Array<{ index: number; embedding: unknown }> } }> {
  const res = await fetch(`${h.gateway.url}/v1/embeddings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as never };
}

/** Texts a Gemini batch carried, in order. */
const batchTexts = (body: unknown): string[] =>
  (body as { requests: Array<{ content: { parts: Array<{ text: string }> } }> }).requests.map((r) => r.content.parts[0]?.text ?? '');

describe('the log', () => {
  it('records a refused call under the model it asked for', async () => {
    const since = Date.now();
    expect((await post({ model: 'embed', input: [] })).status).toBe(400);
    const page = await h.gateway.logs.query({ since });
    expect(page.rows.map((row) => [row.endpoint, row.alias, row.status, row.errorCode])).toEqual([['embeddings', 'embed', 400, 'invalid_request']]);
  });
});

describe('encoding_format', () => {
  it.each(['embed', 'gem-embed'])('the SDK default (base64) decodes to the provider’s vectors via %s', async (model) => {
    const res = await client.embeddings.create({ model, input: ['hello world', 'second'] });
    expect(res.data.map((d) => d.embedding)).toEqual([float32(fakeEmbedding('hello world')), float32(fakeEmbedding('second'))]);
  });

  it('sends little-endian float32 as a base64 string when asked, via Gemini', async () => {
    const { status, json } = await post({ model: 'gem-embed', input: 'hello world', encoding_format: 'base64' });
    expect(status).toBe(200);
    const bytes = Buffer.from(json.data[0]?.embedding as string, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    expect(decoded).toEqual(float32(fakeEmbedding('hello world')));
  });

  it('sends the vector as numbers for float or no encoding_format, via Gemini', async () => {
    const explicit = await client.embeddings.create({ model: 'gem-embed', input: 'hello world', encoding_format: 'float' });
    expect(explicit.data[0]?.embedding).toEqual(fakeEmbedding('hello world'));
    const { json } = await post({ model: 'gem-embed', input: 'hello world' });
    expect(json.data[0]?.embedding).toEqual(fakeEmbedding('hello world'));
  });
});

describe('more inputs than Gemini takes in one call', () => {
  const input = Array.from({ length: 250 }, (_, i) => `document number ${i}`);

  it('splits them into batches of at most 100 and answers one list in input order', async () => {
    const res = await client.embeddings.create({ model: 'gem-embed', input });
    const batches = h.gemini.requests.map((r) => batchTexts(r.body));
    expect(batches.map((b) => b.length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    expect(batches.flat().sort()).toEqual([...input].sort());
    expect(res.data.map((d) => d.index)).toEqual(input.map((_, i) => i));
    expect(res.data.map((d) => d.embedding)).toEqual(input.map((text) => float32(fakeEmbedding(text))));
    // Gemini counted nothing, so every batch estimated its own share: together, the whole input's.
    expect(res.usage.prompt_tokens).toBe(input.reduce((sum, text) => sum + estimateTokens(text), 0));
  });

  it('serves the AI SDK’s embedMany, which sends up to 2048 values in one call', async () => {
    const openai = createOpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key' });
    const { embeddings } = await embedMany({ model: openai.embedding('gem-embed'), values: input, maxRetries: 0 });
    expect(h.gemini.requests).toHaveLength(3);
    expect(embeddings).toEqual(input.map((text) => fakeEmbedding(text)));
  });

  it('fails the whole call with the provider’s error when one batch fails, returning no partial list', async () => {
    h.gemini.enqueue({ kind: 'reply' });
    h.gemini.enqueue({ kind: 'error', status: 429, message: 'Resource has been exhausted (e.g. check quota).' });
    h.gemini.enqueue({ kind: 'reply' });
    const error = await client.embeddings.create({ model: 'gem-embed', input }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).message).toContain('Resource has been exhausted');
  });
});
