import Anthropic from '@anthropic-ai/sdk';
import { once } from 'node:events';
import { connect } from 'node:net';
import OpenAI from 'openai';
import { Client, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../gateway/src/store/log-types';
import { eventually, startHarness, storedRows } from './harness';
import type { Harness } from './harness';

const CHAT = { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' };

describe('calls refused while the gateway is paused', () => {
  let h: Harness;
  const live: LogRecord[] = [];
  beforeAll(async () => {
    h = await startHarness();
    h.gateway.onRequest((row) => live.push(row));
    h.gateway.setPaused(true);
  });
  afterAll(() => h.close());

  it('are logged with the key, endpoint and model asked for, and sent live, in each shape', async () => {
    const openai = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    const refused = await openai.chat.completions.create({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect(refused).toMatchObject({ status: 503, code: 'paused' });
    const anthropic = new Anthropic({ baseURL: h.gateway.url, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    const refusedToo = await anthropic.messages.create({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(refusedToo).toMatchObject({ status: 503, error: { type: 'error', error: { type: 'api_error' } } });

    // The id an SDK user quotes from the error is the row's.
    const id = (refused as InstanceType<typeof OpenAI.APIError>).requestID ?? '';
    await h.gateway.logs.flush();
    expect(await h.gateway.logs.get(id)).toMatchObject({ endpoint: 'chat', alias: 'gpt', stream: true, keyId: 'master', status: 503, errorCode: 'paused' });
    const anthropicId = (refusedToo as InstanceType<typeof Anthropic.APIError>).requestID ?? '';
    expect(await h.gateway.logs.get(anthropicId)).toMatchObject({ endpoint: 'messages', alias: 'claude', status: 503, errorCode: 'paused' });
    expect(live.map((row) => row.id)).toEqual([id, anthropicId]);
  });

  it('logs a big body without reading it for its model, and a bad key without a key', async () => {
    const big = JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'x'.repeat(200_000) }] });
    const res = await request(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: CHAT, body: big });
    expect(res.statusCode).toBe(503);
    const id = res.headers['x-request-id'] as string;
    await res.body.dump();
    const stranger = await request(`${h.gateway.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-wrong' },
      body: JSON.stringify({ model: 'embed', input: 'hi' }),
    });
    expect(stranger.statusCode).toBe(503);
    const strangerId = stranger.headers['x-request-id'] as string;
    await stranger.body.dump();
    await h.gateway.logs.flush();
    expect(await h.gateway.logs.get(id)).toMatchObject({ endpoint: 'chat', alias: '', status: 503, errorCode: 'paused' });
    expect(await h.gateway.logs.get(strangerId)).toMatchObject({ endpoint: 'embeddings', alias: 'embed', keyId: null, status: 503 });
  });
});

describe('a caller that leaves mid-body while the gateway is paused', () => {
  it('still gets a row, and the gateway keeps serving', async () => {
    const h = await startHarness();
    try {
      h.gateway.setPaused(true);
      const socket = connect(Number(new URL(h.gateway.url).port), '127.0.0.1');
      await once(socket, 'connect');
      socket.write('POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nx-api-key: sk-sb-test-key\r\nContent-Length: 1000\r\n\r\n{"model":"cla');
      // Time for the headers to reach the handler, which then waits for the rest of the body.
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      await eventually(async () => {
        await h.gateway.logs.flush();
        expect((await h.gateway.logs.query({ limit: 5 })).rows.map((row) => [row.endpoint, row.alias, row.keyId, row.errorCode])).toEqual([['messages', '', 'master', 'paused']]);
      });
      const health = await request(`${h.gateway.url}/health`);
      expect(health.statusCode).toBe(200);
      await health.body.dump();
    } finally {
      await h.close();
    }
  });
});

describe('calls refused while the gateway shuts down', () => {
  it('are logged and sent live before the store closes', async () => {
    const h = await startHarness();
    const live: LogRecord[] = [];
    h.gateway.onRequest((row) => live.push(row));
    // One connection: busy when the drain starts, so it stays open for the next call.
    const client = new Client(h.gateway.url);
    try {
      // A stream on another connection keeps the drain waiting meanwhile.
      h.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 100, text: 'one two three four five six seven eight' });
      const stream = await request(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: CHAT, body: JSON.stringify({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 's' }] }) });
      h.openai.enqueue({ kind: 'delay', ms: 200, then: { kind: 'reply', text: 'in time' } });
      const first = client.request({ path: '/v1/chat/completions', method: 'POST', headers: CHAT, body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'a' }] }) });
      await eventually(() => expect(h.openai.requests.length).toBe(2));
      const closing = h.gateway.close({ graceMs: 5000 });
      const answered = await first;
      expect(answered.statusCode).toBe(200);
      await answered.body.dump();
      const second = await client.request({ path: '/v1/responses', method: 'POST', headers: CHAT, body: JSON.stringify({ model: 'gpt', input: 'b' }) });
      expect(second.statusCode).toBe(503);
      expect(await second.body.json()).toMatchObject({ error: { code: 'shutting_down' } });
      expect(await stream.body.text()).toContain('[DONE]');
      await closing;
      expect(live.map((row) => [row.endpoint, row.alias, row.status, row.errorCode])).toEqual([
        ['chat', 'gpt', 200, null],
        ['responses', 'gpt', 503, 'shutting_down'],
        ['chat', 'gpt', 200, null],
      ]);
      const rows = await storedRows(h.dataDir);
      expect(rows.map((row) => row.errorCode)).toContain('shutting_down');
    } finally {
      await client.close().catch(() => undefined);
      await h.close();
    }
  });
});

describe('requests refused for a foreign Host or Origin', () => {
  it('leave no row, and are counted in the admin status', async () => {
    const h = await startHarness();
    try {
      for (let i = 0; i < 3; i += 1) {
        const res = await request(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { ...CHAT, host: 'rebound.example' }, body: '{}' });
        expect(res.statusCode).toBe(403);
        await res.body.dump();
      }
      const cors = await request(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { ...CHAT, origin: 'https://evil.example' }, body: '{}' });
      expect(cors.statusCode).toBe(403);
      await cors.body.dump();
      const status = await request(`${h.gateway.url}/admin/api/status`, { headers: { authorization: `Bearer ${h.gateway.adminToken}` } });
      expect(await status.body.json()).toMatchObject({ foreignRequests: { host: 3, origin: 1, last: { reason: 'origin', value: 'https://evil.example' } } });
      await h.gateway.logs.flush();
      expect((await h.gateway.logs.query({ limit: 10 })).rows).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
