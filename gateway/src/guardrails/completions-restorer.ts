import type { SseEvent } from '../sse/decoder';
import { setField } from './copy-on-write';
import { choicesRestorer } from './sse-restorer';
import type { SseRestorer } from './sse-restorer';
import { TextRestorers } from './stream-restorer';
import type { Vault } from './vault';

/**
 * Legacy text completion chunks (`/v1/completions`): each choice's `text`, restored by a
 * restorer of its own and flushed into the chunk that gives the choice its finish reason. Other
 * chunks (the usage chunk, `[DONE]`) go out untouched.
 */
export function completionsSseRestorer(vault: Vault): SseRestorer {
  const texts = new TextRestorers(vault);
  /** Chunks for the text still held back, for a stream that ended without its finish reasons. */
  const leftovers = (envelope: Record<string, unknown>): SseEvent[] =>
    texts.indexes().flatMap((choice) => {
      const text = texts.flush(choice);
      return text === '' ? [] : [{ data: JSON.stringify({ ...envelope, choices: [{ text, index: choice, logprobs: null, finish_reason: null }] }) }];
    });
  return choicesRestorer({ object: 'text_completion' }, leftovers, (choice, index) => {
    if (typeof choice.text !== 'string') return choice;
    let text = texts.push(index, choice.text);
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) text += texts.flush(index);
    return setField(choice, 'text', text);
  });
}
