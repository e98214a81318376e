import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../errors/gateway-error';
import { createResponsesStreamParser } from './stream-parser';

/** An SSE event as OpenAI sends it: the type as the event name and in the data, numbered. */
const event = (type: string, fields: Record<string, unknown>, n = 0) => ({ event: type, data: JSON.stringify({ type, sequence_number: n, ...fields }) });

const completed = (status: string, output: unknown[], extra: Record<string, unknown> = {}) =>
  event('response.completed', {
    response: {
      id: 'resp_1',
      object: 'response',
      status,
      output,
      usage: { input_tokens: 120, input_tokens_details: { cached_tokens: 100 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 12 }, total_tokens: 150 },
      ...extra,
    },
  });

describe('createResponsesStreamParser', () => {
  it('reads the start, text, reasoning summary, a function call and the usage of the completed response', () => {
    const parser = createResponsesStreamParser();
    const events = [
      event('response.created', { response: { id: 'resp_1', model: 'gpt-5.1-2025-11-13', status: 'in_progress', output: [] } }),
      event('response.in_progress', { response: { id: 'resp_1' } }),
      event('response.reasoning_summary_text.delta', { item_id: 'rs_1', output_index: 0, summary_index: 0, delta: 'Thinking' }),
      event('response.output_text.delta', { item_id: 'msg_1', output_index: 1, content_index: 0, delta: 'Hi', logprobs: [] }),
      event('response.output_item.added', { output_index: 2, item: { id: 'fc_1', type: 'function_call', status: 'in_progress', call_id: 'call_1', name: 'get_weather', arguments: '' } }),
      event('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 2, delta: '{"city":' }),
      event('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 2, delta: '"Paris"}' }),
      completed('completed', [{ type: 'function_call' }]),
    ].flatMap((e) => parser.push(e));
    expect(events).toEqual([
      { type: 'start', id: 'resp_1', model: 'gpt-5.1-2025-11-13' },
      { type: 'thinking', text: 'Thinking' },
      { type: 'text', text: 'Hi' },
      { type: 'tool-call-start', index: 2, id: 'call_1', name: 'get_weather' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
      { type: 'usage', usage: { inputTokens: 20, cachedInputTokens: 100, cacheWriteTokens: 0, outputTokens: 30, reasoningTokens: 12 } },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
    expect(parser.end()).toEqual([]);
  });

  it('finishes an incomplete response at the token limit as length', () => {
    const parser = createResponsesStreamParser();
    const out = parser.push({ ...completed('incomplete', [], { incomplete_details: { reason: 'max_output_tokens' } }), event: 'response.incomplete' });
    expect(out.at(-1)).toEqual({ type: 'finish', finishReason: 'length' });
  });

  it("throws OpenAI's error event and a failed response with their code and message", () => {
    const parser = createResponsesStreamParser();
    const thrown = (fn: () => unknown): GatewayError => {
      try {
        fn();
      } catch (error) {
        if (error instanceof GatewayError) return error;
      }
      throw new Error('expected a GatewayError');
    };
    const error = thrown(() => parser.push(event('error', { code: 'rate_limit_exceeded', message: 'Slow down', param: null })));
    expect(error).toMatchObject({ kind: 'rate_limit', code: 'rate_limit_exceeded', message: 'Slow down' });
    const failed = thrown(() => parser.push(event('response.failed', { response: { id: 'resp_1', status: 'failed', error: { code: 'server_error', message: 'The model failed' } } })));
    expect(failed).toMatchObject({ status: 502, code: 'server_error', message: 'The model failed', retryable: true });
  });

  it('says a stream that ended before its terminal event was cut short', () => {
    const parser = createResponsesStreamParser();
    parser.push(event('response.created', { response: { id: 'resp_1', model: 'gpt-5.1' } }));
    expect(() => parser.end()).toThrow(/before it was complete/);
  });
});
