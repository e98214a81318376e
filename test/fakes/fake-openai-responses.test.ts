import OpenAI, { APIError, BadRequestError, NotFoundError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { estimateTokens, startFakeOpenAI, type FakeProvider } from './index';

const KEY = 'sk-test-fake-openai-key';
let fake: FakeProvider;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY });
  client = new OpenAI({ apiKey: KEY, baseURL: `${fake.url}/v1`, maxRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

describe('fake OpenAI responses', () => {
  it('answers responses.create with a stored response, echo text and chars/4 usage', async () => {
    const response = await client.responses.create({ model: 'gpt-5.1', input: 'hello there' });
    expect(response.output_text).toBe('echo: hello there');
    expect(response).toMatchObject({ object: 'response', status: 'completed', store: true, model: 'gpt-5.1' });
    expect(response.usage).toMatchObject({ input_tokens: estimateTokens('hello there'), output_tokens: estimateTokens('echo: hello there') });
    expect(fake.requests.at(-1)?.path).toBe('/v1/responses');
  });

  it('streams numbered, named events the SDK assembles, reasoning summary and function call included', async () => {
    fake.enqueue({ kind: 'reply', text: 'Checking.', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const stream = client.responses.stream({ model: 'gpt-5.1', input: 'Weather?', tools: [weatherTool], reasoning: { effort: 'low', summary: 'auto' } });
    const seen: Array<{ type: string; n: number }> = [];
    stream.on('event', (event) => seen.push({ type: event.type, n: event.sequence_number }));
    const final = await stream.finalResponse();
    expect(seen.map((e) => e.n)).toEqual(seen.map((_, i) => i));
    expect(seen.slice(0, 3).map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added']);
    expect(seen.at(-1)?.type).toBe('response.completed');
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(final.output_text).toBe('Checking.');
    const call = final.output[2];
    expect(call?.type === 'function_call' ? JSON.parse(call.arguments) : undefined).toEqual({ city: 'Paris' });
  });

  it('goes on from a stored response by previous_response_id, and refuses one it never stored', async () => {
    const first = await client.responses.create({ model: 'gpt-5.1', input: 'one' });
    const second = await client.responses.create({ model: 'gpt-5.1', input: 'two', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    const unstored = await client.responses.create({ model: 'gpt-5.1', input: 'three', store: false });
    const error = await client.responses.create({ model: 'gpt-5.1', input: 'four', previous_response_id: unstored.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).code).toBe('previous_response_not_found');
  });

  it('takes back the encrypted reasoning it issued, and refuses reasoning it cannot verify or find', async () => {
    const first = await client.responses.create({ model: 'gpt-5.1', input: 'think', reasoning: { effort: 'low' }, store: false, include: ['reasoning.encrypted_content'] });
    const reasoning = first.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.type === 'reasoning' ? reasoning.encrypted_content : undefined).toMatch(/^gAAAA/);
    await client.responses.create({ model: 'gpt-5.1', store: false, input: [{ role: 'user', content: 'think' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'more' }] });
    const forged = await client.responses
      .create({ model: 'gpt-5.1', input: [{ type: 'reasoning', id: 'rs_x', summary: [], encrypted_content: 'swb1:claude-sig' }, { role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect((forged as BadRequestError).code).toBe('invalid_encrypted_content');
    const missing = await client.responses.create({ model: 'gpt-5.1', input: [{ type: 'reasoning', id: 'rs_x', summary: [] }, { role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
  });

  it('refuses members the Responses API does not know, as OpenAI does', async () => {
    const error = await client.responses.create({ model: 'gpt-5.1', input: 'x', stream_usage: true } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe('stream_usage');
  });

  it('fails a stream mid-way with an error event the SDK raises', async () => {
    fake.enqueue({ kind: 'stream-fail', afterChunks: 1, mode: 'error-event', errorMessage: 'boom' });
    const stream = await client.responses.create({ model: 'gpt-5.1', input: 'a b c d', stream: true });
    const error = await (async () => {
      for await (const _ of stream) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toContain('boom');
  });
});
