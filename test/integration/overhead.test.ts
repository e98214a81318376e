import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, standardConfig, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) =>
      standardConfig(
        fakes,
        '  gpt-retry:  { strategy: single, retry: { attempts: 1 }, targets: [ { provider: openai, model: gpt-4o-mini } ] }\n' +
          '  gpt-cached: { strategy: single, cache: { ttl: 60s }, targets: [ { provider: openai, model: gpt-4o-mini } ] }\n',
      ),
  });
  client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

/** A provider this slow makes any wait counted as overhead impossible to miss. */
const PROVIDER_MS = 300;

const overheadOf = (response: Response): number => {
  const header = response.headers.get('x-switchboard-overhead-ms');
  expect(header).toMatch(/^\d+\.\d{2}$/);
  return Number(header);
};
const rowOf = (id: string | null | undefined) => eventually(async () => (await h.gateway.logs.get(id ?? '')) ?? expect.fail('no row yet'));

describe("x-switchboard-overhead-ms: the gateway's own share of a call", () => {
  it('leaves out the time the provider took, and the log row keeps the same figure', async () => {
    h.openai.enqueue({ kind: 'delay', ms: PROVIDER_MS });
    const started = performance.now();
    const { response, request_id } = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'slow provider' }] }).withResponse();
    expect(performance.now() - started).toBeGreaterThanOrEqual(PROVIDER_MS);
    const overhead = overheadOf(response);
    expect(overhead).toBeGreaterThan(0);
    expect(overhead).toBeLessThan(PROVIDER_MS / 2);
    const row = await rowOf(request_id);
    expect(row.overheadMs).toBe(overhead);
    expect(row.latencyMs).toBeGreaterThanOrEqual(PROVIDER_MS);
  });

  it('is sent with a stream’s headers, the wait for its first event left out', async () => {
    h.openai.enqueue({ kind: 'delay', ms: PROVIDER_MS });
    const { data: stream, response } = await client.chat.completions.create({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'slow stream' }] }).withResponse();
    expect(overheadOf(response)).toBeLessThan(PROVIDER_MS / 2);
    for await (const _chunk of stream) {
      // Read to the end so the row is written.
    }
  });

  it('leaves out the backoff before a retry as well', async () => {
    h.openai.enqueue({ kind: 'error', status: 429, message: 'Rate limit reached', headers: { 'retry-after': '1' } });
    const started = performance.now();
    const { response } = await client.chat.completions.create({ model: 'gpt-retry', messages: [{ role: 'user', content: 'retried' }] }).withResponse();
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(overheadOf(response)).toBeLessThan(500);
  });

  it('is the whole time of a cache hit, which waits on no provider', async () => {
    const ask = () => client.chat.completions.create({ model: 'gpt-cached', messages: [{ role: 'user', content: 'cache me' }] }).withResponse();
    await ask();
    const { response, request_id } = await ask();
    expect(response.headers.get('x-switchboard-cache')).toBe('hit');
    const overhead = overheadOf(response);
    const row = await rowOf(request_id);
    expect(row).toMatchObject({ cache: 'hit', overheadMs: overhead });
    expect(overhead).toBeLessThanOrEqual(row.latencyMs);
  });

  it('is said of embeddings too, one call or batches sent side by side', async () => {
    h.openai.enqueue({ kind: 'delay', ms: PROVIDER_MS });
    const one = await client.embeddings.create({ model: 'embed', input: 'slow vectors' }).withResponse();
    expect(overheadOf(one.response)).toBeLessThan(PROVIDER_MS / 2);
    // 250 inputs are three Gemini calls at once, each slow: their waits overlap, and none is overhead.
    for (let i = 0; i < 3; i++) h.gemini.enqueue({ kind: 'delay', ms: PROVIDER_MS });
    const started = performance.now();
    const batched = await client.embeddings.create({ model: 'gem-embed', input: Array.from({ length: 250 }, (_, i) => `text ${i}`), encoding_format: 'float' }).withResponse();
    expect(batched.data.data).toHaveLength(250);
    expect(performance.now() - started).toBeGreaterThanOrEqual(PROVIDER_MS);
    const overhead = overheadOf(batched.response);
    expect(overhead).toBeGreaterThan(0);
    expect(overhead).toBeLessThan(PROVIDER_MS / 2);
    expect((await rowOf(batched.response.headers.get('x-request-id'))).overheadMs).toBe(overhead);
  });

  it('is not claimed for a call that was not answered', async () => {
    h.openai.enqueue({ kind: 'error', status: 400, message: 'bad request' });
    const failed = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'refused' }] }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(OpenAI.BadRequestError);
    expect((failed as InstanceType<typeof OpenAI.BadRequestError>).headers?.get('x-switchboard-overhead-ms')).toBeNull();
    const row = await rowOf((failed as InstanceType<typeof OpenAI.BadRequestError>).requestID);
    expect(row.overheadMs).toBeNull();
  });
});
