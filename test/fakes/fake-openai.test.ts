import OpenAI, { AuthenticationError, AzureOpenAI, BadRequestError, RateLimitError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { estimateTokens, fakeEmbedding, startFakeOpenAI, type FakeProvider } from './index';

const KEY = 'sk-test-fake-openai-key';
let fake: FakeProvider;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY, deployments: { 'my-deploy': 'gpt-4o-2024-08-06' } });
  client = new OpenAI({ apiKey: KEY, baseURL: `${fake.url}/v1`, maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('fake OpenAI chat completions', () => {
  it('echoes the last user message with chars/4 usage and records the request', async () => {
    const prompt = 'What is the capital of France?';
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: prompt }],
    });

    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.choices[0]?.message.content).toBe(`echo: ${prompt}`);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({
      prompt_tokens: estimateTokens(prompt),
      completion_tokens: estimateTokens(`echo: ${prompt}`),
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(fake.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini' });
  });

  it('streams word deltas, a finish chunk, then a choices-less usage chunk only when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'one two three' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    const deltas = chunks.flatMap((c) => (c.choices[0]?.delta.content ? [c.choices[0].delta.content] : []));
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe('echo: one two three');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toBeGreaterThan(0);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);

    fake.reset();
    const plain = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const plainChunks = [];
    for await (const chunk of plain) plainChunks.push(chunk);
    expect(plainChunks.every((c) => c.choices.length === 1 && c.usage === undefined)).toBe(true);
  });

  it('returns tool calls with string arguments, whole and streamed in pieces', async () => {
    const call = { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } };
    fake.enqueue({ kind: 'reply', toolCalls: [call] }, { kind: 'reply', toolCalls: [call] });
    const request = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'weather in Paris?' }],
      tools: [weatherTool],
    };

    const whole = await client.chat.completions.create(request);
    const message = whole.choices[0]?.message;
    expect(whole.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message?.content).toBeNull();
    const toolCall = message?.tool_calls?.[0];
    expect(toolCall?.type === 'function' && JSON.parse(toolCall.function.arguments)).toEqual(call.arguments);

    const stream = client.chat.completions.stream(request);
    let argumentDeltas = 0;
    stream.on('chunk', (chunk) => {
      if (chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments) argumentDeltas += 1;
    });
    const final = await stream.finalChatCompletion();
    const streamedCall = final.choices[0]?.message.tool_calls?.[0];
    expect(argumentDeltas).toBeGreaterThan(1);
    expect(streamedCall?.type === 'function' && streamedCall.function.name).toBe('get_weather');
    expect(streamedCall?.type === 'function' && JSON.parse(streamedCall.function.arguments)).toEqual(call.arguments);
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('reports reasoning and cached tokens from the behaviour, and reasoning when reasoning_effort is set', async () => {
    fake.enqueue({ kind: 'reply', text: 'ok', usage: { inputTokens: 100, outputTokens: 40, cachedTokens: 64, reasoningTokens: 30 } });
    const fixed = await client.chat.completions.create({ model: 'gpt-5.1', messages: [{ role: 'user', content: 'x' }] });
    expect(fixed.usage).toMatchObject({
      prompt_tokens: 100,
      completion_tokens: 40,
      total_tokens: 140,
      prompt_tokens_details: { cached_tokens: 64 },
      completion_tokens_details: { reasoning_tokens: 30 },
    });

    const reasoned = await client.chat.completions.create({
      model: 'gpt-5.1',
      reasoning_effort: 'high',
      messages: [{ role: 'user', content: 'think' }],
    });
    expect(reasoned.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  it('rejects what the real API rejects: orphan tool messages and malformed JSON', async () => {
    const orphan = client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'tool', tool_call_id: 'call_1', content: '42' },
      ],
    });
    await expect(orphan).rejects.toBeInstanceOf(BadRequestError);

    const response = await fetch(`${fake.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: '{"model": "gpt-4o-mini", ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('could not parse the JSON body');
  });

  it('refuses an output limit above what the model can write (gpt-4o-mini: 16384), as the real API does', async () => {
    const ask = (max_completion_tokens: number) =>
      client.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens, messages: [{ role: 'user', content: 'hi' }] });
    const refused = await ask(32000).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect(refused).toMatchObject({ param: 'max_completion_tokens', code: 'invalid_value' });
    expect((refused as Error).message).toContain('This model supports at most 16384 completion tokens, whereas you provided 32000.');
    await expect(ask(16384)).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it("refuses max_tokens on reasoning models (o-series, GPT-5) with unsupported_parameter, as the real API does", async () => {
    const error = await client.chat.completions.create({ model: 'o3-mini', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ code: 'unsupported_parameter', param: 'max_tokens' });
    const ok = await client.chat.completions.create({ model: 'o3-mini', max_completion_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    expect(ok.choices[0]?.message.content).toBe('echo: x');
  });

  it("answers DeepSeek's thinking models with reasoning_content, and wants it back on each tool-calling turn", async () => {
    fake.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const first = await client.chat.completions.create({ model: 'deepseek-v4-flash', tools: [weatherTool], messages: [{ role: 'user', content: 'weather?' }] });
    const message = first.choices[0]?.message as OpenAI.Chat.Completions.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.reasoning_content).toBe('Thinking about: weather?');
    const replay = (reasoning: Record<string, string>) =>
      client.chat.completions.create({
        model: 'deepseek-v4-flash',
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: null, tool_calls: message.tool_calls, ...reasoning } as OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam,
          { role: 'tool', tool_call_id: message.tool_calls?.[0]?.id ?? '', content: '-3°C' },
        ],
      });
    const refused = await replay({}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as Error).message).toContain('Missing `reasoning_content` field in the assistant message at message index 1');
    await expect(replay({ reasoning_content: message.reasoning_content ?? '' })).resolves.toMatchObject({ object: 'chat.completion' });

    let streamed = '';
    const stream = await client.chat.completions.create({ model: 'deepseek-v4-flash', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    for await (const chunk of stream) streamed += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
    expect(streamed).toBe('Thinking about: hi');
  });

  it('accepts a custom tool call answered by a tool message, and wants its input as a string', async () => {
    const history = (input: unknown): OpenAI.Chat.Completions.ChatCompletionMessageParam[] => [
      { role: 'user', content: 'run it' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'custom', custom: { name: 'code_exec', input: input as string } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '1' },
    ];
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [{ type: 'custom', custom: { name: 'code_exec' } }];
    const ok = await client.chat.completions.create({ model: 'gpt-5', messages: history('print(1)'), tools });
    expect(ok.choices[0]?.message.content).toBe('echo: run it');
    await expect(client.chat.completions.create({ model: 'gpt-5', messages: history(1), tools })).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('fake OpenAI errors and auth', () => {
  it('surfaces a queued 429 as RateLimitError with retry-after, then serves normally', async () => {
    fake.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '1' } });
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    const rateLimit = error as RateLimitError;
    expect(rateLimit.code).toBe('rate_limit_exceeded');
    expect(rateLimit.headers.get('retry-after')).toBe('1');

    const next = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(next.choices[0]?.message.content).toBe('echo: hi');
  });

  it('sends a queued code and param, as OpenAI does for an over-long prompt', async () => {
    fake.enqueue({ kind: 'error', status: 400, code: 'context_length_exceeded', param: 'messages', message: "This model's maximum context length is 128000 tokens." });
    const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' });
  });

  it('answers a wrong key with 401 invalid_api_key', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong-key-1234', baseURL: `${fake.url}/v1`, maxRetries: 0 });
    const error = await wrong.models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_api_key');
  });

  it('lists models without consuming a queued behaviour', async () => {
    fake.enqueue({ kind: 'error', status: 500 });
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toContain('gpt-4o-mini');
    await expect(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 500 });
  });
});

describe('fake OpenAI embeddings', () => {
  it('returns deterministic unit vectors, decoded from base64 by the SDK', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta', 'alpha'] });
    const [a, b, again] = result.data.map((d) => d.embedding);
    expect(fake.requests[0]?.body).toMatchObject({ encoding_format: 'base64' });
    expect(a).toHaveLength(8);
    expect(a?.[0]).toBeCloseTo(fakeEmbedding('alpha')[0] ?? NaN, 5);
    expect(again).toEqual(a);
    expect(b).not.toEqual(a);
    expect(Math.hypot(...(a ?? []))).toBeCloseTo(1, 5);
    expect(result.usage.prompt_tokens).toBe(2 * estimateTokens('alpha') + estimateTokens('beta'));
  });

  it('honours dimensions and float encoding', async () => {
    const result = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello',
      dimensions: 16,
      encoding_format: 'float',
    });
    expect(result.data[0]?.embedding).toEqual(fakeEmbedding('hello', 16));
  });
});

describe('fake Azure OpenAI', () => {
  const azure = () =>
    new AzureOpenAI({
      apiKey: KEY,
      endpoint: fake.url,
      apiVersion: '2024-10-21',
      deployment: 'my-deploy',
      maxRetries: 0,
    });

  it('serves deployments with the api-key header and answers with the deployment model', async () => {
    const completion = await azure().chat.completions.create({ model: 'ignored', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.model).toBe('gpt-4o-2024-08-06');
    expect(completion.choices[0]?.message.content).toBe('echo: hi');
    const recorded = fake.requests[0];
    expect(recorded?.path).toBe('/openai/deployments/my-deploy/chat/completions');
    expect(recorded?.query['api-version']).toBe('2024-10-21');
    expect(recorded?.headers['api-key']).toBe(KEY);
  });

  it('opens a stream with an annotation-only chunk whose choices are empty', async () => {
    const stream = await azure().chat.completions.create({
      model: 'ignored',
      messages: [{ role: 'user', content: 'hi there' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices).toEqual([]);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('echo: hi there');
  });

  it('knows max_completion_tokens only from api-version 2024-09-01-preview on', async () => {
    const old = new AzureOpenAI({ apiKey: KEY, endpoint: fake.url, apiVersion: '2024-08-01-preview', deployment: 'my-deploy', maxRetries: 0 });
    const error = await old.chat.completions.create({ model: 'x', max_completion_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ message: '400 Unrecognized request argument supplied: max_completion_tokens', code: null, param: null });
    const reply = await old.chat.completions.create({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.choices[0]?.message.content).toBe('echo: hi');
  });

  it("refuses a prompt its content filter flags with Azure's body: code content_filter, param prompt, every category's result", async () => {
    fake.enqueue({ kind: 'error', status: 400, code: 'content_filter', contentFilter: { violence: { filtered: true, severity: 'medium' } } });
    const error = await azure().chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ code: 'content_filter', param: 'prompt' });
    expect((error as BadRequestError).error).toMatchObject({
      status: 400,
      innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: { violence: { filtered: true, severity: 'medium' }, hate: { filtered: false, severity: 'safe' } } },
    });
  });

  it('takes a Microsoft Entra ID token as Authorization: Bearer when given one, and refuses another as Azure does', async () => {
    const entra = await startFakeOpenAI({ apiKey: KEY, bearerToken: 'entra-token' });
    try {
      const withToken = (token: string) => new AzureOpenAI({ azureADTokenProvider: async () => token, endpoint: entra.url, apiVersion: '2024-10-21', deployment: 'my-deploy', maxRetries: 0 });
      const reply = await withToken('entra-token').chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });
      expect(reply.choices[0]?.message.content).toBe('echo: hi');
      expect(entra.requests[0]?.headers.authorization).toBe('Bearer entra-token');
      const error = await withToken('expired').chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      const raw = await fetch(`${entra.url}/openai/deployments/my-deploy/chat/completions?api-version=2024-10-21`, {
        method: 'POST',
        headers: { authorization: 'Bearer expired', 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(await raw.json()).toEqual({ statusCode: 401, message: 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.' });
    } finally {
      await entra.close();
    }
  });

  it('answers 404 without api-version and 401 for a wrong key, in Azure error shape', async () => {
    const noVersion = await fetch(`${fake.url}/openai/deployments/my-deploy/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(noVersion.status).toBe(404);
    expect(await noVersion.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });

    const wrong = new AzureOpenAI({ apiKey: 'nope', endpoint: fake.url, apiVersion: '2024-10-21', deployment: 'my-deploy', maxRetries: 0 });
    await expect(wrong.embeddings.create({ model: 'x', input: 'hi' })).rejects.toBeInstanceOf(AuthenticationError);
  });
});
