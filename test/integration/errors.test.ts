import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEYS, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

/** A Gemini endpoint that answers 200 with an error body naming the key it was sent, as a careless proxy might. */
const echoingGemini: Server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 400, message: `API key ${String(req.headers['x-goog-api-key'])} not valid`, status: 'INVALID_ARGUMENT' } }));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => echoingGemini.listen(0, '127.0.0.1', resolve));
  const echoUrl = `http://127.0.0.1:${(echoingGemini.address() as AddressInfo).port}/v1beta`;
  h = await startHarness({
    config: (fakes) => `
providers:
  openai:    { type: openai, credential: openai, baseUrl: ${fakes.openai.url}/v1, timeoutMs: 800ms }
  anthropic: { type: anthropic, credential: anthropic, baseUrl: ${fakes.anthropic.url} }
  down:      { type: openai-compatible, baseUrl: http://127.0.0.1:9/v1 }
  echo-gem:  { type: gemini, apiKey: env:TEST_GEMINI_KEY, baseUrl: ${echoUrl} }
routes:
  gpt:    { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  claude: { strategy: single, targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ] }
  dead:   { strategy: single, targets: [ { provider: down, model: llama } ] }
  echo:   { strategy: single, targets: [ { provider: echo-gem, model: gemini-2.5-flash } ] }
  echo-embed: { strategy: single, targets: [ { provider: echo-gem, model: gemini-embedding-001 } ] }
`,
  });
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => echoingGemini.close(resolve));
});
beforeEach(() => {
  h.openai.reset();
  h.anthropic.reset();
});

/** Raw HTTP, for inputs an SDK would never send. */
async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await request(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key', ...headers },
    body,
  });
  return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as Record<string, unknown> };
}

const chat = (model: string) => JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] });

describe('bad input gets a clear error in the caller’s shape', () => {
  it('malformed JSON → 400 OpenAI error', async () => {
    const res = await post('/v1/chat/completions', '{"model": "gpt", "messages": [');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.objectContaining({ type: 'invalid_request_error', message: expect.stringContaining('not valid JSON') }) });
  });

  it('malformed JSON on /v1/messages → 400 Anthropic error', async () => {
    const res = await post('/v1/messages', '{nope');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'error', error: expect.objectContaining({ type: 'invalid_request_error' }) });
  });

  it('a body nested too deeply for any walk over it → 400 saying so, in each shape', async () => {
    // A tool's JSON schema is free-form JSON: the one place a body may nest as it likes.
    const deep = (depth: number) =>
      `{"model":"gpt","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","x":${'['.repeat(depth)}${']'.repeat(depth)}}}}]}`;
    const openai = await post('/v1/chat/completions', deep(200_000));
    expect(openai.status).toBe(400);
    expect(openai.body).toEqual({ error: expect.objectContaining({ type: 'invalid_request_error', code: 'too_deeply_nested' }) });
    const anthropic = await post('/v1/messages', `{"model":"claude","max_tokens":8,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"f","input_schema":{"type":"object","x":${'['.repeat(200_000)}${']'.repeat(200_000)}}}]}`);
    expect(anthropic.status).toBe(400);
    expect(anthropic.body).toEqual({ type: 'error', error: expect.objectContaining({ type: 'invalid_request_error', message: expect.stringContaining('nested too deeply') }) });
  });

  it('a missing field names its path', async () => {
    const res = await post('/v1/chat/completions', JSON.stringify({ model: 'gpt' }));
    expect(res.status).toBe(400);
    expect((res.body.error as { param: string }).param).toBe('messages');
  });

  it.each(['nope', 'constructor', '__proto__', 'toString'])('an unknown alias (%s) → 404 model_not_found', async (model) => {
    const error = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('a misspelt alias → 404 naming the route it was likely meant to be, in each shape', async () => {
    const error = await openai.chat.completions.create({ model: 'gtp', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).message).toContain('did you mean "gpt"?');
    const fromAnthropic = await anthropic.messages.create({ model: 'gtp', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(fromAnthropic).toBeInstanceOf(Anthropic.NotFoundError);
    expect((fromAnthropic as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ error: { type: 'not_found_error', message: expect.stringContaining('did you mean "gpt"?') } });
  });

  it("takes a body up to Anthropic's 32 MB by default (a large PDF reaches Anthropic), and answers 413 beyond", async () => {
    const pdf = (mb: number) => Buffer.alloc(Math.floor((mb * 1024 * 1024 * 3) / 4)).toString('base64');
    const ask = (data: string) =>
      anthropic.messages.create({
        model: 'claude',
        max_tokens: 50,
        messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data } }, { type: 'text', text: 'summarise' }] }],
      });
    const message = await ask(pdf(25));
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'echo: summarise' });
    expect(h.anthropic.requests).toHaveLength(1);

    const error = await ask(pdf(32)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ status: 413, type: 'request_too_large' });
    expect((error as Error).message).toContain('32 MB limit (server.maxBodyBytes)');
    expect(h.anthropic.requests).toHaveLength(1);

    const res = await post('/v1/chat/completions', JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'x'.repeat(33 * 1024 * 1024) }] }));
    expect(res.status).toBe(413);
    expect((res.body.error as { type: string }).type).toBe('invalid_request_error');
  });

  it('a non-JSON content type → 415', async () => {
    const res = await post('/v1/chat/completions', chat('gpt'), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });

  it('a missing or wrong gateway key → 401 in each shape', async () => {
    const noKey = await post('/v1/chat/completions', chat('gpt'), { authorization: '' });
    expect(noKey.status).toBe(401);
    expect((noKey.body.error as { type: string }).type).toBe('authentication_error');

    const wrong = new Anthropic({ baseURL: h.gateway.url, apiKey: 'sk-wrong', maxRetries: 0 });
    const error = await wrong.messages.create({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
  });
});

describe('model names no header can carry', () => {
  it('a provider/model id with non-Latin text or a line break gets its answer, the model header percent-encoded', async () => {
    for (const model of ['gpt-模型', 'gpt\r\nx-injected: 1']) {
      const ok = await post('/v1/chat/completions', chat(`openai/${model}`));
      expect(ok.status).toBe(200);
      expect(ok.headers['x-switchboard-model']).toBe(encodeURIComponent(model));
      expect(ok.headers['x-injected']).toBeUndefined();
      h.openai.enqueue({ kind: 'error', status: 404, code: 'model_not_found', message: 'no such model' });
      const refused = await post('/v1/chat/completions', chat(`openai/${model}`));
      expect(refused.status).toBe(404);
    }
  });
});

describe('upstream failures keep their meaning', () => {
  it('an upstream 429 stays a 429 with its message and retry-after', async () => {
    h.openai.enqueue({ kind: 'error', status: 429, message: 'Rate limit reached for gpt-4o-mini', headers: { 'retry-after': '7' } });
    const error = (await openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.message).toContain('Rate limit reached for gpt-4o-mini');
    expect(error.headers?.get('retry-after')).toBe('7');
  });

  it('an upstream 400 from Anthropic reaches an Anthropic client as invalid_request_error', async () => {
    h.anthropic.enqueue({ kind: 'error', status: 400, type: 'invalid_request_error', message: 'max_tokens: too large' });
    const error = (await anthropic.messages.create({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as InstanceType<
      typeof Anthropic.BadRequestError
    >;
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.message).toContain('max_tokens: too large');
  });

  it('an overloaded Anthropic (529) reaches an OpenAI client as a 529 with the message', async () => {
    h.anthropic.enqueue({ kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded' });
    const res = await post('/v1/chat/completions', chat('claude'));
    expect(res.status).toBe(529);
    expect((res.body.error as { message: string }).message).toBe('Overloaded');
  });

  it('a provider that refuses the connection → 502, and the gateway keeps serving', async () => {
    const res = await post('/v1/chat/completions', chat('dead'));
    expect(res.status).toBe(502);
    expect((res.body.error as { message: string }).message).toMatch(/refused the connection/);
    const ok = await openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'still here?' }] });
    expect(ok.choices[0]?.message.content).toBe('echo: still here?');
  });

  it('a hanging provider times out → 504', async () => {
    h.openai.enqueue({ kind: 'hang' });
    const res = await post('/v1/chat/completions', chat('gpt'));
    expect(res.status).toBe(504);
    expect((res.body.error as { code: string }).code).toBe('upstream_timeout');
  });

  it('a stream cut mid-way ends with an error event, not a silent truncation', async () => {
    h.openai.enqueue({ kind: 'stream-fail', afterChunks: 2, mode: 'drop', text: 'one two three four five' });
    const stream = await openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(text.length).toBeGreaterThan(0);
  });
});

describe('a provider that echoes its key in an error', () => {
  /** The whole log row of a request, as the Logs page would get it. */
  const logRow = async (id: string | null | undefined): Promise<string> => JSON.stringify(await h.gateway.logs.get(id ?? ''));

  it('an error status: neither the caller nor the log sees the key', async () => {
    h.openai.enqueue({ kind: 'error', status: 401, type: 'invalid_request_error', message: `Invalid API key: Bearer ${KEYS.openai}` });
    const res = await post('/v1/chat/completions', chat('gpt'));
    expect(res.status).toBe(401);
    expect((res.body.error as { message: string }).message).toBe('Invalid API key: Bearer [redacted]');
    const row = await logRow(res.headers['x-switchboard-request-id'] as string);
    expect(row).toContain('[redacted]');
    expect(row).not.toContain(KEYS.openai);
  });

  it('a 200 answer whose body is an error (Gemini): the key is out of the message and the log', async () => {
    const res = await post('/v1/chat/completions', chat('echo'));
    expect(res.status).toBe(400);
    expect((res.body.error as { message: string }).message).toContain('API key [redacted] not valid');
    expect(JSON.stringify(res.body)).not.toContain(KEYS.gemini);
    expect(await logRow(res.headers['x-switchboard-request-id'] as string)).not.toContain(KEYS.gemini);
    const embedded = await post('/v1/embeddings', JSON.stringify({ model: 'echo-embed', input: 'hi' }));
    expect((embedded.body.error as { message: string }).message).toContain('API key [redacted] not valid');
    expect(await logRow(embedded.headers['x-switchboard-request-id'] as string)).not.toContain(KEYS.gemini);
  });

  it('an error event in a native stream, before and after its first token: one error frame, without the key', async () => {
    for (const afterChunks of [0, 2]) {
      h.anthropic.enqueue({ kind: 'stream-fail', afterChunks, mode: 'error-event', errorMessage: `key ${KEYS.anthropic} is disabled`, text: 'one two three four' });
      const res = await request(`${h.gateway.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sk-sb-test-key' },
        body: JSON.stringify({ model: 'claude', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      });
      const body = await res.body.text();
      expect(body).toContain('[redacted] is disabled');
      expect(body).not.toContain(KEYS.anthropic);
      // The provider's error is answered once, in the caller's shape with the provider's type.
      expect(body.match(/event: error/g)).toHaveLength(1);
      expect(body).toContain('"type":"overloaded_error"');
      expect(await logRow(res.headers['x-switchboard-request-id'] as string)).not.toContain(KEYS.anthropic);
    }
  });
});

describe('a native OpenAI stream that reports an error mid-way', () => {
  it('ends with one error chunk the SDK throws, without the key', async () => {
    h.openai.enqueue({ kind: 'stream-fail', afterChunks: 2, mode: 'error-event', errorMessage: `key ${KEYS.openai} revoked`, text: 'one two three four' });
    const stream = await openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(text.length).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as Error).message).toContain('key [redacted] revoked');
  });
});

describe('ingress security', () => {
  it('refuses a foreign Host (DNS rebinding)', async () => {
    const res = await post('/v1/chat/completions', chat('gpt'), { host: 'evil.example.com' });
    expect(res.status).toBe(403);
  });

  it('refuses a browser request from a foreign origin', async () => {
    const res = await post('/v1/chat/completions', chat('gpt'), { origin: 'https://evil.example.com' });
    expect(res.status).toBe(403);
  });

  it('accepts localhost by name', async () => {
    const port = new URL(h.gateway.url).port;
    const res = await post('/v1/chat/completions', chat('gpt'), { host: `localhost:${port}` });
    expect(res.status).toBe(200);
  });

  it('serves health without a key', async () => {
    const live = await request(`${h.gateway.url}/health`);
    expect(live.statusCode).toBe(200);
    expect(await live.body.json()).toEqual({ status: 'ok' });
    const ready = await request(`${h.gateway.url}/health/ready`);
    expect(ready.statusCode).toBe(200);
    expect(await ready.body.json()).toMatchObject({ status: 'ready' });
  });
});

describe('browser access from allowed origins', () => {
  it('answers a CORS preflight from the desktop renderer and marks responses readable', async () => {
    const preflight = await request(`${h.gateway.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'app://switchboard', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('app://switchboard');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
    const res = await post('/v1/chat/completions', chat('gpt'), { origin: 'app://switchboard' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('app://switchboard');
  });
});
