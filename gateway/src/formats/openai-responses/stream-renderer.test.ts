import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import type { RenderContext } from '../types';
import { createResponsesStreamRenderer } from './stream-renderer';

const ctx: RenderContext = { model: 'fast', created: 1_700_000_000, includeUsage: true };
/** For a client that asked for `include: ["reasoning.encrypted_content"]`. */
const keeping: RenderContext = Object.assign({}, ctx, { request: { model: 'fast', system: [], messages: [], stream: true, streamUsage: true, includeSignatures: true } });

interface Frame { event: string; data: Record<string, unknown> }

/** The frames a stream renders for these events, each with its `event:` line and JSON data. */
function render(events: StreamEvent[], end: 'end' | GatewayError = 'end', context = ctx): Frame[] {
  const renderer = createResponsesStreamRenderer(context);
  let text = events.map((event) => renderer.push(event)).join('');
  text += end === 'end' ? renderer.end() : renderer.error(end);
  return text.split('\n\n').filter((frame) => frame !== '').map((frame) => {
    const [eventLine, dataLine, ...rest] = frame.split('\n');
    expect(rest).toEqual([]);
    expect(eventLine).toMatch(/^event: /);
    const data = JSON.parse((dataLine ?? '').replace(/^data: /, '')) as Record<string, unknown>;
    expect(data.type).toBe(eventLine?.slice('event: '.length));
    return { event: data.type as string, data };
  });
}

describe('createResponsesStreamRenderer', () => {
  it('streams a text answer in the order the API does, numbering every event', () => {
    const frames = render([
      { type: 'start', id: 'x', model: 'm', usage: { inputTokens: 5 } },
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'finish', finishReason: 'stop' },
      { type: 'usage', usage: { outputTokens: 2 } },
    ]);
    expect(frames.map((f) => f.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(frames.map((f) => f.data.sequence_number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const created = frames[0]?.data.response as Record<string, unknown>;
    expect(created).toMatchObject({ object: 'response', status: 'in_progress', output: [], usage: null, model: 'fast' });
    const itemId = (frames[2]?.data.item as { id: string }).id;
    expect(frames[4]?.data).toMatchObject({ item_id: itemId, output_index: 0, content_index: 0, delta: 'Hel' });
    expect(frames[6]?.data).toMatchObject({ item_id: itemId, text: 'Hello' });
    expect(frames[8]?.data.item).toMatchObject({ id: itemId, type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'Hello' }] });
    expect(frames[9]?.data.response).toMatchObject({
      id: created.id,
      status: 'completed',
      output: [{ id: itemId, content: [{ text: 'Hello' }] }],
      usage: { input_tokens: 5, output_tokens: 2, total_tokens: 7 },
    });
  });

  it('streams reasoning as a summary item and tool calls as function_call items with argument deltas', () => {
    const frames = render([
      { type: 'thinking', text: 'Weather ' },
      { type: 'thinking', text: 'needed.' },
      { type: 'thinking-signature', signature: 'sig' },
      { type: 'tool-call-start', index: 1, id: 'toolu_1', name: 'weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '"Paris"}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ], 'end', keeping);
    expect(frames.map((f) => f.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(frames[6]?.data).toMatchObject({ output_index: 0, summary_index: 0, text: 'Weather needed.' });
    // The signature rides along as encrypted content, for the client to send back.
    expect(frames[8]?.data.item).toMatchObject({ type: 'reasoning', encrypted_content: 'swb1:sig' });
    expect(frames[9]?.data).toMatchObject({ output_index: 1, item: { type: 'function_call', status: 'in_progress', call_id: 'toolu_1', name: 'weather', arguments: '' } });
    expect(frames[12]?.data).toMatchObject({ output_index: 1, name: 'weather', arguments: '{"city":"Paris"}' });
    expect(frames[14]?.data.response).toMatchObject({
      status: 'completed',
      output: [{ type: 'reasoning', summary: [{ text: 'Weather needed.' }] }, { type: 'function_call', status: 'completed', arguments: '{"city":"Paris"}' }],
    });
  });

  it('gives a signature with no thinking before it (Gemini signs function calls) a reasoning item of its own', () => {
    const events: StreamEvent[] = [
      { type: 'thinking-signature', signature: 'gem-sig' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ];
    const frames = render(events, 'end', keeping);
    expect(frames.at(-1)?.data.response).toMatchObject({
      output: [{ type: 'reasoning', summary: [{ text: '' }], encrypted_content: 'swb1:gem-sig' }, { type: 'function_call', call_id: 'call_1' }],
    });
    // A client that did not ask to keep reasoning state gets no encrypted content, as from the API.
    const plain = render(events);
    expect((plain.at(-1)?.data.response as { output: unknown[] }).output).toMatchObject([{ type: 'function_call' }]);
  });

  it('ends an answer cut at the token limit with response.incomplete', () => {
    const frames = render([{ type: 'text', text: 'Once' }, { type: 'finish', finishReason: 'length' }]);
    const last = frames.at(-1);
    expect(last?.event).toBe('response.incomplete');
    expect(last?.data.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ status: 'incomplete' }] });
  });

  it('ends a stream that failed after it began with an error event in OpenAI terms, then response.failed', () => {
    const failure = new GatewayError('upstream', 'Provider "anthropic" stream broke', { status: 502, code: 'upstream_stream_error' });
    const frames = render([{ type: 'text', text: 'Hi' }], failure);
    const [errorEvent, failed] = frames.slice(-2);
    expect(frames.map((f) => f.event)).not.toContain('response.completed');
    expect(failed?.event).toBe('response.failed');
    expect(failed?.data.response).toMatchObject({
      status: 'failed',
      error: { code: 'upstream_stream_error', message: 'Provider "anthropic" stream broke' },
      output: [{ type: 'message', content: [{ text: 'Hi' }] }],
    });
    expect(errorEvent?.data).toMatchObject({
      type: 'error',
      code: 'upstream_stream_error',
      message: 'Provider "anthropic" stream broke',
      param: null,
      error: { type: 'api_error', code: 'upstream_stream_error', message: 'Provider "anthropic" stream broke' },
    });
    expect(failed?.data.sequence_number).toBe(frames.length - 1);
  });
});
