/**
 * The Responses API natively to `type: openai` behind a proxy that frames its event stream as
 * `data:` lines only, without `event:` lines (LiteLLM's proxy does: BerriAI/litellm#34095). The
 * SDKs read each event's type from its data, so such a stream is whole, and the gateway must
 * read it the same way: its usage, its end, its errors.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, KEYS, providersYaml, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let client: OpenAI;
let proxy: Server;
let upstream = '';

/** Forwards to the fake OpenAI, dropping the `event:` line of every SSE frame and ending a stream with `data: [DONE]`, as LiteLLM's proxy does. */
function startProxy(): Promise<string> {
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const answer = await request(`${upstream}${req.url ?? ''}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
          body: Buffer.concat(chunks),
        });
        res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') });
        let held = '';
        for await (const chunk of answer.body) {
          held += (chunk as Buffer).toString('utf8');
          const frames = held.split('\n\n');
          held = frames.pop() ?? '';
          for (const frame of frames) res.write(`${frame.split('\n').filter((line) => !line.startsWith('event:')).join('\n')}\n\n`);
        }
        const stream = String(answer.headers['content-type'] ?? '').startsWith('text/event-stream');
        res.end(stream ? `${held}data: [DONE]\n\n` : held);
      })().catch(() => res.destroy());
    });
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  const proxyUrl = await startProxy();
  h = await startHarness({
    config: (fakes) => {
      upstream = fakes.openai.url;
      return `${providersYaml(fakes)}  proxied: { type: openai, credential: openai, baseUrl: ${proxyUrl}/v1 }
routes:
  via-proxy: { strategy: single, targets: [ { provider: proxied, model: gpt-5.1 } ] }
  via-proxy-cached: { strategy: single, targets: [ { provider: proxied, model: gpt-5.1 } ], cache: { ttl: 60s, scope: global } }
`;
    },
  });
  client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => proxy.close(resolve));
});
beforeEach(() => h.resetFakes());

describe('a Responses stream framed without event lines', () => {
  it('reaches the SDK whole, without an error added at its end, and is logged with its usage and cost', async () => {
    h.openai.enqueue({ kind: 'reply', text: 'hello from behind a proxy', usage: { inputTokens: 100, outputTokens: 20 } });
    const { data: stream, request_id: id } = await client.responses.create({ model: 'via-proxy', stream: true, input: 'hi' }).withResponse();
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('response.completed');
    expect(types).not.toContain('error');
    const row = await eventually(async () => {
      const found = await h.gateway.logs.get(id ?? '');
      if (!found) throw new Error('not logged yet');
      return found;
    });
    expect(row).toMatchObject({ status: 200, errorCode: null, inputTokens: 100, outputTokens: 20 });
    expect(row.costUsd).toBeGreaterThan(0);
  });

  it("answers the provider's own mid-stream error as one, without the key it echoed", async () => {
    h.openai.enqueue({ kind: 'stream-fail', afterChunks: 2, mode: 'error-event', errorMessage: `The server had an error with key ${KEYS.openai}`, text: 'one two three four five' });
    const stream = await client.responses.create({ model: 'via-proxy', stream: true, input: 'hi' });
    const types: string[] = [];
    const failure = await (async () => {
      for await (const event of stream) types.push(event.type);
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as Error).message).toContain('The server had an error');
    expect((failure as Error).message).not.toContain(KEYS.openai);
    expect(types).toContain('response.output_text.delta');
  });

  it('is cached whole when the route caches, though the proxy ends it with [DONE]', async () => {
    h.openai.enqueue({ kind: 'reply', text: 'cached from behind a proxy' });
    const ask = { model: 'via-proxy-cached', stream: true as const, store: false, input: 'cache me' };
    const texts: string[] = [];
    const ids: Array<string | null> = [];
    for (let i = 0; i < 2; i += 1) {
      const { data: stream, request_id: id } = await client.responses.create(ask).withResponse();
      let text = '';
      for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
      texts.push(text);
      ids.push(id);
    }
    expect(texts).toEqual(['cached from behind a proxy', 'cached from behind a proxy']);
    expect(h.openai.requests).toHaveLength(1);
    const first = await eventually(async () => {
      const found = await h.gateway.logs.get(ids[0] ?? '');
      if (!found) throw new Error('not logged yet');
      return found;
    });
    expect([first.status, first.errorCode]).toEqual([200, null]);
  });
});

