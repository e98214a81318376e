import { request } from 'undici';
import { connect } from 'node:net';
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
budgets:
  global: { dailyUsd: 100 }
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
async function rowSince(since: number): Promise<{ status: number; stream: boolean; errorCode: string | null; inputTokens: number; outputTokens: number; costUsd: number }> {
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
    expect(row).toMatchObject({ status: 499, stream: true, errorCode: 'client_closed' });
  });

  it('mid-stream: the answer read so far is charged, though the usage chunk never came', async () => {
    h.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 60, text: 'one two three four five six seven eight nine ten eleven twelve' });
    const spentBefore = h.gateway.budgets.spent('global', 'daily');
    const since = Date.now();
    await hangUpAfter(400, true);
    const row = await rowSince(since);
    expect(row).toMatchObject({ status: 499, stream: true });
    // The prompt estimate, and about a token per chunk relayed (some of the twelve words, not all).
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(row.outputTokens).toBeGreaterThanOrEqual(3);
    expect(row.outputTokens).toBeLessThan(14);
    expect(row.costUsd).toBeGreaterThan(0);
    expect(h.gateway.budgets.spent('global', 'daily') - spentBefore).toBeCloseTo(row.costUsd, 10);
  });
});

describe('a stream the provider cuts short', () => {
  it('is charged for what it sent before it failed', async () => {
    h.openai.enqueue({ kind: 'stream-fail', afterChunks: 3, text: 'alpha beta gamma delta epsilon zeta' });
    const since = Date.now();
    const res = await request(`${h.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' },
      body: JSON.stringify({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'cut short' }] }),
    });
    expect(await res.body.text()).toContain('"error"');
    const row = await rowSince(since);
    expect(row.status).toBe(502);
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(row.outputTokens).toBeGreaterThanOrEqual(3);
    expect(row.costUsd).toBeGreaterThan(0);
  });
});

describe('a client that stalls before its request has arrived', () => {
  let slow: Harness;
  beforeAll(async () => {
    slow = await startHarness({
      requestTimeoutMs: 400,
      config: (fakes) => `
providers:
  openai: { type: openai, credential: openai, baseUrl: ${fakes.openai.url}/v1 }
routes:
  gpt: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
`,
    });
  });
  afterAll(() => slow.close());

  it('mid-upload: gets 408 and its connection closed, and the call is logged as the client hanging up', async () => {
    const since = Date.now();
    const { port } = new URL(slow.gateway.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-sb-test-key\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":"gpt"');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    await new Promise((resolve) => socket.on('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    const row = await eventually(async () => {
      await slow.gateway.logs.flush();
      const found = (await slow.gateway.logs.query({ since, limit: 1 })).rows[0];
      if (!found) throw new Error('no row yet');
      return found;
    });
    expect([row.status, row.errorCode]).toEqual([499, 'client_closed']);
  });

  it('once the request has arrived, a stream may run far longer than that', async () => {
    slow.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 150, text: 'one two three four five six seven' });
    const res = await request(`${slow.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' },
      body: JSON.stringify({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'a slow one' }] }),
    });
    const started = Date.now();
    const body = await res.body.text();
    expect(Date.now() - started).toBeGreaterThan(800);
    expect(body).toContain('seven');
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});
