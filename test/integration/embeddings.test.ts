/** /v1/embeddings as OpenAI-shaped clients use it, natively and translated to Gemini. */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeEmbedding } from '../fakes';
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
