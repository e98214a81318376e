import Anthropic, { AuthenticationError, BadRequestError, OverloadedError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { estimateTokens, startFakeAnthropic, type FakeProvider } from './index';

const KEY = 'sk-ant-test-key';
let fake: FakeProvider;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey: KEY });
  client = new Anthropic({ apiKey: KEY, baseURL: fake.url, maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const MODEL = 'claude-haiku-4-5';
const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } },
};

/** Raw SSE exchange, to pin the exact event order rather than the SDK's reading of it. */
async function rawEvents(body: Record<string, unknown>): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const response = await fetch(`${fake.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, max_tokens: 2048, stream: true, ...body }),
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.length > 0)
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: eventLine?.replace('event: ', '') ?? '', data: JSON.parse(dataLine?.replace('data: ', '') ?? '{}') };
    });
}

describe('fake Anthropic messages', () => {
  it('answers messages.create with an echo, usage with cache fields, and records SDK headers', async () => {
    const prompt = 'Name three rivers.';
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      system: 'Be brief.',
      messages: [{ role: 'user', content: prompt }],
    });

    expect(message.type).toBe('message');
    expect(message.content).toEqual([{ type: 'text', text: `echo: ${prompt}` }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({
      input_tokens: estimateTokens(`Be brief.\n${prompt}`),
      output_tokens: estimateTokens(`echo: ${prompt}`),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
    const headers = fake.requests[0]?.headers;
    expect(headers?.authorization).toBe(`Bearer ${KEY}`);
    expect(headers?.['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('streams thinking, text and tool_use blocks that the SDK reassembles into the final message', async () => {
    const call = { name: 'get_weather', arguments: { city: 'Oslo', days: 3 } };
    fake.enqueue({ kind: 'reply', text: 'Let me check the weather.', toolCalls: [call] });
    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    let textDeltas = 0;
    let jsonDeltas = 0;
    stream.on('text', () => (textDeltas += 1));
    stream.on('inputJson', () => (jsonDeltas += 1));
    const final = await stream.finalMessage();

    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    const [thinking, text, toolUse] = final.content;
    expect(thinking?.type === 'thinking' && thinking.thinking).toBe('Thinking about: Weather in Oslo?');
    expect(thinking?.type === 'thinking' && thinking.signature.length).toBeGreaterThan(10);
    expect(text?.type === 'text' && text.text).toBe('Let me check the weather.');
    expect(toolUse?.type === 'tool_use' && toolUse.input).toEqual(call.arguments);
    expect(toolUse?.type === 'tool_use' && toolUse.id).toMatch(/^toolu_/);
    expect(final.stop_reason).toBe('tool_use');
    expect(textDeltas).toBeGreaterThan(1);
    expect(jsonDeltas).toBeGreaterThan(1);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('sends the exact event sequence with named SSE events', async () => {
    const events = await rawEvents({ messages: [{ role: 'user', content: 'hi there' }] });
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('message_start');
    expect(names.slice(1, 3)).toEqual(['content_block_start', 'ping']);
    expect(names.filter((n) => n === 'content_block_delta').length).toBe(3);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    for (const { event, data } of events) expect(data.type).toBe(event);
    const delta = events.find((e) => e.event === 'message_delta')?.data;
    expect(delta).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: estimateTokens('echo: hi there') } });
  });

  it('reports cache usage set by the behaviour', async () => {
    fake.enqueue({ kind: 'reply', text: 'ok', usage: { inputTokens: 10, outputTokens: 2, cachedTokens: 900, cacheCreationTokens: 50 } });
    const message = await client.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
    expect(message.usage).toMatchObject({
      input_tokens: 10,
      output_tokens: 2,
      cache_read_input_tokens: 900,
      cache_creation_input_tokens: 50,
    });
  });

  it('counts tokens', async () => {
    const count = await client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: 'twelve chars' }] });
    expect(count.input_tokens).toBe(estimateTokens('twelve chars'));
  });
});

describe('fake Anthropic errors, auth and validation', () => {
  it('surfaces 529 as OverloadedError with the overloaded_error body', async () => {
    fake.enqueue({ kind: 'error', status: 529 });
    const error = await client.messages
      .create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverloadedError);
    expect((error as OverloadedError).type).toBe('overloaded_error');
    expect((error as OverloadedError).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('accepts x-api-key, refuses a wrong key and a missing anthropic-version', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${fake.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await post({ 'x-api-key': KEY, 'anthropic-version': '2023-06-01' })).status).toBe(200);
    const noVersion = await post({ 'x-api-key': KEY });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    });

    const wrong = new Anthropic({ apiKey: 'sk-ant-wrong', baseURL: fake.url, maxRetries: 0 });
    await expect(wrong.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('rejects a system-role message and a tool_result without its tool_use', async () => {
    const systemRole = fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 10, messages: [{ role: 'system', content: 'x' }] }),
    });
    expect((await systemRole).status).toBe(400);

    const orphan = client.messages.create({
      model: MODEL,
      max_tokens: 10,
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_missing', content: '42' }] }],
    });
    await expect(orphan).rejects.toBeInstanceOf(BadRequestError);
  });

  it("refuses a tool id another provider made (Kimi's functions.Bash:0), as the real API does", async () => {
    const replay = (id: string) =>
      client.messages.create({
        model: MODEL,
        max_tokens: 10,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: [{ type: 'tool_use', id, name: 'get_weather', input: { city: 'Oslo' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: '-3°C' }] },
        ],
      });
    const refused = await replay('functions.get_weather:0').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as Error).message).toContain("messages.1.content.0.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'");
    await expect(replay('call_Ab-9_x')).resolves.toMatchObject({ type: 'message' });
  });

  it('refuses thinking blocks it did not sign and, with thinking on, a last tool turn that does not open with its thinking', async () => {
    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'weather?' }],
    });
    const thought = first.content.find((block) => block.type === 'thinking');
    const replay = (opening: Anthropic.ContentBlockParam[], thinking = true) =>
      client.messages.create({
        model: MODEL,
        max_tokens: 2048,
        ...(thinking ? { thinking: { type: 'enabled', budget_tokens: 1024 } as const } : {}),
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: [...opening, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '-3°C' }] },
        ],
      });
    const foreign = await replay([{ type: 'thinking', thinking: 'from Gemini', signature: 'gemini:CiQB' }]).catch((error: unknown) => error);
    expect(foreign).toBeInstanceOf(BadRequestError);
    expect((foreign as Error).message).toContain('messages.1.content.0: Invalid `signature` in `thinking` block');
    const unthought = await replay([]).catch((error: unknown) => error);
    expect(unthought).toBeInstanceOf(BadRequestError);
    expect((unthought as Error).message).toContain('a final `assistant` message must start with a thinking block');
    await expect(replay([], false)).resolves.toMatchObject({ type: 'message' });
    expect(thought?.type).toBe('thinking');
    if (thought?.type === 'thinking') {
      await expect(replay([{ type: 'thinking', thinking: thought.thinking, signature: thought.signature }])).resolves.toMatchObject({ type: 'message' });
    }
  });

  it('refuses strict tools on a model from before structured outputs, as the real API does', async () => {
    const strict = (model: string) =>
      client.messages.create({ model, max_tokens: 10, tools: [{ ...weatherTool, strict: true }], messages: [{ role: 'user', content: 'hi' }] });
    const refused = await strict('claude-sonnet-4-20250514').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as Error).message).toContain("'claude-sonnet-4-20250514' does not support strict tools.");
    await expect(strict('claude-sonnet-4-5')).resolves.toMatchObject({ type: 'message' });
  });

  it("refuses a max_tokens above the model's output cap (Opus 4.1: 32000), as the real API does", async () => {
    // The SDK refuses a non-streamed request this large itself, so the answer is streamed.
    const ask = (max_tokens: number) =>
      client.messages.stream({ model: 'claude-opus-4-1-20250805', max_tokens, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    const refused = await ask(32768).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as Error).message).toContain('max_tokens: 32768 > 32000, which is the maximum allowed number of output tokens for claude-opus-4-1-20250805');
    await expect(ask(32000)).resolves.toMatchObject({ type: 'message' });
  });
});

