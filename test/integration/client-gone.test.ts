import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
providers:
  openai: { type: openai, credential: openai, baseUrl: ${fakes.openai.url}/v1 }
routes:
  gpt: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
`,
  });
});
afterAll(() => h.close());
beforeEach(() => h.openai.reset());

/** Sends a chat call and hangs up after `ms`; resolves once the client side has given up. */
async function hangUpAfter(ms: number, stream: boolean): Promise<void> {
  const controller = new AbortController();
  const sent = request(`${h.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' },
    body: JSON.stringify({ model: 'gpt', stream, messages: [{ role: 'user', content: `hang up ${ms} ${stream}` }] }),
    signal: controller.signal,
  }).then(async (res) => {
    for await (const _chunk of res.body) {
      // Reading until the abort below cuts the stream.
    }
  });
  setTimeout(() => controller.abort(), ms);
  await sent.catch(() => undefined);
}

/** The log row of the one call made since `since`. */
async function rowSince(since: number): Promise<{ status: number; stream: boolean; errorCode: string | null }> {
  return eventually(async () => {
    await h.gateway.logs.flush();
    const page = await h.gateway.logs.query({ since, limit: 1 });
    const row = page.rows[0];
    if (!row || row.status === 200) throw new Error('no row yet');
    return row;
  });
}

describe('a client that hangs up', () => {
  it('while the provider is still thinking: the call ends as 499 client_closed in the log', async () => {
    h.openai.enqueue({ kind: 'hang' });
    const since = Date.now();
    await hangUpAfter(150, false);
    const row = await rowSince(since);
    expect(row).toMatchObject({ status: 499, stream: false, errorCode: 'client_closed' });
  });

  it('mid-stream: the relay stops and the log says 499, not a success', async () => {
    h.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 100, text: 'one two three four five six seven eight nine ten' });
    const since = Date.now();
    await hangUpAfter(250, true);
    const row = await rowSince(since);
    expect(row).toMatchObject({ status: 499, stream: true });
  });
});
