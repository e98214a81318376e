/**
 * Providers whose wire differs from their type's usual shape, driven by the official SDKs through
 * the gateway: the mistral preset (the stand-in refuses fields its API does not know, as
 * api.mistral.ai does, and reports usage on its last stream chunk unasked), a server that answers
 * embeddings in floats whatever it is asked (Ollama, LM Studio), and Azure's v1 API.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { request } from 'undici';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';
import { refusedAsMistral, startStandIn } from './stand-in';
import type { StandIn } from './stand-in';

/** The top-level fields of Mistral's chat completion request (its API answers 422 to any other). */
const MISTRAL_FIELDS = new Set(['model', 'messages', 'temperature', 'top_p', 'max_tokens', 'stream', 'stop', 'random_seed', 'response_format', 'tools', 'tool_choice', 'presence_penalty', 'frequency_penalty', 'n', 'prediction', 'parallel_tool_calls', 'prompt_mode', 'safe_prompt']);

const received: Record<string, unknown>[] = [];

function answerMistral(body: Record<string, unknown>, res: ServerResponse): void {
  if (refusedAsMistral(body, MISTRAL_FIELDS, res)) return;
  const ids = (body.messages as Array<{ tool_calls?: Array<{ id: string }>; tool_call_id?: string }>).flatMap((m) => [...(m.tool_calls ?? []).map((c) => c.id), ...(m.tool_call_id === undefined ? [] : [m.tool_call_id])]);
  const badId = ids.find((id) => !/^[A-Za-z0-9]{9}$/.test(id));
  if (badId !== undefined) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'error', message: `Tool call id was ${badId} but must be a-z, A-Z, 0-9, with a length of 9.`, type: 'invalid_function_call', param: null, code: '3280' }));
    return;
  }
  const usage = { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 };
  const chunk = (delta: unknown, finish: string | null, last = false): string =>
    `data: ${JSON.stringify({ id: 'cmpl-1', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }], ...(last ? { usage } : {}) })}\n\n`;
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(chunk({ role: 'assistant', content: '' }, null) + chunk({ content: 'Bonjour' }, null) + chunk({ content: '' }, 'stop', true) + 'data: [DONE]\n\n');
}

/** Like Ollama's /v1/embeddings: float arrays whatever encoding_format asks for. */
function answerFloatsOnly(body: Record<string, unknown>, res: ServerResponse): void {
  const input = Array.isArray(body.input) ? body.input : [body.input];
  const data = input.map((_text, index) => ({ object: 'embedding', index, embedding: FLOATS }));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 3, total_tokens: 3 } }));
}

const FLOATS = [0.5, -0.25, 0.125, 1, -1, 0.75, 0, 0.0625];

let mistral: StandIn;
let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  mistral = await startStandIn((req, body, res) => {
    received.push(body);
    if (req.url?.endsWith('/embeddings')) answerFloatsOnly(body, res);
    else answerMistral(body, res);
  });
  const url = `${mistral.origin}/v1`;
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}  mistral: { type: openai-compatible, preset: mistral, apiKey: env:TEST_LOCAL_KEY, baseUrl: ${url} }
  azure-v1: { type: azure, credential: azure, baseUrl: ${fakes.openai.url}/openai/v1 }
  ollama: { type: openai-compatible, preset: ollama, baseUrl: ${url} }
routes:
  le-chat: { strategy: single, targets: [ { provider: mistral, model: mistral-large-latest } ] }
  az-v1: { strategy: single, targets: [ { provider: azure-v1, model: prod-gpt4o } ] }
  az-v1-embed: { strategy: single, targets: [ { provider: azure-v1, model: prod-embed } ] }
`,
  });
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(async () => {
  await h.close();
  await mistral.close();
});
beforeEach(() => {
  received.length = 0;
  h.resetFakes();
});

describe('preset mistral', () => {
  it('streams to an Anthropic client (Claude Code sends metadata.user_id) without the fields Mistral refuses', async () => {
    const stream = anthropic.messages.stream({ model: 'le-chat', max_tokens: 64, stream: true, metadata: { user_id: 'user_abc' }, messages: [{ role: 'user', content: 'Salut' }] });
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'Bonjour' }]);
    expect(message.usage.output_tokens).toBe(2);
    expect(received[0]).not.toHaveProperty('stream_options');
    expect(received[0]).not.toHaveProperty('user');
  });

  it('continues a conversation whose tool calls another provider made (toolu_… ids), which Mistral would refuse', async () => {
    const stream = anthropic.messages.stream({
      model: 'le-chat',
      max_tokens: 64,
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: {} } }],
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: 'sunny' }] },
      ],
    });
    expect((await stream.finalMessage()).content).toEqual([{ type: 'text', text: 'Bonjour' }]);
    const [, assistant, tool] = received[0]?.messages as Array<{ tool_calls?: Array<{ id: string }>; tool_call_id?: string }>;
    expect(tool?.tool_call_id).toBe(assistant?.tool_calls?.[0]?.id);
  });

  it("takes an OpenAI client's stream_options and max_completion_tokens (the AI SDK and LangChain send them), which Mistral refuses", async () => {
    const stream = await openai.chat.completions.create({
      model: 'le-chat',
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 50,
      messages: [{ role: 'user', content: 'Salut' }],
    });
    let text = '';
    let completionTokens: number | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      completionTokens = chunk.usage?.completion_tokens ?? completionTokens;
    }
    expect(text).toBe('Bonjour');
    expect(completionTokens).toBe(2);
    expect(received[0]).toMatchObject({ max_tokens: 50 });
    expect(received[0]).not.toHaveProperty('stream_options');
    expect(received[0]).not.toHaveProperty('max_completion_tokens');
  });

  it("takes an OpenAI client's user and seed, which Mistral refuses (it spells the seed random_seed)", async () => {
    const stream = await openai.chat.completions.create({ model: 'le-chat', stream: true, user: 'alice', seed: 42, messages: [{ role: 'user', content: 'Salut' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Bonjour');
    expect(received[0]).toMatchObject({ random_seed: 42 });
    expect(received[0]).not.toHaveProperty('user');
    expect(received[0]).not.toHaveProperty('seed');
  });

  it('streams natively to an OpenAI client that asked for no usage, without adding stream_options', async () => {
    const stream = await openai.chat.completions.create({ model: 'le-chat', stream: true, messages: [{ role: 'user', content: 'Salut' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Bonjour');
    expect(received[0]).not.toHaveProperty('stream_options');
  });
});

describe("Azure's v1 API (baseUrl …/openai/v1)", () => {
  it('sends chat, streams and embeddings to its OpenAI-style paths with the deployment as model and no api-version', async () => {
    const reply = await openai.chat.completions.create({ model: 'az-v1', messages: [{ role: 'user', content: 'hi v1' }] });
    expect(reply.choices[0]?.message.content).toBe('echo: hi v1');
    expect(reply.model).toBe('gpt-4o-2024-11-20');
    const stream = await anthropic.messages.create({ model: 'az-v1', max_tokens: 32, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    for await (const _event of stream) {
      // drain
    }
    await openai.embeddings.create({ model: 'az-v1-embed', input: 'hi' });
    expect(h.openai.requests.map((received) => [received.path, received.query['api-version'], (received.body as { model: string }).model, received.headers['api-key']])).toEqual([
      ['/openai/v1/chat/completions', undefined, 'prod-gpt4o', 'sk-fake-openai-0001'],
      ['/openai/v1/chat/completions', undefined, 'prod-gpt4o', 'sk-fake-openai-0001'],
      ['/openai/v1/embeddings', undefined, 'prod-embed', 'sk-fake-openai-0001'],
    ]);
  });

  it('lists its models for Test connection', async () => {
    const res = await request(`${h.gateway.url}/admin/api/providers/azure-v1/test`, { method: 'POST', headers: { authorization: `Bearer ${h.gateway.adminToken}` } });
    expect(await res.body.json()).toMatchObject({ ok: true, status: 200 });
    expect(h.openai.requests.at(-1)).toMatchObject({ method: 'GET', path: '/openai/v1/models' });
  });
});

describe('an OpenAI-compatible server that answers embeddings in floats only (Ollama, LM Studio)', () => {
  it("gives the OpenAI SDK, which asks for base64 by default, the whole vectors, not a quarter of each", async () => {
    const reply = await openai.embeddings.create({ model: 'ollama/nomic-embed-text', input: ['one', 'two'] });
    expect(reply.data.map((item) => item.embedding)).toEqual([FLOATS, FLOATS]);
    expect(reply.usage.prompt_tokens).toBe(3);
    expect(received[0]).toMatchObject({ model: 'nomic-embed-text', encoding_format: 'float' });
  });

  it('passes a float request through as it came', async () => {
    const reply = await openai.embeddings.create({ model: 'ollama/nomic-embed-text', input: 'one', encoding_format: 'float' });
    expect(reply.data[0]?.embedding).toEqual(FLOATS);
  });
});
