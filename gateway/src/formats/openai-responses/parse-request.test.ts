import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error';
import { inspectResponsesRequest, parseResponsesRequest } from './parse-request';

/** The 400 a body is refused with. */
function refusal(body: unknown): GatewayError {
  try {
    parseResponsesRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('parseResponsesRequest', () => {
  it('takes a string input as one user message and instructions as the system prompt', () => {
    const request = parseResponsesRequest({ model: 'fast', input: 'Hello', instructions: 'Be brief.' });
    expect(request).toEqual({
      model: 'fast',
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      stream: false,
      streamUsage: false,
    });
  });

  it('reads message items of every role, with text, images and assistant history', () => {
    const request = parseResponsesRequest({
      model: 'fast',
      input: [
        { role: 'developer', content: 'Answer in French.' },
        { type: 'message', role: 'user', content: [
          { type: 'input_text', text: 'What is this?' },
          { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
          { type: 'input_image', image_url: 'https://example.com/cat.png' },
        ] },
        { type: 'message', role: 'assistant', id: 'msg_1', status: 'completed', content: [{ type: 'output_text', text: 'Un chat.', annotations: [] }] },
        { role: 'user', content: 'Merci' },
      ],
    });
    expect(request.system).toEqual([{ type: 'text', text: 'Answer in French.' }]);
    expect(request.messages).toEqual([
      { role: 'user', content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
      ] },
      { role: 'assistant', content: [{ type: 'text', text: 'Un chat.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Merci' }] },
    ]);
  });

  it('links function calls and their outputs by call_id, one assistant turn and one user turn of results', () => {
    const request = parseResponsesRequest({
      model: 'fast',
      input: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Two cities.' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_a', name: 'weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', id: 'fc_2', call_id: 'call_b', name: 'weather', arguments: '{"city":"Rome"}' },
        { type: 'function_call_output', call_id: 'call_a', output: '18C' },
        { type: 'function_call_output', call_id: 'call_b', output: [{ type: 'input_text', text: '24C' }] },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      { role: 'assistant', content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'call_a', name: 'weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', id: 'call_b', name: 'weather', arguments: '{"city":"Rome"}' },
      ] },
      { role: 'user', content: [
        { type: 'tool-result', toolCallId: 'call_a', name: 'weather', content: [{ type: 'text', text: '18C' }] },
        { type: 'tool-result', toolCallId: 'call_b', name: 'weather', content: [{ type: 'text', text: '24C' }] },
      ] },
    ]);
  });

  it("sends back reasoning the gateway signed, as signed thinking first in its turn, and drops other reasoning", () => {
    const request = parseResponsesRequest({
      model: 'fast',
      input: [
        { role: 'user', content: 'Weather?' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Need the weather.' }], encrypted_content: 'swb1:sig-1' },
        { type: 'function_call', call_id: 'toolu_1', name: 'weather', arguments: '{}' },
        { type: 'function_call_output', call_id: 'toolu_1', output: '18C' },
        { type: 'reasoning', summary: [], encrypted_content: 'gAAAAB-openai-own-blob' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'It is 18C.' }] },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      { role: 'assistant', content: [
        { type: 'thinking', text: 'Need the weather.', signature: 'sig-1' },
        { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{}' },
      ] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'toolu_1', name: 'weather', content: [{ type: 'text', text: '18C' }] }] },
      { role: 'assistant', content: [{ type: 'text', text: 'It is 18C.' }] },
    ]);
  });

  it('maps tools, tool_choice, sampling, limits, structured output, effort, user and metadata', () => {
    const request = parseResponsesRequest({
      model: 'fast',
      input: 'hi',
      tools: [
        { type: 'function', name: 'weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
        { type: 'function', name: 'now', parameters: null },
      ],
      tool_choice: { type: 'function', name: 'weather' },
      parallel_tool_calls: false,
      max_output_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
      reasoning: { effort: 'xhigh', summary: 'auto' },
      safety_identifier: 'user-7',
      metadata: { run: '1' },
      store: false,
      include: ['reasoning.encrypted_content'],
      stream: true,
    });
    expect(request).toMatchObject({
      tools: [
        { name: 'weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
        { name: 'now', parameters: { type: 'object', properties: {} } },
      ],
      toolChoice: { type: 'tool', name: 'weather' },
      parallelToolCalls: false,
      maxTokens: 500,
      temperature: 0.2,
      topP: 0.9,
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
      thinking: { effort: 'high' },
      user: 'user-7',
      metadata: { run: '1' },
      includeSignatures: true,
      stream: true,
      streamUsage: true,
    });
    expect(parseResponsesRequest({ model: 'm', input: 'x', tool_choice: 'required', text: { format: { type: 'json_object' } } })).toMatchObject({
      toolChoice: { type: 'required' },
      responseFormat: { type: 'json_object' },
    });
    expect(parseResponsesRequest({ model: 'm', input: 'x', reasoning: { effort: 'none' } }).thinking).toBeUndefined();
  });

  it('notes stored state as only OpenAI\'s: the request still parses, for a native call, and a translation is refused with a 400 that says why', () => {
    for (const [field, value] of [['previous_response_id', 'resp_1'], ['conversation', 'conv_1'], ['prompt', { id: 'pmpt_1' }]] as const) {
      const { request, untranslatable } = inspectResponsesRequest({ model: 'm', input: 'and then?', [field]: value });
      expect(request.messages).toHaveLength(1);
      expect(untranslatable?.status).toBe(400);
      expect(untranslatable?.code).toBe('untranslatable_content');
      expect(untranslatable?.param).toBe(field);
      expect(untranslatable?.message).toContain('OpenAI provider (type: openai, or azure with nativeResponses)');
    }
    expect(refusal({ model: 'm', input: 'x', previous_response_id: 'resp_1' }).message).toContain('send the whole conversation');
    // Nothing but what OpenAI stored is still a request: OpenAI has the rest.
    expect(inspectResponsesRequest({ model: 'm', prompt: { id: 'pmpt_1' } }).untranslatable?.param).toBe('prompt');
    expect(inspectResponsesRequest({ model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] }).untranslatable?.param).toBe('input.0');
  });

  it('notes a background run as untranslatable: only OpenAI can run it and answer its polling', () => {
    const { request, untranslatable } = inspectResponsesRequest({ model: 'm', input: 'x', background: true });
    expect(request.messages).toHaveLength(1);
    expect(untranslatable).toMatchObject({ param: 'background', code: 'untranslatable_content' });
    expect(untranslatable?.message).toContain('use `stream: true` for long answers');
  });

  it('notes hosted and custom tools, their items, OpenAI tool choices and files as untranslatable, and parses the rest', () => {
    const { request, untranslatable } = inspectResponsesRequest({ model: 'm', input: 'x', tools: [{ type: 'function', name: 'f' }, { type: 'web_search' }] });
    expect(request.tools?.map((tool) => tool.name)).toEqual(['f']);
    expect(untranslatable?.param).toBe('tools.1.type');
    expect(untranslatable?.message).toContain("'web_search'");
    expect(refusal({ model: 'm', input: 'x', tools: [{ type: 'custom', name: 'apply_patch' }] }).message).toContain("declare it as a 'function' tool");
    expect(refusal({ model: 'm', input: [{ type: 'computer_call_output', call_id: 'c' }] }).param).toBe('input.0.type');
    expect(refusal({ model: 'm', input: 'x', tool_choice: { type: 'web_search_preview' } }).param).toBe('tool_choice');
    expect(refusal({ model: 'm', input: 'x', tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] } }).param).toBe('tool_choice');
    expect(refusal({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file_1' }] }] }).param).toBe('input.0.content.0');
    expect(refusal({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }] }).message).toContain('file_id');
    // Still a client error, not something to send OpenAI: a function tool without its name.
    const bad = refusal({ model: 'm', input: 'x', tools: [{ type: 'function' }] });
    expect(bad.param).toBe('tools.0.name');
    expect(bad.code).not.toBe('untranslatable_content');
  });

  it('reads text.verbosity and service_tier', () => {
    expect(parseResponsesRequest({ model: 'm', input: 'x', text: { verbosity: 'low' }, service_tier: 'flex' })).toMatchObject({ verbosity: 'low', serviceTier: 'flex' });
    expect(refusal({ model: 'm', input: 'x', service_tier: 'turbo' }).param).toBe('service_tier');
  });

  it('names the field at fault for a malformed body', () => {
    expect(refusal({ input: 'x' }).param).toBe('model');
    const badItem = refusal({ model: 'm', input: [{ role: 'user', content: 'ok' }, { type: 'function_call', call_id: 'c', arguments: '{}' }] });
    expect(badItem.param).toBe('input.1.name');
    expect(badItem.message).toContain("'input.1.name'");
    expect(refusal({ model: 'm', input: [{ role: 'robot', content: 'x' }] }).param).toBe('input.0.role');
    expect(refusal({ model: 'm', input: '' }).param).toBe('input');
    expect(refusal({ model: 'm', input: 'x', max_output_tokens: 0 }).param).toBe('max_output_tokens');
  });
});
