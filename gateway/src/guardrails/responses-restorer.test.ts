import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../sse/decoder';
import { restoreResponseBody } from './restore-response';
import { createSseRestorer } from './sse-restorer';
import { Vault } from './vault';

function vault(): Vault {
  const v = new Vault();
  v.placeholderFor('EMAIL', 'jane@example.com');
  v.placeholderFor('NOTE', 'say "hi"');
  return v;
}

const event = (type: string, n: number, fields: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, sequence_number: n, ...fields }) });
const json = (e: SseEvent): Record<string, unknown> => JSON.parse(e.data) as Record<string, unknown>;

describe("restoring OpenAI's own Responses answers", () => {
  it('puts the values back into message text and function arguments of a response body', () => {
    const body = {
      object: 'response',
      output: [
        { type: 'reasoning', summary: [] },
        { type: 'message', content: [{ type: 'output_text', text: 'Mail [EMAIL_1]', annotations: [] }] },
        { type: 'function_call', arguments: '{"note":"[NOTE_1]"}' },
      ],
    };
    const restored = restoreResponseBody(body, 'openai-responses', vault()) as typeof body;
    expect(restored.output[0]).toBe(body.output[0]);
    expect(restored.output[1]).toMatchObject({ content: [{ text: 'Mail jane@example.com' }] });
    expect(JSON.parse((restored.output[2] as { arguments: string }).arguments)).toEqual({ note: 'say "hi"' });
  });

  it('restores a placeholder split across text deltas without adding or dropping a numbered event', () => {
    const restorer = createSseRestorer('openai-responses', vault());
    const ids = { item_id: 'msg_1', output_index: 0, content_index: 0 };
    const upstream = [
      event('response.created', 0, { response: { id: 'resp_1', output: [] } }),
      event('response.output_text.delta', 1, { ...ids, delta: 'Mail [EMA' }),
      event('response.output_text.delta', 2, { ...ids, delta: 'IL_1] now' }),
      event('response.output_text.done', 3, { ...ids, text: 'Mail [EMAIL_1] now' }),
      event('response.completed', 4, { response: { id: 'resp_1', output: [{ type: 'message', content: [{ type: 'output_text', text: 'Mail [EMAIL_1] now' }] }] } }),
    ];
    const out = upstream.flatMap((e) => restorer.push(e));
    expect(out.map((e) => json(e).sequence_number)).toEqual([0, 1, 2, 3, 4]);
    expect(out.map((e) => e.event)).toEqual(upstream.map((e) => e.event));
    expect(out.filter((e) => e.event === 'response.output_text.delta').map((e) => json(e).delta).join('')).toBe('Mail jane@example.com now');
    expect(json(out[3] as SseEvent).text).toBe('Mail jane@example.com now');
    expect(JSON.stringify(json(out[4] as SseEvent))).toContain('Mail jane@example.com now');
    // Events with nothing to restore go out as they came.
    expect(out[0]).toBe(upstream[0]);
  });

  it('restores a stream framed without event lines (a proxy in front of OpenAI), reading each type from its data', () => {
    const restorer = createSseRestorer('openai-responses', vault());
    const ids = { item_id: 'msg_1', output_index: 0, content_index: 0 };
    const dataOnly = (e: SseEvent): SseEvent => ({ data: e.data });
    const upstream = [
      event('response.output_text.delta', 1, { ...ids, delta: 'Mail [EMAIL_1]' }),
      event('response.output_text.done', 2, { ...ids, text: 'Mail [EMAIL_1]' }),
    ].map(dataOnly);
    const out = upstream.flatMap((e) => restorer.push(e));
    expect(out.map((e) => json(e).sequence_number)).toEqual([1, 2]);
    expect(json(out[0] as SseEvent).delta).toBe('Mail jane@example.com');
    expect(json(out[1] as SseEvent).text).toBe('Mail jane@example.com');
  });

  it('restores refusals and custom tool input, in the body and event by event', () => {
    const body = {
      object: 'response',
      output: [
        { type: 'message', content: [{ type: 'refusal', refusal: 'Not to [EMAIL_1]' }] },
        { type: 'custom_tool_call', call_id: 'c', name: 'mail', input: 'to [EMAIL_1]' },
      ],
    };
    const restored = restoreResponseBody(body, 'openai-responses', vault()) as typeof body;
    expect(JSON.stringify(restored)).not.toContain('[EMAIL_1]');
    const restorer = createSseRestorer('openai-responses', vault());
    const ids = { item_id: 'ct_1', output_index: 0, content_index: 0 };
    const upstream = [
      event('response.refusal.delta', 1, { ...ids, delta: 'Not to [EMAIL_1]' }),
      event('response.refusal.done', 2, { ...ids, refusal: 'Not to [EMAIL_1]' }),
      event('response.custom_tool_call_input.delta', 3, { ...ids, delta: 'to [EMA' }),
      event('response.custom_tool_call_input.delta', 4, { ...ids, delta: 'IL_1]' }),
      event('response.custom_tool_call_input.done', 5, { ...ids, input: 'to [EMAIL_1]' }),
    ];
    const out = upstream.flatMap((e) => restorer.push(e));
    expect(out.map((e) => json(e).sequence_number)).toEqual([1, 2, 3, 4, 5]);
    expect(out.map((e) => JSON.stringify(json(e))).join('')).not.toContain('EMAIL_1');
    expect(out.slice(2, 4).map((e) => json(e).delta).join('')).toBe('to jane@example.com');
  });
});

