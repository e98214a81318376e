import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../sse/decoder';
import { createSseRestorer } from './sse-restorer';
import { Vault } from './vault';

function vault(): Vault {
  const v = new Vault();
  v.placeholderFor('EMAIL', 'jane@example.com');
  v.placeholderFor('NOTE', 'say "hi"');
  return v;
}

const json = (event: SseEvent): Record<string, unknown> => JSON.parse(event.data) as Record<string, unknown>;

describe('createSseRestorer for OpenAI chat chunks', () => {
  const envelope = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o' };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): SseEvent => ({
    data: JSON.stringify({ ...envelope, choices: [{ index: 0, delta, finish_reason: finish }] }),
  });
  const contentOf = (events: SseEvent[]): string =>
    events
      .filter((event) => event.data !== '[DONE]')
      .map((event) => ((json(event).choices as Array<{ delta: { content?: string } }>)[0]?.delta.content ?? ''))
      .join('');
  const argumentsOf = (events: SseEvent[]): string =>
    events
      .filter((event) => event.data !== '[DONE]')
      .flatMap((event) => (json(event).choices as Array<{ delta: { tool_calls?: Array<{ function: { arguments?: string } }> } }>)[0]?.delta.tool_calls ?? [])
      .map((call) => call.function.arguments ?? '')
      .join('');

  it('restores content split across chunks and leaves other events byte-identical', () => {
    const restorer = createSseRestorer('openai', vault());
    const role = chunk({ role: 'assistant', content: '' });
    const usage: SseEvent = { data: JSON.stringify({ ...envelope, choices: [], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } }) };
    const input = [role, chunk({ content: 'Mail [EM' }), chunk({ content: 'AIL_1] now' }), chunk({}, 'stop'), usage, { data: '[DONE]' }];
    const out = input.flatMap((event) => restorer.push(event));
    expect(contentOf(out)).toBe('Mail jane@example.com now');
    expect(out[0]).toBe(role);
    expect(out.at(-2)).toBe(usage);
    expect(out.at(-1)).toEqual({ data: '[DONE]' });
    expect(out).toHaveLength(input.length);
  });

  it('puts held-back text into the finish chunk', () => {
    const restorer = createSseRestorer('openai', vault());
    const out = [chunk({ content: 'Bye [EMAIL_' }), chunk({}, 'stop')].flatMap((event) => restorer.push(event));
    expect(contentOf(out)).toBe('Bye [EMAIL_');
    expect((json(out[1]!).choices as Array<{ finish_reason: string }>)[0]!.finish_reason).toBe('stop');
  });

  it('restores tool-call arguments as JSON', () => {
    const restorer = createSseRestorer('openai', vault());
    const call = (args: string, extra: Record<string, unknown> = {}) => ({ tool_calls: [{ index: 0, ...extra, function: { arguments: args } }] });
    const input = [chunk(call('', { id: 'call_1', type: 'function' })), chunk(call('{"note":"[NO')), chunk(call('TE_1]","to":"[EMAIL_1]"}')), chunk({}, 'tool_calls'), { data: '[DONE]' }];
    const out = input.flatMap((event) => restorer.push(event));
    expect(JSON.parse(argumentsOf(out))).toEqual({ note: 'say "hi"', to: 'jane@example.com' });
  });

  it('sends leftovers before [DONE] when no finish chunk came', () => {
    const restorer = createSseRestorer('openai', vault());
    const out = [chunk({ content: 'cut [NOTE' }), { data: '[DONE]' }].flatMap((event) => restorer.push(event));
    expect(contentOf(out)).toBe('cut [NOTE');
    expect(out.at(-1)).toEqual({ data: '[DONE]' });
  });
});

describe('createSseRestorer for Anthropic message events', () => {
  const event = (type: string, data: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...data }) });
  const textDelta = (index: number, text: string) => event('content_block_delta', { index, delta: { type: 'text_delta', text } });
  const jsonDelta = (index: number, partial: string) => event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: partial } });
  const collect = (events: SseEvent[], kind: 'text' | 'partial_json', index: number): string =>
    events
      .filter((e) => e.event === 'content_block_delta' && json(e).index === index)
      .map((e) => ((json(e).delta as Record<string, string>)[kind] ?? ''))
      .join('');

  it('restores text and tool input split across deltas, flushing before each block stops', () => {
    const restorer = createSseRestorer('anthropic', vault());
    const thinking = event('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'about [EMAIL_1]' } });
    const input = [
      event('message_start', { message: { id: 'msg_1', content: [] } }),
      event('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }),
      thinking,
      event('content_block_stop', { index: 0 }),
      event('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
      textDelta(1, 'Mail [EM'),
      textDelta(1, 'AIL_1] and [NOT'),
      event('content_block_stop', { index: 1 }),
      event('content_block_start', { index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'send', input: {} } }),
      jsonDelta(2, '{"note":"[NO'),
      jsonDelta(2, 'TE_1]"}'),
      event('content_block_stop', { index: 2 }),
      event('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }),
      event('message_stop', {}),
    ];
    const out = input.flatMap((e) => restorer.push(e));
    expect(collect(out, 'text', 1)).toBe('Mail jane@example.com and [NOT');
    expect(JSON.parse(collect(out, 'partial_json', 2))).toEqual({ note: 'say "hi"' });
    expect(out).toContain(thinking); // thinking is signed: passed through untouched
    // The held-back "[NOT" goes out as its own delta right before block 1 stops.
    const stop = out.findIndex((e) => e.event === 'content_block_stop' && json(e).index === 1);
    expect(json(out[stop - 1]!)).toEqual({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: '[NOT' } });
    expect(out.map((e) => e.event).filter((name) => name !== 'content_block_delta')).toEqual(input.map((e) => e.event).filter((name) => name !== 'content_block_delta'));
  });

  it('drops a delta that is wholly held back instead of sending an empty one', () => {
    const restorer = createSseRestorer('anthropic', vault());
    expect(restorer.push(textDelta(0, '[EMAIL'))).toEqual([]);
    expect(restorer.end().map((e) => json(e).delta)).toEqual([{ type: 'text_delta', text: '[EMAIL' }]);
  });

  it('passes every event through untouched with an empty vault', () => {
    const restorer = createSseRestorer('anthropic', new Vault());
    const delta = textDelta(0, '[EMA');
    expect(restorer.push(delta)).toEqual([delta]);
  });
});
