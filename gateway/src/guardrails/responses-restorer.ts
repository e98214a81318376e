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
      const textKey = `text:${String(data.item_id)}:${String(data.content_index)}`;
      const argsKey = `args:${String(data.item_id)}`;
      const inputKey = `input:${String(data.item_id)}`;
      switch (type) {
        case 'response.output_text.delta':
        case 'response.refusal.delta':
          return typeof data.delta === 'string' ? rewritten(event, data, setField(data, 'delta', streamFor(textKey, false).push(data.delta))) : [event];
        case 'response.custom_tool_call_input.delta':
          return typeof data.delta === 'string' ? rewritten(event, data, setField(data, 'delta', streamFor(inputKey, false).push(data.delta))) : [event];
        case 'response.refusal.done':
          streams.delete(textKey);
          return typeof data.refusal === 'string' ? rewritten(event, data, setField(data, 'refusal', restoreText(data.refusal, vault))) : [event];
        case 'response.custom_tool_call_input.done':
          streams.delete(inputKey);
          return typeof data.input === 'string' ? rewritten(event, data, setField(data, 'input', restoreText(data.input, vault))) : [event];
        case 'response.function_call_arguments.delta':
          return typeof data.delta === 'string' ? rewritten(event, data, setField(data, 'delta', streamFor(argsKey, true).push(data.delta))) : [event];
        case 'response.output_text.done':
          streams.delete(textKey);
          return typeof data.text === 'string' ? rewritten(event, data, setField(data, 'text', restoreText(data.text, vault))) : [event];
        case 'response.function_call_arguments.done':
          streams.delete(argsKey);
          return typeof data.arguments === 'string' ? rewritten(event, data, setField(data, 'arguments', restoreJsonText(data.arguments, vault))) : [event];
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

const HANDLED = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.refusal.done',
  'response.custom_tool_call_input.delta',
  'response.custom_tool_call_input.done',
  'response.function_call_arguments.delta',
  'response.output_text.done',
  'response.function_call_arguments.done',
  'response.content_part.done',
  'response.output_item.done',
  'response.completed',
  'response.incomplete',
]);
