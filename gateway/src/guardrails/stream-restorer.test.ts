import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../canonical/types';
import { restoreText } from './restore';
import { createEventRestorer, createStreamRestorer } from './stream-restorer';
import { Vault } from './vault';

function vault(): Vault {
  const v = new Vault();
  v.placeholderFor('EMAIL', 'jane@example.com');
  v.placeholderFor('CARD', '4242 4242 4242 4242');
  for (let i = 0; i < 11; i += 1) v.placeholderFor('PHONE', `+1 415 555 ${String(1000 + i)}`); // up to [PHONE_11]
  return v;
}

const TEXT = 'Hi [EMAIL_1], card [CARD_1] ok; phones [PHONE_1] and [PHONE_11]. Note [x] and [EMAIL_9] stay.';
const EXPECTED = 'Hi jane@example.com, card 4242 4242 4242 4242 ok; phones +1 415 555 1000 and +1 415 555 1010. Note [x] and [EMAIL_9] stay.';

/** Feeds the chunks, checking after each push that at most maxPlaceholderLength - 1 input characters are held back. */
function run(chunks: string[], v = vault()): string {
  const restorer = createStreamRestorer(v);
  let input = '';
  let output = '';
  for (const chunk of chunks) {
    input += chunk;
    output += restorer.push(chunk);
    const heldAtMost = v.maxPlaceholderLength - 1;
    const explained = Array.from({ length: heldAtMost + 1 }, (_, held) => input.length - held).some((k) => k >= 0 && restoreText(input.slice(0, k), v) === output);
    expect(explained, `output after ${JSON.stringify(input)} is ${JSON.stringify(output)}`).toBe(true);
  }
  return output + restorer.flush();
}

describe('createStreamRestorer', () => {
  it('restores a placeholder split at every position across two chunks', () => {
    for (let i = 0; i <= TEXT.length; i += 1) expect(run([TEXT.slice(0, i), TEXT.slice(i)])).toBe(EXPECTED);
  });

  it('restores placeholders split at every pair of positions across three chunks', () => {
    for (let i = 0; i <= TEXT.length; i += 1) {
      for (let j = i; j <= TEXT.length; j += 1) expect(run([TEXT.slice(0, i), TEXT.slice(i, j), TEXT.slice(j)])).toBe(EXPECTED);
    }
  });

  it('restores a stream of one-character deltas', () => {
    expect(run([...TEXT])).toBe(EXPECTED);
  });

  it('releases a bracket at once when it cannot start a placeholder', () => {
    const restorer = createStreamRestorer(vault());
    expect(restorer.push('see [x')).toBe('see [x');
    expect(restorer.push('] and [')).toBe('] and ');
    expect(restorer.push('note]')).toBe('[note]');
  });

  it('holds [EMAIL_1 until it knows whether it is [EMAIL_1] or more', () => {
    const restorer = createStreamRestorer(vault());
    expect(restorer.push('to [EMAIL_1')).toBe('to ');
    expect(restorer.push('] now')).toBe('jane@example.com now');
  });

  it('gives back a dangling partial placeholder as written at the end', () => {
    const restorer = createStreamRestorer(vault());
    expect(restorer.push('cut off [CAR')).toBe('cut off ');
    expect(restorer.flush()).toBe('[CAR');
  });

  it('passes text straight through with an empty vault', () => {
    const restorer = createStreamRestorer(new Vault());
    expect(restorer.push('[EMA')).toBe('[EMA');
  });

  it('escapes restored values for JSON when restoring tool-call arguments', () => {
    const v = new Vault();
    v.placeholderFor('NOTE', 'line one\nsaid "hi"');
    const restorer = createStreamRestorer(v, 'json');
    const args = restorer.push('{"note":"[NO') + restorer.push('TE_1]"}') + restorer.flush();
    expect(JSON.parse(args)).toEqual({ note: 'line one\nsaid "hi"' });
  });
});

describe('createEventRestorer', () => {
  const textOf = (events: StreamEvent[]): string => events.map((event) => (event.type === 'text' ? event.text : '')).join('');

  it('restores text and each tool call, releasing held text before the next kind of event', () => {
    const restorer = createEventRestorer(vault());
    const events: StreamEvent[] = [
      { type: 'start', id: 'r', model: 'm' },
      { type: 'text', text: 'Mailing [EMA' },
      { type: 'tool-call-start', index: 0, id: 'c0', name: 'send' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"to":"[EMAIL' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '_1]"}' },
      { type: 'tool-call-start', index: 1, id: 'c1', name: 'charge' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"card":"[CARD_' },
      { type: 'finish', finishReason: 'tool_calls' },
    ];
    const out = [...events.flatMap((event) => restorer.push(event)), ...restorer.end()];
    expect(out).toEqual([
      { type: 'start', id: 'r', model: 'm' },
      { type: 'text', text: 'Mailing ' },
      { type: 'text', text: '[EMA' }, // not a placeholder after all: the text ended there
      { type: 'tool-call-start', index: 0, id: 'c0', name: 'send' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"to":"' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'jane@example.com"}' },
      { type: 'tool-call-start', index: 1, id: 'c1', name: 'charge' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"card":"' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '[CARD_' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('flushes held text at the end of a stream without a finish', () => {
    const restorer = createEventRestorer(vault());
    const out = [...restorer.push({ type: 'text', text: 'Bye [EMAIL_1' }), ...restorer.end()];
    expect(textOf(out)).toBe('Bye [EMAIL_1');
  });

  it('does not restore thinking, whose signature covers the placeholder text', () => {
    const restorer = createEventRestorer(vault());
    expect(restorer.push({ type: 'thinking', text: '[EMAIL_1]' })).toEqual([{ type: 'thinking', text: '[EMAIL_1]' }]);
  });
});
