import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error';
import { commonCompletion, completionSchema, parseChatCompletion } from './parse-response';
import { openaiProviderFormat } from './provider-format';

const parse = openaiProviderFormat.parseResponse;

describe('parseResponse', () => {
  it('reads an OpenAI chat.completion with tool calls and detailed usage', () => {
    const out = parse({
      id: 'chatcmpl-B9',
      object: 'chat.completion',
      created: 1741569952,
      model: 'gpt-4.1-2025-04-14',
      choices: [{
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      }],
      usage: {
        prompt_tokens: 120,
        completion_tokens: 30,
        total_tokens: 150,
        prompt_tokens_details: { cached_tokens: 100, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 10, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
    });
    expect(out).toEqual({
      id: 'chatcmpl-B9',
      model: 'gpt-4.1-2025-04-14',
      content: [{ type: 'tool-call', id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }],
      finishReason: 'tool_calls',
      usage: { inputTokens: 20, cachedInputTokens: 100, cacheWriteTokens: 0, outputTokens: 30, reasoningTokens: 10 },
    });
  });

  it('reads reasoning_content (DeepSeek) before the text', () => {
    const out = parse({
      id: 'x', model: 'deepseek-reasoner',
      choices: [{ message: { content: 'Four.', reasoning_content: '2+2=4' }, finish_reason: 'stop' }],
    });
    expect(out.content).toEqual([{ type: 'thinking', text: '2+2=4' }, { type: 'text', text: 'Four.' }]);
  });

  it("reads Magistral's thinking parts as thinking before its text parts", () => {
    const out = parse({
      id: 'x', model: 'magistral-medium-2509',
      choices: [{ message: { content: [{ type: 'thinking', thinking: [{ type: 'text', text: '2+2=4' }] }, { type: 'text', text: 'Four.' }] }, finish_reason: 'stop' }],
    });
    expect(out.content).toEqual([{ type: 'thinking', text: '2+2=4' }, { type: 'text', text: 'Four.' }]);
  });

  it('accepts object arguments and a missing id from lax servers', () => {
    const out = parse({
      model: 'llama3',
      choices: [{ message: { content: '', tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }] }, finish_reason: 'stop' }],
    });
    expect(out.content).toEqual([{ type: 'tool-call', id: 'call_0', name: 'f', arguments: '{"a":1}' }]);
    expect(out.finishReason).toBe('tool_calls');
    expect(out.id).toMatch(/^chatcmpl-/);
  });

  it('turns a structured-output refusal into text with a refusal finish', () => {
    const out = parse({ id: 'x', model: 'm', choices: [{ message: { content: null, refusal: "I can't help." }, finish_reason: 'stop' }] });
    expect(out.content).toEqual([{ type: 'text', text: "I can't help." }]);
    expect(out.finishReason).toBe('refusal');
  });

  it.each([
    ['no choices', { id: 'x', choices: [] }],
    ['not an object', 'oops'],
    ['a choice without a message', { choices: [{ finish_reason: 'stop' }] }],
  ])('refuses a body with %s as a bad upstream response', (_label, body) => {
    let caught: unknown;
    try {
      parse(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect((caught as GatewayError).kind).toBe('upstream');
    expect((caught as GatewayError).code).toBe('bad_upstream_response');
  });
});

describe('the common answer read by hand', () => {
  const message = (fields: Record<string, unknown>) => ({ id: 'chatcmpl-1', model: 'gpt-4o-mini', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', ...fields } }], usage: { prompt_tokens: 3, completion_tokens: 2 } });
  const bodies: Array<[string, unknown]> = [
    ['text', message({ content: 'Hi.', refusal: null, annotations: [] })],
    ['no content', message({ content: null })],
    ['reasoning', message({ content: 'Yes.', reasoning_content: 'Think.' })],
    ['reasoning (OpenRouter name)', message({ content: 'Yes.', reasoning: 'Think.' })],
    ['refusal', message({ content: null, refusal: 'I cannot.' })],
    ['null id and model, no usage', { id: null, model: null, choices: [{ finish_reason: null, message: { content: 'x' } }] }],
    ['content parts', message({ content: [{ type: 'text', text: 'a' }, { type: 'thinking', text: 'b' }] })],
    ['tool calls', message({ content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] })],
    ['a legacy function call', message({ function_call: { name: 'f', arguments: { a: 1 } } })],
    ['a numeric reasoning field', message({ content: 'x', reasoning: 42 })],
    ['two choices', { choices: [{ message: { content: 'a' } }, { message: { content: 'b' } }] }],
    ['no choices', { choices: [] }],
    ['a numeric id', { id: 7, choices: [{ message: { content: 'a' } }] }],
    ['a message that is a string', { choices: [{ message: 'hi' }] }],
    ['a finish reason that is a number', { choices: [{ finish_reason: 1, message: { content: 'a' } }] }],
    ['not an object', ['choices']],
  ];

  it.each(bodies)('reads %s exactly as the schema does, or leaves it to the schema', (_name, body) => {
    const byHand = commonCompletion(body);
    const bySchema = completionSchema.safeParse(body);
    if (byHand !== undefined) expect(byHand).toEqual(bySchema.success ? bySchema.data : 'the schema refuses it');
  });

  it('takes the common answers by hand, and leaves the rest to the schema', () => {
    const taken = bodies.filter(([, body]) => commonCompletion(body) !== undefined).map(([name]) => name);
    expect(taken).toEqual(['text', 'no content', 'reasoning', 'reasoning (OpenRouter name)', 'refusal', 'null id and model, no usage']);
  });

  it('gives the same canonical answer either way', () => {
    const body = message({ content: 'Hello.', reasoning_content: 'Greet.', refusal: null });
    const viaSchema = completionSchema.parse(body);
    expect(parseChatCompletion(body)).toEqual({
      id: 'chatcmpl-1',
      model: 'gpt-4o-mini',
      content: [{ type: 'thinking', text: 'Greet.' }, { type: 'text', text: 'Hello.' }],
      finishReason: 'stop',
      usage: { inputTokens: 3, outputTokens: 2, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    });
    expect(viaSchema.choices[0]?.message.reasoning_content).toBe('Greet.');
  });
});
