/**
 * Mistral's fill-in-the-middle completions (`POST /v1/fim/completions`) through the gateway, sent
 * as Continue's Codestral autocomplete sends them (its Mistral provider posts to
 * `{apiBase}fim/completions` with a bearer key). The stand-in keeps to what api.mistral.ai does
 * (docs.mistral.ai/api/endpoint/fim): it takes `model`, `prompt`, `suffix`, `temperature`,
 * `top_p`, `max_tokens`, `min_tokens`, `stream`, `stop`, `random_seed` and `metadata`, refuses any
 * other field with extra_forbidden (`stream_options` included), answers in chat completion shape,
 * and streams `chat.completion.chunk`s whose last one carries the usage, then `[DONE]`.
 */
import type { ServerResponse } from 'node:http';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { logRowOf, providersYaml, startHarness } from './harness';
import type { Harness } from './harness';
import { refusedAsMistral, replyJson as reply, startStandIn } from './stand-in';
import type { StandIn } from './stand-in';

const FIELDS = new Set(['model', 'prompt', 'suffix', 'temperature', 'top_p', 'max_tokens', 'min_tokens', 'stream', 'stop', 'random_seed', 'metadata']);
const MISTRAL_KEY = 'mistral-test-key';
const received: { path: string; authorization: string | undefined; body: Record<string, unknown> }[] = [];
/** Status codes the stand-in answers the next calls with, before it answers normally again. */
const failures: number[] = [];

/** The middle the stand-in "writes": what it was given, so a test can tell what reached it. */
const middleOf = (body: Record<string, unknown>): string => `<fill ${String(body.prompt)}|${typeof body.suffix === 'string' ? body.suffix : ''}>`;

function answerFim(body: Record<string, unknown>, res: ServerResponse): void {
  if (refusedAsMistral(body, FIELDS, res)) return;
  const status = failures.shift();
  if (status !== undefined) {
    reply(res, status, { object: 'error', message: 'Service unavailable', type: 'service_unavailable', param: null, code: '1000' });
    return;
  }
  const middle = middleOf(body);
  const usage = { prompt_tokens: 12, total_tokens: 12 + middle.length, completion_tokens: middle.length };
  const base = { id: 'fim-1', created: 1_765_000_000, model: body.model };
  if (body.stream !== true) {
    reply(res, 200, { ...base, object: 'chat.completion', usage, choices: [{ index: 0, message: { role: 'assistant', content: middle, tool_calls: null, prefix: false }, finish_reason: 'stop' }] });
    return;
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null, last = false): string =>
    `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...(last ? { usage } : {}) })}\n\n`;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
  res.write(chunk({ role: 'assistant', content: '' }, null));
  for (const piece of middle.match(/.{1,4}/gs) ?? []) res.write(chunk({ content: piece }, null));
  res.write(chunk({ content: '' }, 'stop', true));
  res.end('data: [DONE]\n\n');
}

let mistral: StandIn;
let h: Harness;

beforeAll(async () => {
  mistral = await startStandIn((req, body, res) => {
    received.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    if (req.headers.authorization !== `Bearer ${MISTRAL_KEY}`) reply(res, 401, { detail: 'Unauthorized' });
    else if (req.url === '/v1/fim/completions') answerFim(body, res);
    else reply(res, 404, { detail: 'Not Found' });
  });
  const url = `${mistral.origin}/v1`;
  h = await startHarness({
    env: { TEST_MISTRAL_KEY: MISTRAL_KEY },
    config: (fakes) => `
${providersYaml(fakes)}  mistral: { type: openai-compatible, preset: mistral, apiKey: env:TEST_MISTRAL_KEY, baseUrl: ${url} }
  codestral: { type: openai-compatible, preset: mistral, apiKey: env:TEST_MISTRAL_KEY, baseUrl: ${url} }
routes:
  codestral-latest: { strategy: single, targets: [ { provider: mistral, model: codestral-2501 } ] }
  autocomplete:
    strategy: fallback
    retry: { attempts: 0 }
    targets:
      - { provider: openai, model: gpt-4o-mini }
      - { provider: mistral, model: codestral-2501 }
      - { provider: codestral, model: codestral-latest }
  restored: { strategy: single, targets: [ { provider: mistral, model: codestral-2501 } ], guardrails: { pii: restore } }
  gpt: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  cached: { strategy: single, targets: [ { provider: mistral, model: codestral-2501 } ], cache: { ttl: 60s, scope: global } }
`,
  });
});
afterAll(async () => {
  await h.close();
  await mistral.close();
});
beforeEach(() => {
  received.length = 0;
  failures.length = 0;
  h.resetFakes();
});

/**
 * A FIM call as Continue makes it: its apiBase ends in `/v1/` and it appends `fim/completions`,
 * sends its key both as a bearer token and as `x-api-key`, and accepts JSON even for a stream.
 */
async function fim(body: Record<string, unknown>) {
  const response = await request(`${h.gateway.url}/v1/fim/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': 'sk-sb-test-key', authorization: 'Bearer sk-sb-test-key' },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

/** The JSON of each `data:` frame of an SSE body, `[DONE]` left as the string. */
const frames = (text: string): unknown[] =>
  text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice(6))
    .map((data) => (data === '[DONE]' ? data : JSON.parse(data)));

const rowOf = (id: unknown) => logRowOf(h, id);

describe('POST /v1/fim/completions', () => {
  it('reaches Mistral as sent, its model aside, with its key; answered in its shape, and logged', async () => {
    const sent = { model: 'codestral-latest', prompt: 'def fib(n):\n    ', suffix: '\n    return a', max_tokens: 64, temperature: 0, stop: ['\n\n'], min_tokens: 1, random_seed: 42 };
    const { status, headers, text } = await fim(sent);
    expect(status).toBe(200);
    const answer = JSON.parse(text) as { object: string; choices: { message: { content: string } }[]; usage: { completion_tokens: number } };
    expect(answer).toMatchObject({ object: 'chat.completion', model: 'codestral-2501', choices: [{ index: 0, message: { role: 'assistant', content: middleOf(sent) }, finish_reason: 'stop' }] });
    expect(received).toEqual([{ path: '/v1/fim/completions', authorization: `Bearer ${MISTRAL_KEY}`, body: { ...sent, model: 'codestral-2501' } }]);
    const row = await rowOf(headers['x-request-id']);
    expect(row).toMatchObject({ endpoint: 'fim', alias: 'codestral-latest', provider: 'mistral', model: 'codestral-2501', status: 200, stream: false, inputTokens: 12, outputTokens: answer.usage.completion_tokens });
    expect(headers['x-switchboard-provider']).toBe('mistral');
  });

  it('streams the chunks as Mistral sends them, usage included, and never asks for stream_options', async () => {
    const { status, headers, text } = await fim({ model: 'codestral-latest', prompt: 'for i in ', suffix: ':', stream: true });
    expect(status).toBe(200);
    expect(headers['content-type']).toContain('text/event-stream');
    const events = frames(text);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1) as { object: string; choices: { delta: { content?: string } }[]; usage?: { completion_tokens: number } }[];
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('<fill for i in |:>');
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe('<fill for i in |:>'.length);
    expect(received[0]?.body).not.toHaveProperty('stream_options');
    const row = await rowOf(headers['x-request-id']);
    expect(row).toMatchObject({ endpoint: 'fim', stream: true, status: 200, outputTokens: '<fill for i in |:>'.length });
    expect(row.ttftMs).not.toBeNull();
  });

  it('skips a target without the endpoint, and fails over between Mistral targets', async () => {
    failures.push(503);
    const { status, headers, text } = await fim({ model: 'autocomplete', prompt: 'import ' });
    expect(status).toBe(200);
    expect((JSON.parse(text) as { model: string }).model).toBe('codestral-latest');
    expect(h.openai.requests).toHaveLength(0);
    const row = await rowOf(headers['x-request-id']);
    expect(row.attempts.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
      ['openai', 'skipped'],
      ['mistral', 'fallback'],
      ['codestral', 'ok'],
    ]);
  });

  it('says why, in OpenAI words, when no target of the route has the endpoint', async () => {
    const { status, text } = await fim({ model: 'gpt', prompt: 'x' });
    expect(status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'completions_unsupported', message: expect.stringContaining('has no /v1/fim/completions API: route FIM completions to a Mistral target') } });
    expect(h.openai.requests).toHaveLength(0);
  });

  it('refuses a body without a string prompt before any provider sees it', async () => {
    const { status, text } = await fim({ model: 'codestral-latest', prompt: ['a', 'b'] });
    expect(status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ error: { type: 'invalid_request_error', param: 'prompt' } });
    expect(received).toHaveLength(0);
  });

  it('scrubs PII from the prompt and suffix, and gives the caller the real values back in a stream', async () => {
    const { text } = await fim({ model: 'restored', prompt: 'email = "ada@example.com"\nsend(', suffix: ')', stream: true });
    // What reached Mistral held placeholders only.
    expect(JSON.stringify(received[0]?.body)).not.toContain('ada@example.com');
    expect(received[0]?.body.prompt).toContain('[EMAIL_1]');
    // Its echo of them came back with the real address.
    const chunks = frames(text).slice(0, -1) as { choices: { delta: { content?: string } }[] }[];
    const middle = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(middle).toContain('ada@example.com');
    expect(middle).not.toContain('[EMAIL_1]');
  });

  it('answers a repeated autocomplete from the cache, streamed as Mistral streams it or as JSON', async () => {
    const ask = { model: 'cached', prompt: 'const total = items.', suffix: ';', max_tokens: 32 };
    const first = await fim({ ...ask, stream: true });
    expect(first.headers['x-switchboard-cache']).toBe('miss');
    const again = await fim({ ...ask, stream: true });
    expect(again.headers['x-switchboard-cache']).toBe('hit');
    expect(received).toHaveLength(1);
    const events = frames(again.text);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1) as { object: string; model: string; choices: { delta: { content?: string } }[] }[];
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'codestral-2501')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(middleOf({ ...ask, model: 'codestral-2501' }));
    const whole = await fim(ask);
    expect(whole.headers['x-switchboard-cache']).toBe('hit');
    expect(JSON.parse(whole.text)).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: middleOf(ask) } }], usage: { completion_tokens: middleOf(ask).length } });
    expect(received).toHaveLength(1);
    const row = await rowOf(whole.headers['x-request-id']);
    expect(row).toMatchObject({ endpoint: 'fim', cache: 'hit', costUsd: 0 });
    expect(row.savedUsd).toBeGreaterThan(0);
  });
});
