import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../gateway/src/store/log-types';
import { providersYaml, startHarness } from './harness';
import type { Harness } from './harness';

// x-switchboard-overhead-ms: what the gateway itself added to a call, i.e. its time up to the
// response head less the time spent waiting on providers. These tests make the providers slow
// (PROVIDER_MS) and check that none of that wait is reported as the gateway's.
const PROVIDER_MS = 300;
/** Far above what the gateway takes on any machine, far below PROVIDER_MS. */
const WELL_UNDER = 150;

let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  gpt:     { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  patient: { strategy: single, retry: { attempts: 1, backoffMs: ${PROVIDER_MS}ms }, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  cached:  { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], cache: { ttl: 60s, scope: global } }
  failing: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
`,
  });
  openai = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => h.openai.reset());

async function logRow(id: string | null): Promise<LogRecord> {
  await h.gateway.logs.flush();
  const row = await h.gateway.logs.get(id ?? '');
  if (!row) throw new Error(`no log row for ${id}`);
  return row;
}

/** The header as a number, after checking it is one (two decimals, as sent). */
function overheadOf(headers: Headers | undefined): number {
  const value = headers?.get('x-switchboard-overhead-ms') ?? '';
  expect(value).toMatch(/^\d+\.\d{2}$/);
  return Number(value);
}

const ask = (model: string, content: string) => openai.chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse();

describe('x-switchboard-overhead-ms', () => {
  it('leaves out the time the provider took to answer, and is logged with the request', async () => {
    h.openai.enqueue({ kind: 'delay', ms: PROVIDER_MS });
    const started = performance.now();
    const { response } = await ask('gpt', 'slow provider');
    expect(performance.now() - started).toBeGreaterThanOrEqual(PROVIDER_MS);
    const overhead = overheadOf(response.headers);
    expect(overhead).toBeLessThan(WELL_UNDER);
    const row = await logRow(response.headers.get('x-switchboard-request-id'));
    expect(row.overheadMs).toBe(overhead);
    expect(row.latencyMs).toBeGreaterThanOrEqual(PROVIDER_MS);
  });

  it('leaves out the backoff between retries too', async () => {
    h.openai.enqueue({ kind: 'error', status: 503 });
    const started = performance.now();
    const { response } = await ask('patient', 'retried');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(performance.now() - started).toBeGreaterThanOrEqual(PROVIDER_MS * 0.5);
    expect(overheadOf(response.headers)).toBeLessThan(WELL_UNDER);
  });

  it('covers a stream up to its head, which goes out once the first events are in', async () => {
    h.openai.enqueue({ kind: 'delay', ms: PROVIDER_MS });
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'slow stream' }] })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('echo: slow stream');
    const overhead = overheadOf(response.headers);
    expect(overhead).toBeLessThan(WELL_UNDER);
    expect((await logRow(response.headers.get('x-switchboard-request-id'))).overheadMs).toBe(overhead);
  });

  it('is all of a cache hit, which waits on no provider', async () => {
    await ask('cached', 'twice');
    const { response } = await ask('cached', 'twice');
    expect(response.headers.get('x-switchboard-cache')).toBe('hit');
    const overhead = overheadOf(response.headers);
    const row = await logRow(response.headers.get('x-switchboard-request-id'));
    expect(row.overheadMs).toBe(overhead);
    expect(overhead).toBeLessThanOrEqual(row.latencyMs);
  });

  it('comes with an error answer as well', async () => {
    h.openai.enqueue({ kind: 'delay', ms: PROVIDER_MS, then: { kind: 'error', status: 500, message: 'boom' } });
    const error = (await ask('failing', 'fails').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(500);
    expect(overheadOf(error.headers)).toBeLessThan(WELL_UNDER);
  });
});
