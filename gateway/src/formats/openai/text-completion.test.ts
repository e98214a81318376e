import { describe, expect, it } from 'vitest';
import { collectStream } from '../../canonical/collect';
import type { StreamEvent } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { SseDecoder } from '../../sse/decoder';
import { createTextCompletionStreamParser, createTextCompletionStreamRenderer, parseTextCompletion, renderTextCompletion } from './text-completion';

const answer = {
  id: 'cmpl-abc',
  object: 'text_completion',
  created: 1_700_000_000,
  model: 'gpt-3.5-turbo-instruct',
  choices: [{ text: ' return a + b', index: 0, logprobs: null, finish_reason: 'length' }],
  usage: { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 },
};
const ctx = { model: 'alias', created: 42, includeUsage: false };

/** The JSON of each data frame of SSE text, `[DONE]` left as the string. */
const frames = (text: string): unknown[] => new SseDecoder().push(Buffer.from(text)).map((event) => (event.data === '[DONE]' ? event.data : JSON.parse(event.data)));

describe('text completion answers', () => {
  it('reads a JSON answer and renders it back the same, but for the model and created the caller is told', () => {
    const canonical = parseTextCompletion(answer);
    expect(canonical).toMatchObject({ id: 'cmpl-abc', model: 'gpt-3.5-turbo-instruct', content: [{ type: 'text', text: ' return a + b' }], finishReason: 'length' });
    expect(renderTextCompletion(canonical, ctx)).toEqual({ ...answer, model: 'alias', created: 42 });
  });

  it('refuses a body that is no text completion', () => {
    expect(() => parseTextCompletion({ object: 'chat.completion' })).toThrow(TypeError);
  });

  it('streams an answer as OpenAI does: text chunks, a finish chunk, usage when asked, [DONE]', () => {
    const renderer = createTextCompletionStreamRenderer({ ...ctx, includeUsage: true });
    const events: StreamEvent[] = [
      { type: 'start', id: 'cmpl-abc', model: 'm' },
      { type: 'text', text: 'one' },
      { type: 'text', text: ' two' },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 2 } },
      { type: 'finish', finishReason: 'stop' },
    ];
    const out = frames(events.map((event) => renderer.push(event)).join('') + renderer.end());
    const chunk = (text: string, finish: string | null) => ({ id: 'cmpl-abc', object: 'text_completion', created: 42, model: 'alias', choices: [{ text, index: 0, logprobs: null, finish_reason: finish }], usage: null });
    expect(out).toEqual([
      chunk('one', null),
      chunk(' two', null),
      chunk('', 'stop'),
      { id: 'cmpl-abc', object: 'text_completion', created: 42, model: 'alias', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
      '[DONE]',
    ]);
    expect(renderer.push({ type: 'text', text: 'late' })).toBe('');
  });

  it('reads a streamed answer (usage chunk included) into the answer it amounts to', () => {
    const parser = createTextCompletionStreamParser();
    const sse = [
      { ...answer, choices: [{ text: ' return', index: 0, logprobs: null, finish_reason: null }], usage: null },
      { ...answer, choices: [{ text: ' a + b', index: 0, logprobs: null, finish_reason: 'stop' }], usage: null },
      { ...answer, choices: [], usage: answer.usage },
    ];
    const events = sse.flatMap((chunk) => parser.push({ data: JSON.stringify(chunk) }));
    events.push(...parser.push({ data: '[DONE]' }), ...parser.end());
    expect(collectStream(events)).toEqual({ id: 'cmpl-abc', model: 'gpt-3.5-turbo-instruct', content: [{ type: 'text', text: ' return a + b' }], finishReason: 'stop', usage: expect.objectContaining({ inputTokens: 7, outputTokens: 5 }) });
  });

  it("throws a provider's error chunk in its words, and a stream cut before its end", () => {
    expect(() => createTextCompletionStreamParser().push({ data: JSON.stringify({ error: { message: 'model crashed', type: 'server_error' } }) })).toThrow('model crashed');
    const cut = createTextCompletionStreamParser();
    cut.push({ data: JSON.stringify({ ...answer, choices: [{ text: 'half', index: 0, finish_reason: null }] }) });
    expect(() => cut.end()).toThrow(GatewayError);
    // [DONE] without a finish_reason is a complete answer that stopped.
    const done = createTextCompletionStreamParser();
    done.push({ data: '[DONE]' });
    expect(done.end()).toEqual([{ type: 'finish', finishReason: 'stop' }]);
  });
});
