import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeEmbedding } from '../fakes';
import { eventually, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness();
  client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const weatherTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('OpenAI SDK → OpenAI provider (native pass-through)', () => {
  it('answers through an alias and says who served it', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt', messages: [{ role: 'user', content: 'hello there' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: hello there');
    expect(response.headers.get('x-switchboard-route')).toBe('gpt');
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(response.headers.get('x-switchboard-model')).toBe('gpt-4o-mini');
    expect(response.headers.get('x-switchboard-request-id')).toMatch(/^req_/);
    // The SDK's own accessor reads x-request-id: the same id, the one Logs knows.
    const sdk = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'again' }] });
    expect(sdk._request_id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(await h.gateway.logs.get(sdk._request_id ?? '')).toBeDefined();
    expect(Number(response.headers.get('x-switchboard-cost-usd'))).toBeGreaterThan(0);
    // The provider got its own key and model, never the gateway key.
    const upstream = h.openai.requests.at(-1);
    expect(upstream?.headers.authorization).toBe('Bearer sk-fake-openai-0001');
    expect((upstream?.body as { model: string }).model).toBe('gpt-4o-mini');
  });

  it('streams with usage when the client asks for it', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt',
      messages: [{ role: 'user', content: 'count to three' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('echo: count to three');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('does not leak an injected usage chunk to a client that did not ask for usage, yet still logs the cost', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'no usage please' }], stream: true });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.choices.length > 0)).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('echo: no usage please');
    const row = await eventually(async () => {
      await h.gateway.logs.flush();
      const page = await h.gateway.logs.query({ text: 'gpt', limit: 1 });
      const first = page.rows[0];
      if (!first || !first.stream) throw new Error('not logged yet');
      return first;
    });
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(row.costUsd).toBeGreaterThan(0);
  });

  it('passes tool calls through, streaming and not', async () => {
    h.openai.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const plain = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] });
    const call = plain.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });
    expect(plain.choices[0]?.finish_reason).toBe('tool_calls');

    h.openai.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Lima' } }] });
    const runner = client.chat.completions.stream({ model: 'gpt', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] });
    const final = await runner.finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    expect(streamed?.type === 'function' && JSON.parse(streamed.function.arguments)).toEqual({ city: 'Lima' });
  });

  it('forwards response_format, stop, max_completion_tokens and image parts untouched', async () => {
    await client.chat.completions.create({
      model: 'gpt',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
      response_format: { type: 'json_object' },
      stop: ['END'],
      max_completion_tokens: 50,
    });
    const body = h.openai.requests.at(-1)?.body as Record<string, unknown>;
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.stop).toEqual(['END']);
    expect(body.max_completion_tokens).toBe(50);
    expect(JSON.stringify(body.messages)).toContain('data:image/png;base64,iVBORw0KGgo=');
  });

  it('passes what only OpenAI understands (n > 1) through natively, and refuses to translate it', async () => {
    const native = await client.chat.completions.create({ model: 'gpt', n: 2, messages: [{ role: 'user', content: 'two please' }] });
    expect(native.choices[0]?.message.content).toBe('echo: two please');
    expect((h.openai.requests.at(-1)?.body as { n: number }).n).toBe(2);

    const error = await client.chat.completions.create({ model: 'claude', n: 2, messages: [{ role: 'user', content: 'two please' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('n');
  });

  it('reaches a provider directly as provider/model', async () => {
    const { response } = await client.chat.completions.create({ model: 'openai/gpt-5.1', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe('gpt-5.1');
    expect((h.openai.requests.at(-1)?.body as { model: string }).model).toBe('gpt-5.1');
  });

  it('reaches an OpenAI-compatible server and Azure OpenAI', async () => {
    const local = await client.chat.completions.create({ model: 'local/llama3.2', messages: [{ role: 'user', content: 'hi local' }] });
    expect(local.choices[0]?.message.content).toBe('echo: hi local');

    const azure = await client.chat.completions.create({ model: 'az', messages: [{ role: 'user', content: 'hi azure' }] });
    expect(azure.choices[0]?.message.content).toBe('echo: hi azure');
    const upstream = h.openai.requests.at(-1);
    expect(upstream?.path).toBe('/openai/deployments/prod-gpt4o/chat/completions');
    expect(upstream?.query['api-version']).toBe('2024-10-21');
    expect(upstream?.headers['api-key']).toBe('sk-fake-openai-0001');
  });

  it('charges an Azure deployment at the list price of the model it serves, streamed or not', async () => {
    // The deployment "prod-gpt4o" is no model name; Azure's answers name gpt-4o-2024-11-20,
    // at $2.50 input and $10 output per million tokens: 1000 × 2.5 + 500 × 10 = $0.0075.
    const usage = { inputTokens: 1000, outputTokens: 500 };
    h.openai.enqueue({ kind: 'reply', usage });
    h.openai.enqueue({ kind: 'reply', usage });
    const since = Date.now();
    const { response } = await client.chat.completions.create({ model: 'az', messages: [{ role: 'user', content: 'priced' }] }).withResponse();
    expect(response.headers.get('x-switchboard-cost-usd')).toBe('0.00750000');
    const stream = await client.chat.completions.create({ model: 'az', stream: true, messages: [{ role: 'user', content: 'priced' }] });
    for await (const _chunk of stream) {
      // Read to the end: the usage chunk, which names the model, comes last.
    }
    const rows = await eventually(async () => {
      const page = await h.gateway.logs.query({ since, route: 'az' });
      if (page.rows.length < 2) throw new Error('rows not logged yet');
      return page.rows;
    });
    expect(rows.map((row) => [row.stream, row.model, row.costUsd])).toEqual([
      [true, 'prod-gpt4o', 0.0075],
      [false, 'prod-gpt4o', 0.0075],
    ]);
  });

  it('lists aliases and configured models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt', 'claude', 'workhorse', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']));
  });

  it('retrieves one model by alias or provider/model id, as the list shows it', async () => {
    expect(await client.models.retrieve('claude')).toEqual({ id: 'claude', object: 'model', created: 0, owned_by: 'switchboard' });
    // The SDK sends the id percent-encoded: /v1/models/openai%2Fgpt-4o-mini.
    expect(await client.models.retrieve('openai/gpt-4o-mini')).toEqual({ id: 'openai/gpt-4o-mini', object: 'model', created: 0, owned_by: 'openai' });
    // curl-style: the slash as is, and no /v1.
    const raw = await request(`${h.gateway.url}/models/anthropic/claude-sonnet-4-5`, { headers: { authorization: 'Bearer sk-sb-test-key' } });
    expect(raw.statusCode).toBe(200);
    expect(await raw.body.json()).toMatchObject({ id: 'anthropic/claude-sonnet-4-5', owned_by: 'anthropic' });
  });

  it('answers an unknown model id with a 404 model_not_found the SDK parses', async () => {
    const error = await client.models.retrieve('no-such-model').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    expect((error as Error).message).toContain('"no-such-model"');
  });

  it('asks for the gateway key on one model as on the list', async () => {
    for (const path of ['/v1/models', '/v1/models/claude', '/v1/models/no-such-model']) {
      const res = await request(`${h.gateway.url}${path}`);
      expect(res.statusCode, path).toBe(401);
      expect(await res.body.json(), path).toMatchObject({ error: { type: 'authentication_error' } });
    }
    const wrong = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-wrong', maxRetries: 0 });
    expect(await wrong.models.retrieve('claude').catch((e: unknown) => e)).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('creates embeddings natively and through Gemini', async () => {
    // The SDK's default call asks for base64 and decodes it as float32: the vectors must survive that.
    const asFloat32 = (text: string) => fakeEmbedding(text).map(Math.fround);
    const native = await client.embeddings.create({ model: 'embed', input: ['alpha', 'beta'] });
    expect(native.data.map((d) => d.embedding)).toEqual([asFloat32('alpha'), asFloat32('beta')]);

    const viaGemini = await client.embeddings.create({ model: 'gem-embed', input: 'alpha' });
    expect(viaGemini.data.map((d) => d.embedding)).toEqual([asFloat32('alpha')]);
    expect(h.gemini.requests.at(-1)?.path).toContain('gemini-embedding-001:batchEmbedContents');
  });
});

describe('OpenAI SDK → Anthropic provider (translated)', () => {
  it('answers a chat completion with usage mapped', async () => {
    const res = await client.chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hello claude' },
      ],
      max_tokens: 100,
    });
    expect(res.choices[0]?.message.content).toBe('echo: hello claude');
    expect(res.choices[0]?.finish_reason).toBe('stop');
    expect(res.usage?.prompt_tokens).toBeGreaterThan(0);
    const body = h.anthropic.requests.at(-1)?.body as Record<string, unknown>;
    expect(body.system).toBeDefined();
    expect(body.max_tokens).toBe(100);
  });

  it('streams text and tool calls in OpenAI chunks', async () => {
    const stream = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'stream me' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('echo: stream me');
    expect(usage?.prompt_tokens).toBeGreaterThan(0);

    h.anthropic.enqueue({ kind: 'reply', text: 'Let me check.', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const final = await client.chat.completions
      .stream({ model: 'claude', messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [weatherTool] })
      .finalChatCompletion();
    const message = final.choices[0]?.message;
    expect(message?.content).toBe('Let me check.');
    const call = message?.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('sends a tool result back as an Anthropic tool_result', async () => {
    await client.chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_01', content: '18°C and sunny' },
      ],
      tools: [weatherTool],
    });
    const body = h.anthropic.requests.at(-1)?.body as { messages: Array<{ role: string; content: unknown }> };
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(body.messages[2]?.content)).toContain('"tool_result"');
    expect(JSON.stringify(body.messages[2]?.content)).toContain('toolu_01');
  });
});

describe('OpenAI SDK → older Claude models', () => {
  it('answers a request with strict tools (as zodFunction and the Agents SDK send them) instead of a 400', async () => {
    const strict: OpenAI.ChatCompletionTool = { type: 'function', function: { ...weatherTool.function, strict: true } };
    const res = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-20250514', tools: [strict], messages: [{ role: 'user', content: 'weather?' }] });
    expect(res.choices[0]?.message.content).toBe('echo: weather?');
  });

  it('answers reasoning_effort "high" from Opus 4.1, asking for no more than its 32000 output tokens', async () => {
    const res = await client.chat.completions.create({ model: 'anthropic/claude-opus-4-1-20250805', reasoning_effort: 'high', messages: [{ role: 'user', content: 'think hard' }] });
    expect(res.choices[0]?.message.content).toBe('echo: think hard');
    expect(h.anthropic.requests.at(-1)?.body).toMatchObject({ max_tokens: 32000, thinking: { type: 'enabled' } });
  });
});

describe('OpenAI SDK → Gemini provider (translated)', () => {
  it('answers and streams', async () => {
    const res = await client.chat.completions.create({ model: 'gem', messages: [{ role: 'user', content: 'hello gemini' }] });
    expect(res.choices[0]?.message.content).toBe('echo: hello gemini');
    expect(h.gemini.requests.at(-1)?.headers['x-goog-api-key']).toBe('fake-gemini-0003');

    const stream = await client.chat.completions.create({ model: 'gem', messages: [{ role: 'user', content: 'stream gemini' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('echo: stream gemini');
  });

  it('returns Gemini function calls as tool calls', async () => {
    h.gemini.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' } }] });
    const res = await client.chat.completions.create({ model: 'gem', messages: [{ role: 'user', content: 'weather in Rome?' }], tools: [weatherTool] });
    const call = res.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Rome' });
    expect(res.choices[0]?.finish_reason).toBe('tool_calls');
  });
});

describe('what only OpenAI understands: GPT-5 custom tools, allowed_tools, logprobs', () => {
  const customTool: OpenAI.Chat.Completions.ChatCompletionTool = {
    type: 'custom',
    custom: { name: 'code_exec', description: 'Runs Python', format: { type: 'grammar', grammar: { syntax: 'lark', definition: 'start: /.+/' } } },
  };
  /** Each body with the field a translation has to refuse. */
  const bodies: Array<[string, OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming, string]> = [
    ['a custom tool', { model: '', messages: [{ role: 'user', content: 'run it' }], tools: [weatherTool, customTool] }, 'tools.1'],
    ['a custom tool choice', { model: '', messages: [{ role: 'user', content: 'run it' }], tools: [customTool], tool_choice: { type: 'custom', custom: { name: 'code_exec' } } }, 'tools.0'],
    [
      'an allowed_tools choice',
      {
        model: '',
        messages: [{ role: 'user', content: 'run it' }],
        tools: [weatherTool],
        tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'get_weather' } }] } },
      },
      'tool_choice',
    ],
    [
      'a custom tool call in the history',
      {
        model: '',
        messages: [
          { role: 'user', content: 'run it' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'custom', custom: { name: 'code_exec', input: 'print(1)' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: '1' },
        ],
        tools: [customTool],
      },
      'messages.1.tool_calls.0',
    ],
    ['logprobs', { model: '', messages: [{ role: 'user', content: 'run it' }], logprobs: true, top_logprobs: 2 }, 'logprobs'],
  ];

  it.each(bodies)('%s goes to OpenAI and Azure untouched', async (_name, body) => {
    for (const model of ['gpt', 'az']) {
      const answer = await client.chat.completions.create({ ...body, model });
      expect(answer.choices[0]?.message.content).toBe('echo: run it');
      const { model: _sent, ...upstream } = h.openai.requests.at(-1)?.body as Record<string, unknown>;
      const { model: _asked, ...asked } = body;
      expect(upstream).toEqual(asked);
    }
  });

  it.each(bodies)('%s is refused on a translated route, naming the field, before any upstream call', async (_name, body, param) => {
    const error = await client.chat.completions.create({ ...body, model: 'claude' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.param).toBe(param);
    expect(refused.message).toContain(param);
    expect(h.anthropic.requests).toHaveLength(0);
  });

  it.each(bodies)('%s skips a translated target on a fallback route for the native one', async (_name, body) => {
    const { response } = await client.chat.completions.create({ ...body, model: 'workhorse' }).withResponse();
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(h.anthropic.requests).toHaveLength(0);
    expect(h.openai.requests).toHaveLength(1);
  });
});

describe('fallback', () => {
  it('falls back from Anthropic to OpenAI when Anthropic answers 503, and says so', async () => {
    h.anthropic.enqueue({ kind: 'error', status: 503, message: 'overloaded' });
    const { data, response } = await client.chat.completions.create({ model: 'workhorse', messages: [{ role: 'user', content: 'fall over' }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: fall over');
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    const row = await eventually(async () => {
      await h.gateway.logs.flush();
      const found = (await h.gateway.logs.query({ route: 'workhorse', limit: 1 })).rows[0];
      if (!found) throw new Error('not yet');
      return found;
    });
    expect(row.attempts.map((a) => [a.provider, a.status, a.outcome])).toEqual([
      ['anthropic', 503, 'fallback'],
      ['openai', 200, 'ok'],
    ]);
  });

  it('falls back when a stream fails before its first byte', async () => {
    h.anthropic.enqueue({ kind: 'drop' });
    const stream = await client.chat.completions.create({ model: 'workhorse', messages: [{ role: 'user', content: 'stream fallback' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('echo: stream fallback');
  });
});
