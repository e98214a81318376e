import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeProvider } from '../fakes';
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

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

/**
 * Each route, the provider it names and the fake behind it: the Responses API is translated to
 * every provider but OpenAI itself (responses-native.test.ts), Azure's chat completions included.
 */
const routes: Array<{ alias: string; provider: string; model: string; fake: 'anthropic' | 'gemini' | 'openai' }> = [
  { alias: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-5', fake: 'anthropic' },
  { alias: 'gem', provider: 'gemini', model: 'gemini-2.5-flash', fake: 'gemini' },
  { alias: 'az', provider: 'azure', model: 'prod-gpt4o', fake: 'openai' },
];

describe.each(routes)('OpenAI SDK responses → $provider ($alias)', ({ alias, provider, model, fake: fakeName }) => {
  const fake = (): FakeProvider => h[fakeName];

  it('answers responses.create with a completed response, usage and the headers that say who served it', async () => {
    const { data, response, request_id: requestId } = await client.responses.create({ model: alias, instructions: 'Be brief.', input: 'hello there' }).withResponse();
    expect(data.output_text).toBe('echo: hello there');
    expect(data).toMatchObject({ object: 'response', status: 'completed', store: false, instructions: 'Be brief.' });
    expect(data.id).toMatch(/^resp_/);
    expect(data.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(data.usage?.input_tokens).toBeGreaterThan(0);
    expect(data.usage?.total_tokens).toBe((data.usage?.input_tokens ?? 0) + (data.usage?.output_tokens ?? 0));
    expect(response.headers.get('x-switchboard-provider')).toBe(provider);
    expect(response.headers.get('x-switchboard-model')).toBe(model);
    expect(requestId).toMatch(/^req_/);
    // Translated: the provider got its own API, never a Responses body.
    expect(fake().requests.at(-1)?.path).not.toContain('/responses');
    const row = await eventually(async () => {
      const logged = await h.gateway.logs.get(requestId ?? '');
      if (!logged) throw new Error('not logged yet');
      return logged;
    });
    expect(row).toMatchObject({ endpoint: 'responses', alias, status: 200 });
  });

  it('streams with responses.stream: text deltas in order, then the final response', async () => {
    const stream = client.responses.stream({ model: alias, input: [{ role: 'user', content: 'count to three' }] });
    let text = '';
    const types: string[] = [];
    stream.on('event', (event) => types.push(event.type));
    stream.on('response.output_text.delta', (event) => (text += event.delta));
    const final = await stream.finalResponse();
    expect(text).toBe('echo: count to three');
    expect(final.output_text).toBe('echo: count to three');
    expect(final.status).toBe('completed');
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types.at(-1)).toBe('response.completed');
  });

  it('runs a function tool round trip: function_call out, function_call_output back by call_id', async () => {
    fake().enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.responses.create({ model: alias, input, tools: [weatherTool] });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });

    fake().enqueue({ kind: 'reply', text: 'It is 18C in Paris.' });
    const second = await client.responses.create({
      model: alias,
      tools: [weatherTool],
      // The output items go back as they came, the way the SDK's docs show a tool loop.
      input: [...input, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: '{"temp":"18C"}' }],
    });
    expect(second.output_text).toBe('It is 18C in Paris.');
    // The provider saw the call and its result, linked, in its own format.
    const sent = JSON.stringify(fake().requests.at(-1)?.body);
    expect(sent).toContain('get_weather');
    expect(sent).toContain('18C');
  });

  it('streams a function call as argument deltas the SDK assembles', async () => {
    fake().enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' } }] });
    const stream = client.responses.stream({ model: alias, input: 'Weather in Rome?', tools: [weatherTool] });
    let args = '';
    stream.on('response.function_call_arguments.delta', (event) => (args += event.delta));
    const final = await stream.finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ name: 'get_weather' });
    expect(JSON.parse(args)).toEqual({ city: 'Rome' });
  });

  it('passes a provider error on in OpenAI shape', async () => {
    fake().enqueue({ kind: 'error', status: 429, message: 'slow down' });
    const error = await client.responses.create({ model: alias, input: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).requestID).toMatch(/^req_/);
  });
});

describe('OpenAI SDK responses: reasoning through a tool loop', () => {
  /** One tool round trip with reasoning on, the output items sent back as they came. */
  async function loop(alias: string): Promise<void> {
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.responses.create({ model: alias, input, tools: [weatherTool], reasoning: { effort: 'low' }, include: ['reasoning.encrypted_content'] });
    // The provider's signature rides in a reasoning item's encrypted content.
    const signed = first.output.find((item) => item.type === 'reasoning' && item.encrypted_content != null);
    expect(signed?.type === 'reasoning' ? signed.encrypted_content : undefined).toMatch(/^swb1:/);
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    await client.responses.create({
      model: alias,
      tools: [weatherTool],
      reasoning: { effort: 'low' },
      input: [...input, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: '18C' }],
    });
  }

  it("keeps Claude thinking after the tool result: its signed thinking goes back first in the assistant turn", async () => {
    h.anthropic.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    await loop('claude');
    const sent = h.anthropic.requests.at(-1)?.body as { thinking?: unknown; messages: Array<{ role: string; content: Array<{ type: string; signature?: string }> }> };
    expect(sent.thinking).toBeDefined();
    expect(sent.messages[1]?.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(sent.messages[1]?.content[0]?.signature).toBeTruthy();
  });

  it("returns Gemini's thought signature on the function call it signed", async () => {
    h.gemini.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    await loop('gem');
    const sent = h.gemini.requests.at(-1)?.body as { contents: Array<{ role: string; parts: Array<{ functionCall?: unknown; thoughtSignature?: string }> }> };
    const model = sent.contents.find((content) => content.role === 'model');
    const signed = model?.parts.find((part) => part.functionCall !== undefined);
    expect(signed?.thoughtSignature).toBeTruthy();
    expect(signed?.thoughtSignature).not.toBe('skip_thought_signature_validator');
  });
});

describe('OpenAI SDK responses: routing', () => {
  it('falls back to the next target when the first answers 503, and says so in the headers', async () => {
    h.anthropic.enqueue({ kind: 'error', status: 503, message: 'overloaded' });
    const { data, response } = await client.responses.create({ model: 'workhorse', input: 'are you there' }).withResponse();
    expect(data.output_text).toBe('echo: are you there');
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
  });
});

describe('OpenAI SDK responses: what only OpenAI takes, refused for other providers', () => {
  it('refuses previous_response_id with a 400 that says to send the whole conversation', async () => {
    const error = await client.responses.create({ model: 'claude', input: 'and then?', previous_response_id: 'resp_123' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const bad = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(bad.param).toBe('previous_response_id');
    expect(bad.type).toBe('invalid_request_error');
    expect(bad.message).toContain('send the whole conversation');
    expect(h.anthropic.requests).toHaveLength(0);
  });

  it('refuses hosted tools by name', async () => {
    const error = await client.responses.create({ model: 'claude', input: 'news?', tools: [{ type: 'web_search' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('tools.0.type');
    expect(h.anthropic.requests).toHaveLength(0);
  });

  it('answers retrieve and delete of an id no provider stored through it with a 404 saying so', async () => {
    for (const call of [() => client.responses.retrieve('resp_123'), () => client.responses.delete('resp_123')]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as Error).message).toContain('no provider stored a response with this id for this key through the gateway');
    }
  });

  it('names the field at fault for a malformed item', async () => {
    const error = await client.responses
      .create({ model: 'gpt', input: [{ type: 'function_call_output', output: 'x' } as unknown as OpenAI.Responses.ResponseInputItem] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('input.0.call_id');
  });
});

describe('OpenAI SDK responses: a stream that fails after it began', () => {
  it('ends with an error event the SDK raises as an APIError, after the text already sent', async () => {
    h.anthropic.enqueue({ kind: 'stream-fail', afterChunks: 2, mode: 'error-event' });
    const stream = await client.responses.create({ model: 'claude', input: 'tell me a long story', stream: true });
    const seen: number[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.sequence_number);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('Overloaded');
    // Every event before the failure arrived, numbered without a gap.
    expect(seen).toEqual(seen.map((_, i) => i));
    expect(seen.length).toBeGreaterThan(2);
  });
});
