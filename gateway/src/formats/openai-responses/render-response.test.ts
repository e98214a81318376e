import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../canonical/types';
import type { RenderContext } from '../types';
import { parseResponsesRequest } from './parse-request';
import { renderResponse } from './render-response';

const usage = { inputTokens: 10, outputTokens: 7, cachedInputTokens: 4, cacheWriteTokens: 1, reasoningTokens: 3 };
const answer = (over: Partial<ChatResponse>): ChatResponse => ({ id: 'x', model: 'claude-haiku-4-5', content: [], finishReason: 'stop', usage, ...over });
const ctx = (body: Record<string, unknown> = {}): RenderContext => ({
  model: 'fast',
  created: 1_700_000_000,
  includeUsage: true,
  request: parseResponsesRequest(Object.assign({ model: 'fast', input: 'hi' }, body)),
});

describe('renderResponse', () => {
  it('renders a text answer as one completed assistant message with usage in Responses terms', () => {
    const body = renderResponse(answer({ content: [{ type: 'text', text: 'Hello' }, { type: 'text', text: ' there' }] }), ctx());
    expect(body).toMatchObject({
      object: 'response',
      created_at: 1_700_000_000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'fast',
      store: false,
      previous_response_id: null,
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello there', annotations: [] }] }],
      usage: {
        input_tokens: 15,
        input_tokens_details: { cached_tokens: 4, cache_write_tokens: 1 },
        output_tokens: 7,
        output_tokens_details: { reasoning_tokens: 3 },
        total_tokens: 22,
      },
    });
    expect(body.id).toMatch(/^resp_[0-9a-f]{48}$/);
    expect((body.output as Array<{ id: string }>)[0]?.id).toMatch(/^msg_/);
    expect(body).not.toHaveProperty('output_text');
  });

  it('renders thinking as a reasoning summary and tool calls as function_call items keyed by the provider call id', () => {
    const body = renderResponse(answer({
      finishReason: 'tool_calls',
      content: [
        { type: 'thinking', text: 'Need the weather.', signature: 'sig' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}' },
      ],
    }), ctx({ include: ['reasoning.encrypted_content'] }));
    expect(body.status).toBe('completed');
    expect(body.output).toMatchObject([
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Need the weather.' }], encrypted_content: 'swb1:sig' },
      { type: 'message', content: [{ type: 'output_text', text: 'Checking.' }] },
      { type: 'function_call', status: 'completed', call_id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}' },
    ]);
    const [reasoning, , call] = body.output as Array<{ id: string }>;
    // Encrypted content only for a client that asked to keep it, as from the API.
    const plain = renderResponse(answer({ content: [{ type: 'thinking', text: 'Hmm.', signature: 'sig' }, { type: 'thinking', text: '', signature: 'gem' }] }), ctx());
    expect(plain.output).toEqual([{ id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [{ type: 'summary_text', text: 'Hmm.' }] }]);
    expect(reasoning?.id).toMatch(/^rs_/);
    expect(call?.id).toMatch(/^fc_/);
  });

  it('reports an answer cut at the token limit or filtered as incomplete, with the reason', () => {
    const cut = renderResponse(answer({ finishReason: 'length', content: [{ type: 'text', text: 'Once upon' }] }), ctx());
    expect(cut).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ status: 'incomplete' }] });
    expect(renderResponse(answer({ finishReason: 'content_filter' }), ctx())).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } });
  });

  it('echoes the request settings the SDKs read back', () => {
    const body = renderResponse(answer({ content: [{ type: 'text', text: '{}' }] }), ctx({
      instructions: 'Be brief.',
      tools: [{ type: 'function', name: 'weather', parameters: { type: 'object' } }],
      tool_choice: 'required',
      temperature: 0.3,
      max_output_tokens: 100,
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' } } },
      metadata: { run: '1' },
    }));
    expect(body).toMatchObject({
      instructions: 'Be brief.',
      tools: [{ type: 'function', name: 'weather', description: null, parameters: { type: 'object' }, strict: null }],
      tool_choice: 'required',
      temperature: 0.3,
      top_p: 1,
      max_output_tokens: 100,
      parallel_tool_calls: true,
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' } } },
      metadata: { run: '1' },
    });
    expect(renderResponse(answer({}), ctx())).toMatchObject({ instructions: null, tools: [], tool_choice: 'auto', text: { format: { type: 'text' } }, metadata: {} });
  });
});
