/**
 * The exact cache on embeddings: re-indexing the same chunks (a RAG pipeline run again, an
 * editor re-embedding a workspace) is answered from the cache, through the official openai SDK
 * and the @google/genai SDK, and costs nothing the second time.
 */
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeEmbedding } from '../fakes';
import { logRowOf, standardConfig, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let genai: GoogleGenAI;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) =>
      standardConfig(
        fakes,
        `  embed-cached:     { strategy: single, targets: [ { provider: openai, model: text-embedding-3-small } ], cache: { ttl: 60s, scope: global } }
  gem-embed-cached: { strategy: single, targets: [ { provider: gemini, model: gemini-embedding-001 } ], cache: { ttl: 60s, scope: key } }
`,
      ),
  });
  openai = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
  genai = new GoogleGenAI({ apiKey: 'sk-sb-test-key', httpOptions: { baseUrl: h.gateway.url } });
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const float32 = (vector: number[]): number[] => vector.map(Math.fround);
const openaiCalls = (): number => h.openai.requests.filter((r) => r.path.endsWith('/embeddings')).length;
const geminiCalls = (): number => h.gemini.requests.filter((r) => r.path.includes('mbed')).length;

const rowOf = (id: unknown) => logRowOf(h, id);

async function embed(params: OpenAI.EmbeddingCreateParams) {
  const { data, response } = await openai.embeddings.create(params).withResponse();
  return { data, cache: response.headers.get('x-switchboard-cache'), id: response.headers.get('x-request-id'), cost: Number(response.headers.get('x-switchboard-cost-usd')) };
}

describe('exact cache on /v1/embeddings', () => {
  it('answers the same inputs from the cache with the same vectors, logs the money saved, and calls upstream once', async () => {
    const params = { model: 'embed-cached', input: ['chunk one', 'chunk two'] };
    const first = await embed(params);
    const second = await embed(params);
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(openaiCalls()).toBe(1);
    expect(second.data.data.map((d) => d.embedding)).toEqual([float32(fakeEmbedding('chunk one')), float32(fakeEmbedding('chunk two'))]);
    expect(second.data.usage).toEqual(first.data.usage);
    expect(second.cost).toBe(0);
    const [missRow, hitRow] = [await rowOf(first.id), await rowOf(second.id)];
    expect(missRow).toMatchObject({ endpoint: 'embeddings', cache: 'miss' });
    expect(missRow.costUsd).toBeGreaterThan(0);
    expect(hitRow).toMatchObject({ endpoint: 'embeddings', cache: 'hit', status: 200, costUsd: 0, model: 'text-embedding-3-small' });
    expect(hitRow.savedUsd).toBeCloseTo(missRow.costUsd, 12);
  });

  it('keys the inputs, their order, dimensions and encoding: any change is another call', async () => {
    await embed({ model: 'embed-cached', input: ['a', 'b'] });
    expect((await embed({ model: 'embed-cached', input: ['b', 'a'] })).cache).toBe('miss');
    expect((await embed({ model: 'embed-cached', input: ['a', 'b'], dimensions: 8 })).cache).toBe('miss');
    // The SDK asks for base64 unless told: floats are another answer's text.
    expect((await embed({ model: 'embed-cached', input: ['a', 'b'], encoding_format: 'float' })).cache).toBe('miss');
    expect((await embed({ model: 'embed-cached', input: ['a', 'b'], user: 'ada' })).cache).toBe('hit');
    expect(openaiCalls()).toBe(4);
  });

  it('honours cache-control: no-cache refreshes, no-store bypasses', async () => {
    await embed({ model: 'embed-cached', input: 'refresh me' });
    const refreshed = await openai.embeddings.create({ model: 'embed-cached', input: 'refresh me' }, { headers: { 'cache-control': 'no-cache' } }).withResponse();
    expect(refreshed.response.headers.get('x-switchboard-cache')).toBe('bypass');
    expect(openaiCalls()).toBe(2);
    expect((await embed({ model: 'embed-cached', input: 'refresh me' })).cache).toBe('hit');
    expect(openaiCalls()).toBe(2);
    const unstored = { model: 'embed-cached', input: 'keep me out' };
    await openai.embeddings.create(unstored, { headers: { 'cache-control': 'no-store' } });
    expect((await embed(unstored)).cache).toBe('miss');
    expect(openaiCalls()).toBe(4);
  });

  it('answers a Gemini caller from its entry in its own shape, task types and titles keyed', async () => {
    const ask = { model: 'gem-embed-cached', contents: ['doc one', 'doc two'], config: { taskType: 'RETRIEVAL_DOCUMENT', title: 'Handbook' } };
    const first = await genai.models.embedContent(ask);
    const again = await genai.models.embedContent(ask);
    expect(geminiCalls()).toBe(1);
    expect(again.embeddings?.map((e) => e.values)).toEqual(first.embeddings?.map((e) => e.values));
    expect(again.embeddings).toHaveLength(2);
    await genai.models.embedContent({ ...ask, config: { taskType: 'RETRIEVAL_QUERY', title: 'Handbook' } });
    expect(geminiCalls()).toBe(2);
  });

  it('never serves one key what another cached under a key scope', async () => {
    await embed({ model: 'gem-embed-cached', input: 'private text' });
    const other = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: h.gateway.keys.create({ name: 'other' }).plaintext, maxRetries: 0 });
    const { response } = await other.embeddings.create({ model: 'gem-embed-cached', input: 'private text' }).withResponse();
    expect(response.headers.get('x-switchboard-cache')).toBe('miss');
    expect(geminiCalls()).toBe(2);
    // Each key still hits its own entry.
    expect((await embed({ model: 'gem-embed-cached', input: 'private text' })).cache).toBe('hit');
    expect(geminiCalls()).toBe(2);
  });
});
