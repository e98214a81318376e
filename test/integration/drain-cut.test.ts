import { connect } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { eventually, sdkClients, standardConfig, startHarness, storedRows } from './harness';

/** Reads a stream to its end; what it threw, or undefined when it ended cleanly. */
async function failureOf(stream: AsyncIterable<unknown>, started: () => void): Promise<unknown> {
  try {
    for await (const _ of stream) started();
    return undefined;
  } catch (error) {
    return error;
  }
}

const SLOW = { kind: 'slow-stream', chunkDelayMs: 150, text: 'one two three four five six seven eight nine ten eleven twelve' } as const;

describe('streams still running when the shutdown grace period ends', () => {
  it('end with an error event each SDK raises as an APIError naming the shutdown, and are logged as cut', async () => {
    const h = await startHarness();
    const { openai, anthropic } = sdkClients(h);
    h.openai.enqueue(SLOW, SLOW, SLOW);
    h.anthropic.enqueue(SLOW);
    let started = 0;
    const begun = (): void => void (started += 1);
    const chat = await openai.chat.completions.create({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'chat' }] });
    // Native: the Responses API to an OpenAI provider, whose numbered events the error follows on from.
    const responses = await openai.responses.create({ model: 'gpt', stream: true, input: 'responses' });
    // Translated: the Responses API served by Azure's chat completions.
    const translated = await openai.responses.create({ model: 'az', stream: true, input: 'translated' });
    const messages = await anthropic.messages.create({ model: 'claude', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'messages' }] });
    const failures = [failureOf(chat, begun), failureOf(responses, begun), failureOf(messages, begun), failureOf(translated, begun)];
    await h.gateway.close({ graceMs: 200 });
    const [chatError, responsesError, messagesError, translatedError] = await Promise.all(failures);
    expect(started).toBeGreaterThan(4);

    for (const error of [chatError, responsesError, translatedError]) {
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as Error).message).toContain('shutting down');
    }
    expect(chatError).toMatchObject({ code: 'shutting_down', type: 'server_error' });
    expect(messagesError).toBeInstanceOf(Anthropic.APIError);
    expect(messagesError).toMatchObject({ error: { type: 'error', error: { type: 'api_error', message: expect.stringContaining('shutting down') } } });

    const rows = await storedRows(h.dataDir);
    expect(rows.map((row) => [row.endpoint, row.status, row.errorCode]).sort()).toEqual([
      ['chat', 499, 'shutting_down'],
      ['messages', 499, 'shutting_down'],
      ['responses', 499, 'shutting_down'],
      ['responses', 499, 'shutting_down'],
    ]);
    await h.close();
  });

  it('ends a Responses stream with error, then response.failed carrying the code', async () => {
    const h = await startHarness();
    h.openai.enqueue(SLOW);
    const res = await request(`${h.gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' },
      body: JSON.stringify({ model: 'gpt', stream: true, input: 'raw' }),
    });
    const reading = res.body.text();
    await h.gateway.close({ graceMs: 100 });
    const events = (await reading).split('\n\n').filter((frame) => frame.startsWith('event: '));
    const last = events.slice(-2).map((frame) => frame.split('\n')[0]);
    expect(last).toEqual(['event: error', 'event: response.failed']);
    expect(events.at(-1)).toContain('"code":"shutting_down"');
    await h.close();
  });

  it('logs a stream whose client stopped reading as cut by the shutdown, not by its client', async () => {
    const h = await startHarness();
    // More than loopback's socket buffers hold, so the relay waits on a client that never reads.
    const text = Array.from({ length: 3000 }, () => ` ${'x'.repeat(8000)}`).join('');
    h.openai.enqueue({ kind: 'reply', text });
    const { port } = new URL(h.gateway.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.pause();
    socket.on('error', () => undefined);
    const body = JSON.stringify({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'a long answer' }] });
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-sb-test-key\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await eventually(() => expect(h.openai.requests.length).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await h.gateway.close({ graceMs: 100 });
    socket.destroy();
    const rows = await storedRows(h.dataDir);
    expect(rows.map((row) => [row.endpoint, row.status, row.stream, row.errorCode])).toEqual([['chat', 499, true, 'shutting_down']]);
    await h.close();
  });

  it('answers the calls still waiting on a provider with a retryable 503 in their shape, and logs them so', async () => {
    const h = await startHarness();
    const { openai, anthropic } = sdkClients(h);
    const late = { kind: 'delay', ms: 5000, then: { kind: 'reply', text: 'too late' } } as const;
    h.openai.enqueue(late, late);
    h.anthropic.enqueue(late);
    const chat = openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'json' }] }).catch((e: unknown) => e);
    const messages = anthropic.messages.create({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: 'json' }] }).catch((e: unknown) => e);
    const raw = request(`${h.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' },
      body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'raw' }] }),
    });
    await eventually(() => expect(h.openai.requests.length + h.anthropic.requests.length).toBe(3));
    await h.gateway.close({ graceMs: 100 });

    expect(await chat).toBeInstanceOf(OpenAI.APIError);
    expect(await chat).toMatchObject({ status: 503, code: 'shutting_down', message: expect.stringContaining('shutting down') });
    expect(await messages).toBeInstanceOf(Anthropic.APIError);
    expect(await messages).toMatchObject({ status: 503, error: { type: 'error', error: { message: expect.stringContaining('shutting down') } } });
    const res = await raw;
    expect(res.statusCode).toBe(503);
    // SDKs that retry (most, by default) send it again: the gateway may be back by then.
    expect(res.headers['x-should-retry']).toBe('true');
    expect(await res.body.json()).toMatchObject({ error: { code: 'shutting_down', type: 'server_error' } });

    const rows = await storedRows(h.dataDir);
    expect(rows.map((row) => [row.endpoint, row.status, row.errorCode]).sort()).toEqual([
      ['chat', 503, 'shutting_down'],
      ['chat', 503, 'shutting_down'],
      ['messages', 503, 'shutting_down'],
    ]);
    await h.close();
  });

  it('answers a call waiting to retry the same way, not with the error it was backing off from', async () => {
    const h = await startHarness({ config: (fakes) => standardConfig(fakes, '  patient: { strategy: single, retry: { attempts: 3, backoffMs: 4s, on: [429] }, targets: [ { provider: openai, model: gpt-4o-mini } ] }\n') });
    const { openai } = sdkClients(h);
    h.openai.enqueue({ kind: 'error', status: 429, message: 'Rate limit reached' });
    const call = openai.chat.completions.create({ model: 'patient', messages: [{ role: 'user', content: 'json' }] }).catch((e: unknown) => e);
    await eventually(() => expect(h.openai.requests.length).toBe(1));
    await h.gateway.close({ graceMs: 100 });
    expect(await call).toMatchObject({ status: 503, code: 'shutting_down' });
    const rows = await storedRows(h.dataDir);
    expect(rows.map((row) => [row.status, row.errorCode])).toEqual([[503, 'shutting_down']]);
    await h.close();
  });

  it('cuts streams and answers waiting calls together, so each stream still gets its error event', async () => {
    const h = await startHarness();
    const { openai } = sdkClients(h);
    h.openai.enqueue(SLOW, { kind: 'delay', ms: 5000, then: { kind: 'reply', text: 'too late' } }, SLOW);
    let started = 0;
    const begun = (): void => void (started += 1);
    const first = await openai.chat.completions.create({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'first' }] });
    const waiting = openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'json' }] }).catch((e: unknown) => e);
    const second = await openai.chat.completions.create({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'second' }] });
    const failures = [failureOf(first, begun), failureOf(second, begun)];
    await eventually(() => expect(h.openai.requests.length).toBe(3));
    await h.gateway.close({ graceMs: 200 });
    // The 503 closes its response first; the wait for the streams' error events must not end with it.
    for (const error of await Promise.all(failures)) expect(error).toMatchObject({ code: 'shutting_down' });
    expect(await waiting).toMatchObject({ status: 503, code: 'shutting_down' });
    expect(started).toBeGreaterThan(1);
    await h.close();
  });
});
