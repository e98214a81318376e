import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../sse/decoder';
import { completionsSseRestorer } from './completions-restorer';
import { Vault } from './vault';

const envelope = { id: 'cmpl-1', object: 'text_completion', created: 1, model: 'gpt-3.5-turbo-instruct' };
const chunk = (text: string, finish: string | null = null, index = 0): SseEvent => ({ data: JSON.stringify({ ...envelope, choices: [{ text, index, logprobs: null, finish_reason: finish }] }) });
const texts = (events: SseEvent[], index = 0): string =>
  events
    .filter((event) => event.data !== '[DONE]')
    .flatMap((event) => (JSON.parse(event.data) as { choices: Array<{ text: string; index: number }> }).choices)
    .filter((choice) => choice.index === index)
    .map((choice) => choice.text)
    .join('');

function vault(): Vault {
  const v = new Vault();
  v.placeholderFor('EMAIL', 'jane@example.com');
  return v;
}

describe('completionsSseRestorer', () => {
  it('restores a placeholder split across chunks, per choice, and leaves other events as they were', () => {
    const restorer = completionsSseRestorer(vault());
    const usage: SseEvent = { data: JSON.stringify({ ...envelope, choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } }) };
    const plain = chunk('Dear ');
    const input = [plain, chunk('[EM'), chunk('[EM', null, 1), chunk('AIL_1], hi'), chunk('AIL_1]', 'stop', 1), chunk('', 'stop'), usage, { data: '[DONE]' }];
    const out = input.flatMap((event) => restorer.push(event));
    expect(texts(out)).toBe('Dear jane@example.com, hi');
    expect(texts(out, 1)).toBe('jane@example.com');
    expect(out[0]).toBe(plain);
    expect(out).toContain(usage);
    expect(out.at(-1)).toEqual({ data: '[DONE]' });
  });

  it('gives back text it held when the stream ends without a finish reason', () => {
    const restorer = completionsSseRestorer(vault());
    const out = [chunk('ends with [EMAI')].flatMap((event) => restorer.push(event));
    expect(texts(out)).toBe('ends with ');
    expect(texts(restorer.end())).toBe('[EMAI');
  });
});
