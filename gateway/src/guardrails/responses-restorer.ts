import { responsesEventType } from '../formats/openai-responses/native/event-type';
import type { SseEvent } from '../sse/decoder';
import { isRecord, mapIfArray, setField } from './copy-on-write';
import { parseData } from './event-data';
import { restoreJsonText, restoreText } from './restore';
import { createStreamRestorer } from './stream-restorer';
import type { StreamRestorer } from './stream-restorer';
import type { SseRestorer } from './sse-restorer';
import type { Vault } from './vault';

/**
 * Restores OpenAI's own Responses API answer (a native call): the text of its messages and
 * refusals, its function calls' arguments and its custom tool calls' input. Returns the same
 * object when nothing changed.
 */
export function restoreResponsesBody(body: Record<string, unknown>, vault: Vault): Record<string, unknown> {
  return setField(body, 'output', mapIfArray(body.output, (item) => restoreItem(item, vault)));
}

function restoreItem(item: unknown, vault: Vault): unknown {
  if (!isRecord(item)) return item;
  if (item.type === 'message') return setField(item, 'content', mapIfArray(item.content, (part) => restorePart(part, vault)));
  if (item.type === 'function_call' && typeof item.arguments === 'string') return setField(item, 'arguments', restoreJsonText(item.arguments, vault));
  if (item.type === 'custom_tool_call' && typeof item.input === 'string') return setField(item, 'input', restoreText(item.input, vault));
  return item;
}

function restorePart(part: unknown, vault: Vault): unknown {
  if (!isRecord(part)) return part;
  if (part.type === 'output_text' && typeof part.text === 'string') return setField(part, 'text', restoreText(part.text, vault));
  if (part.type === 'refusal' && typeof part.refusal === 'string') return setField(part, 'refusal', restoreText(part.refusal, vault));
  return part;
}

/**
 * Restores OpenAI's Responses event stream event by event, without adding or dropping one: the
 * events are numbered (`sequence_number`), and the client checks the numbers. A delta that might
 * end inside a placeholder goes out shorter (or empty) and the rest follows in the next delta;
 * what is still held when its text ends is only in the `.done` event's whole text, which is
 * restored as a whole, as are the items and the response the closing events carry.
 */
export function responsesSseRestorer(vault: Vault): SseRestorer {
  const streams = new Map<string, StreamRestorer>();
  const streamFor = (key: string, json: boolean): StreamRestorer => {
    let restorer = streams.get(key);
    if (!restorer) streams.set(key, (restorer = createStreamRestorer(vault, json ? 'json' : 'none')));
    return restorer;
  };
  const rewritten = (event: SseEvent, data: Record<string, unknown>, next: Record<string, unknown>): SseEvent[] =>
    next === data ? [event] : [{ ...event, data: JSON.stringify(next) }];

  return {
    push(event) {
      const type = responsesEventType(event);
      if (!HANDLED.has(type)) return [event];
      const data = parseData(event);
      if (!data) return [event];
      const text = TEXT_EVENTS[type];
      if (text) {
        // One restorer per piece of text: a message part's, or a call's arguments or input.
        const key = text.kind === 'output' ? `text:${String(data.item_id)}:${String(data.content_index)}` : `${text.kind}:${String(data.item_id)}`;
        const value = data[text.field];
        if (text.done) streams.delete(key);
        if (typeof value !== 'string') return [event];
        const restored = text.done ? (text.json ? restoreJsonText : restoreText)(value, vault) : streamFor(key, text.json).push(value);
        return rewritten(event, data, setField(data, text.field, restored));
      }
      switch (type) {
        case 'response.content_part.done':
          return rewritten(event, data, setField(data, 'part', restorePart(data.part, vault)));
        case 'response.output_item.done':
          return rewritten(event, data, setField(data, 'item', restoreItem(data.item, vault)));
        default:
          // The closing events: the whole response.
          return isRecord(data.response) ? rewritten(event, data, setField(data, 'response', restoreResponsesBody(data.response, vault))) : [event];
      }
    },
    end: () => [],
  };
}

/**
 * The events that carry a piece of text: its deltas, restored as they come, and its `.done`,
 * restored whole. `kind` names the piece (a message part's text or refusal, a function call's
 * arguments, a custom tool call's input), `json` whether it is JSON text.
 */
const TEXT_EVENTS: Record<string, { kind: 'output' | 'args' | 'input'; field: string; done: boolean; json: boolean }> = {
  'response.output_text.delta': { kind: 'output', field: 'delta', done: false, json: false },
  'response.refusal.delta': { kind: 'output', field: 'delta', done: false, json: false },
  'response.custom_tool_call_input.delta': { kind: 'input', field: 'delta', done: false, json: false },
  'response.function_call_arguments.delta': { kind: 'args', field: 'delta', done: false, json: true },
  'response.output_text.done': { kind: 'output', field: 'text', done: true, json: false },
  'response.refusal.done': { kind: 'output', field: 'refusal', done: true, json: false },
  'response.custom_tool_call_input.done': { kind: 'input', field: 'input', done: true, json: false },
  'response.function_call_arguments.done': { kind: 'args', field: 'arguments', done: true, json: true },
};

const HANDLED = new Set([...Object.keys(TEXT_EVENTS), 'response.content_part.done', 'response.output_item.done', 'response.completed', 'response.incomplete']);
