import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SseDecoder } from '../../gateway/src/sse/decoder';
import { eventually, KEYS, standardConfig, startHarness } from './harness';
import type { Harness } from './harness';

/** OpenAI's Responses API to a `type: openai` provider: the caller's body goes as sent, the answer comes back untouched. */
let h: Harness;
let client: OpenAI;

const ROUTES = `
  gpt5:          { strategy: single, targets: [ { provider: openai, model: gpt-5.1 } ] }
  gpt5-cached:   { strategy: single, targets: [ { provider: openai, model: gpt-5.1 } ], cache: { ttl: 60s, scope: global } }
  openai-first:  { strategy: fallback, targets: [ { provider: openai, model: gpt-5.1 }, { provider: anthropic, model: claude-sonnet-4-5 } ] }
  claude-first:  { strategy: fallback, targets: [ { provider: anthropic, model: claude-sonnet-4-5 }, { provider: openai, model: gpt-5.1 } ] }
  az5:           { strategy: single, targets: [ { provider: azure, model: gpt-5.1 } ] }
  gpt5-params:   { strategy: single, targets: [ { provider: openai, model: gpt-5.1, params: { max_tokens: 300, seed: 1, temperature: 0 } } ] }
`;

/** Azure providers that take the Responses API natively: by the resource root, and by the v1 API's root. */
const NATIVE_AZURE = (url: string): string => `
  az-native:    { type: azure, credential: azure, baseUrl: ${url}, nativeResponses: true }
  az-native-v1: { type: azure, credential: azure, baseUrl: ${url}/openai/v1, nativeResponses: true }
`;
const NATIVE_AZURE_ROUTES = `
  az-native:    { strategy: single, targets: [ { provider: az-native, model: prod-gpt5 } ] }
  az-native-v1: { strategy: single, targets: [ { provider: az-native-v1, model: prod-gpt5 } ] }
`;

beforeAll(async () => {
  h = await startHarness({ config: (fakes) => standardConfig(fakes, ROUTES + NATIVE_AZURE_ROUTES).replace('\nroutes:', `${NATIVE_AZURE(fakes.openai.url)}routes:`) });
  client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

async function logRow(id: string | null | undefined) {
  return eventually(async () => {
    const row = await h.gateway.logs.get(id ?? '');
    if (!row) throw new Error('not logged yet');
    return row;
  });
}

const usage = { inputTokens: 1000, cachedTokens: 400, outputTokens: 50, reasoningTokens: 20 };
/** gpt-5.1: $1.25 per million input, $0.125 cached, $10 output. */
const COST = 600 * 1.25e-6 + 400 * 0.125e-6 + 50 * 10e-6;

describe('OpenAI SDK responses → OpenAI, natively', () => {
  it("sends the caller's body to OpenAI's /v1/responses as it came, only the model replaced, and returns OpenAI's answer with cost and headers", async () => {
    h.openai.enqueue({ kind: 'reply', usage });
    const body = {
      model: 'gpt5',
      input: [{ role: 'user' as const, content: 'Find the news' }],
      tools: [{ type: 'web_search' as const }, { type: 'function' as const, name: 'save', parameters: { type: 'object', properties: {} }, strict: false }],
      reasoning: { effort: 'low' as const, summary: 'auto' as const },
      include: ['reasoning.encrypted_content' as const],
      truncation: 'auto' as const,
      service_tier: 'flex' as const,
      text: { verbosity: 'low' as const },
      prompt_cache_key: 'news-1',
      metadata: { team: 'docs' },
    };
    const { data, response, request_id: requestId } = await client.responses.create(body).withResponse();
    const sent = h.openai.requests.at(-1);
    expect(sent?.path).toBe('/v1/responses');
    expect(sent?.body).toEqual({ ...body, model: 'gpt-5.1' });
    // OpenAI's own answer: its ids, its stored state, its encrypted reasoning.
    expect(data.id).toMatch(/^resp_fake/);
    expect(data).toMatchObject({ store: true, service_tier: 'flex', truncation: 'auto', text: { verbosity: 'low' } });
    const reasoning = data.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.type === 'reasoning' ? reasoning.encrypted_content : undefined).toMatch(/^gAAAA/);
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(response.headers.get('x-switchboard-model')).toBe('gpt-5.1');
    expect(Number(response.headers.get('x-switchboard-cost-usd'))).toBeCloseTo(COST, 8);
    const row = await logRow(requestId);
    expect(row).toMatchObject({ endpoint: 'responses', alias: 'gpt5', provider: 'openai', status: 200, outputTokens: 50, cachedTokens: 400, reasoningTokens: 20 });
    expect(row.costUsd).toBeCloseTo(COST, 8);
  });

  it("streams OpenAI's events through untouched (its ids, numbering, padding) and records their usage", async () => {
    h.openai.enqueue({ kind: 'reply', text: 'one two three', usage });
    const res = await fetch(`${h.gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-sb-test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt5', input: 'count', stream: true }),
    });
    expect(res.headers.get('x-switchboard-provider')).toBe('openai');
    const events = new SseDecoder().push(Buffer.from(await res.text()));
    const data = events.map((event) => JSON.parse(event.data) as { type: string; sequence_number: number; obfuscation?: string; response?: { id: string } });
    expect(events.map((event) => event.event)).toEqual(data.map((d) => d.type));
    expect(data.map((d) => d.sequence_number)).toEqual(data.map((_, i) => i));
    expect(data[0]?.response?.id).toMatch(/^resp_fake/);
    expect(data.filter((d) => d.type === 'response.output_text.delta').every((d) => typeof d.obfuscation === 'string')).toBe(true);
    expect(data.at(-1)?.type).toBe('response.completed');
    const row = await logRow(res.headers.get('x-switchboard-request-id'));
    expect(row).toMatchObject({ stream: true, status: 200, outputTokens: 50, cachedTokens: 400, reasoningTokens: 20 });
    expect(row.costUsd).toBeCloseTo(COST, 8);
  });

  it('streams through the SDK too, function calls included', async () => {
    h.openai.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' } }] });
    const stream = client.responses.stream({ model: 'gpt5', input: 'Weather in Rome?', tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }] });
    const final = await stream.finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    expect(call?.type === 'function_call' ? JSON.parse(call.arguments) : undefined).toEqual({ city: 'Rome' });
  });

  it("forces a target's params in the Responses API's names, leaving out the chat-only ones OpenAI would refuse there", async () => {
    const answer = await client.responses.create({ model: 'gpt5-params', input: 'hi' });
    expect(answer.status).toBe('completed');
    const sent = h.openai.requests.at(-1)?.body;
    expect(sent).toEqual({ model: 'gpt-5.1', input: 'hi', max_output_tokens: 300, temperature: 0 });
  });

  it('goes on from a response OpenAI stored, by previous_response_id', async () => {
    const first = await client.responses.create({ model: 'gpt5', input: 'Remember 7.' });
    const second = await client.responses.create({ model: 'gpt5', input: 'What number?', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    expect(h.openai.requests.at(-1)?.body).toMatchObject({ previous_response_id: first.id });
  });

  it('leaves out the reasoning items the gateway made when Claude served the earlier turn (OpenAI would refuse them), and sends the rest as it came', async () => {
    const weather: OpenAI.Responses.FunctionTool = { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false };
    h.anthropic.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.responses.create({ model: 'claude', input, tools: [weather], reasoning: { effort: 'low' }, include: ['reasoning.encrypted_content'] });
    expect(first.output.some((item) => item.type === 'reasoning')).toBe(true);
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    const again = [...input, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output' as const, call_id: call.call_id, output: '18C' }];
    const second = await client.responses.create({ model: 'gpt5', input: again, tools: [weather], store: false });
    expect(second.status).toBe('completed');
    const sent = h.openai.requests.at(-1)?.body as { input: Array<{ type?: string }> };
    expect(sent.input).toEqual(again.filter((item) => !('type' in item) || item.type !== 'reasoning'));
  });

  it('ends a stream OpenAI fails mid-way with an error event numbered on from its own, which the SDK raises', async () => {
    h.openai.enqueue({ kind: 'stream-fail', afterChunks: 2, mode: 'error-event', errorMessage: 'The model crashed' });
    const { data: stream, request_id: requestId } = await client.responses.create({ model: 'gpt5', input: 'tell me a long story', stream: true }).withResponse();
    const seen: Array<{ type: string; n: number }> = [];
    const error = await (async () => {
      for await (const event of stream) seen.push({ type: event.type, n: event.sequence_number });
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('The model crashed');
    expect(seen.map((e) => e.n)).toEqual(seen.map((_, i) => i));
    expect(seen.filter((e) => e.type === 'response.output_text.delta')).toHaveLength(2);
    const row = await logRow(requestId);
    expect(row.status).toBeGreaterThanOrEqual(500);
  });

  it('caches an answer OpenAI did not store, and never replays one it stored', async () => {
    const ask = { model: 'gpt5-cached', input: 'cache me', store: false };
    await client.responses.create(ask);
    const { data, response } = await client.responses.create(ask).withResponse();
    expect(response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(data.output_text).toBe('echo: cache me');
    expect(h.openai.requests).toHaveLength(1);
    const stored = { model: 'gpt5-cached', input: 'stored answer' };
    await client.responses.create(stored);
    const again = await client.responses.create(stored).withResponse();
    expect(again.response.headers.get('x-switchboard-cache')).toBe('bypass');
    expect(h.openai.requests).toHaveLength(3);
  });

  it('keys what OpenAI reads in reasoning and text beyond the effort and format, so an ask for a reasoning summary is not answered with a cached answer that has none', async () => {
    const plain = { model: 'gpt5-cached', input: 'think about it', store: false, reasoning: { effort: 'low' as const } };
    await client.responses.create(plain);
    const summarised = await client.responses.create({ ...plain, reasoning: { effort: 'low', summary: 'auto' } }).withResponse();
    expect(summarised.response.headers.get('x-switchboard-cache')).toBe('miss');
    expect(h.openai.requests).toHaveLength(2);
    expect(h.openai.requests.at(-1)?.body).toMatchObject({ reasoning: { effort: 'low', summary: 'auto' } });
    const again = await client.responses.create(plain).withResponse();
    expect(again.response.headers.get('x-switchboard-cache')).toBe('hit');
  });
});

describe("OpenAI SDK responses: OpenAI's stored state and other providers", () => {
  it('refuses previous_response_id on a route with no OpenAI target, with a 400 naming the field and saying why', async () => {
    const error = await client.responses.create({ model: 'claude', input: 'and then?', previous_response_id: 'resp_123' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const bad = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad.param).toBe('previous_response_id');
    expect(bad.message).toContain('OpenAI provider (type: openai, or azure with nativeResponses)');
    expect(bad.message).toContain('send the whole conversation');
    expect(h.anthropic.requests).toHaveLength(0);
  });

  it('skips a fallback target that cannot take stored state, to the OpenAI one that can', async () => {
    const first = await client.responses.create({ model: 'gpt5', input: 'Remember 7.' });
    const { response, request_id: requestId } = await client.responses.create({ model: 'claude-first', input: 'Which number?', previous_response_id: first.id }).withResponse();
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(h.anthropic.requests).toHaveLength(0);
    const row = await logRow(requestId);
    expect(row.attempts.map((a) => [a.provider, a.outcome])).toEqual([['anthropic', 'skipped'], ['openai', 'ok']]);
    expect(row.attempts[0]?.error).toContain('previous_response_id');
  });

  it("answers OpenAI's own failure when the only fallback cannot take stored state, and the log says why it was skipped", async () => {
    const first = await client.responses.create({ model: 'gpt5', input: 'Remember 7.' });
    h.openai.enqueue({ kind: 'error', status: 503 });
    const error = await client.responses.create({ model: 'openai-first', input: 'Which number?', previous_response_id: first.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect(h.anthropic.requests).toHaveLength(0);
    const row = await logRow((error as InstanceType<typeof OpenAI.APIError>).requestID);
    expect(row.attempts.map((a) => [a.provider, a.outcome])).toEqual([['openai', 'failed'], ['anthropic', 'skipped']]);
  });

  it("maps text.verbosity to a GPT-5 Azure deployment's chat verbosity, and leaves out service_tier, which Azure does not take", async () => {
    await client.responses.create({ model: 'az5', input: 'hi', text: { verbosity: 'low' }, service_tier: 'priority' });
    const sent = h.openai.requests.at(-1);
    expect(sent?.path).toBe('/openai/deployments/gpt-5.1/chat/completions');
    expect(sent?.body).toMatchObject({ verbosity: 'low' });
    expect(sent?.body).not.toHaveProperty('service_tier');
  });
});

describe('OpenAI SDK responses → Azure with nativeResponses, natively', () => {
  it("sends the caller's body to the v1 API's /openai/v1/responses with the deployment as model and the api-key, and returns Azure's answer", async () => {
    for (const route of ['az-native', 'az-native-v1']) {
      h.openai.enqueue({ kind: 'reply', usage });
      const body = { model: route, input: 'Plan the refactor', reasoning: { effort: 'low' as const }, include: ['reasoning.encrypted_content' as const], store: false };
      const { data, response } = await client.responses.create(body).withResponse();
      const sent = h.openai.requests.at(-1);
      expect(sent?.path).toBe('/openai/v1/responses');
      // The fake plays Azure with the OpenAI key (see the harness).
      expect(sent?.headers['api-key']).toBe(KEYS.openai);
      expect(sent?.headers.authorization).toBeUndefined();
      expect(sent?.body).toEqual({ ...body, model: 'prod-gpt5' });
      expect(data.id).toMatch(/^resp_fake/);
      expect(data.output_text).not.toBe('');
      expect(response.headers.get('x-switchboard-provider')).toBe(route);
    }
  });
});
