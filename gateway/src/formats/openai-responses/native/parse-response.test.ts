import { describe, expect, it } from 'vitest';
import { parseResponsesObject } from './parse-response';

describe('parseResponsesObject', () => {
  it("reads OpenAI's response: reasoning summary, text, function call, usage", () => {
    const response = parseResponsesObject({
      id: 'resp_1',
      object: 'response',
      model: 'gpt-5.1-2025-11-13',
      status: 'completed',
      output: [
        { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Look it up.' }], encrypted_content: 'gAAAA' },
        { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
        { id: 'fc_1', type: 'function_call', status: 'completed', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
      usage: { input_tokens: 20, input_tokens_details: { cached_tokens: 0 }, output_tokens: 9, output_tokens_details: { reasoning_tokens: 4 }, total_tokens: 29 },
    });
    expect(response).toEqual({
      id: 'resp_1',
      model: 'gpt-5.1-2025-11-13',
      content: [
        { type: 'thinking', text: 'Look it up.' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
      finishReason: 'tool_calls',
      usage: { inputTokens: 20, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 9, reasoningTokens: 4 },
    });
  });

  it('refuses a body that is no response', () => {
    expect(() => parseResponsesObject({ error: { message: 'x' } })).toThrow(/cannot read/);
  });
});
