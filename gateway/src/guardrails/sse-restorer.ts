import type { ClientShape } from '../providers/types';
import type { SseEvent } from '../sse/decoder';
import { isRecord, mapArray, setField } from './copy-on-write';
import { parseData } from './event-data';
import { geminiSseRestorer } from './gemini-restorer';
import { responsesSseRestorer } from './responses-restorer';
import { createStreamRestorer, TextRestorers } from './stream-restorer';
import type { StreamRestorer } from './stream-restorer';
import type { Vault } from './vault';

/** Restores a provider's own SSE stream (native pass-through) event by event. */
export interface SseRestorer {
  /** The events to send for this one: itself (untouched or rewritten), none, or held-back text first. */
  push(event: SseEvent): SseEvent[];
  /** Held-back text for a stream that ended without its closing events. */
  end(): SseEvent[];
}

/**
 * Only events that carry text are rewritten (re-serialised); every other event goes out with
 * its original data. Each text stream (a choice's content, each tool call's arguments, each
 * Anthropic content block) has its own restorer, flushed when that stream ends. Only native
 * streams come here: OpenAI's chat, Anthropic's messages, OpenAI's Responses API
 * (`responses-restorer.ts`, which keeps every numbered event) or Gemini's (`gemini-restorer.ts`).
 */
export function createSseRestorer(shape: ClientShape, vault: Vault): SseRestorer {
  if (vault.size === 0) return { push: (event) => [event], end: () => [] };
  if (shape === 'openai-responses') return responsesSseRestorer(vault);
  if (shape === 'gemini') return geminiSseRestorer(vault);
  return shape === 'anthropic' ? anthropicSseRestorer(vault) : openAiSseRestorer(vault);
}

/** Chat completion chunks: `choices[].delta.content` and `delta.tool_calls[].function.arguments`. */
function openAiSseRestorer(vault: Vault): SseRestorer {
  const content = new TextRestorers(vault);
  const tools = new Map<string, { choice: number; index: unknown; restorer: StreamRestorer }>();

  const toolFor = (choice: number, index: unknown): StreamRestorer => {
    const key = `${choice}:${String(index)}`;
    let entry = tools.get(key);
    if (!entry) tools.set(key, (entry = { choice, index, restorer: createStreamRestorer(vault, 'json') }));
    return entry.restorer;
  };
  /** The delta with this choice's held-back text appended; its restorers are done. */
  const withFlushed = (delta: Record<string, unknown>, choice: number): Record<string, unknown> => {
    let out = delta;
    const rest = content.flush(choice);
    if (rest) out = { ...out, content: `${typeof out.content === 'string' ? out.content : ''}${rest}` };
    for (const [key, entry] of tools) {
      if (entry.choice !== choice) continue;
      tools.delete(key);
      const args = entry.restorer.flush();
      if (args) out = { ...out, tool_calls: [...(Array.isArray(out.tool_calls) ? out.tool_calls : []), { index: entry.index, function: { arguments: args } }] };
    }
    return out;
  };
  const leftovers = (envelope: Record<string, unknown>): SseEvent[] => {
    const choices = new Set([...content.indexes(), ...[...tools.values()].map((entry) => entry.choice)]);
    const events: SseEvent[] = [];
    for (const choice of choices) {
      const delta = withFlushed({}, choice);
      if (Object.keys(delta).length > 0) events.push({ data: JSON.stringify({ ...envelope, choices: [{ index: choice, delta, finish_reason: null }] }) });
    }
    return events;
  };

  return choicesRestorer({ object: 'chat.completion.chunk' }, leftovers, (choice, index) => {
    if (!isRecord(choice.delta)) return choice;
    let delta = choice.delta;
    if (typeof delta.content === 'string') delta = setField(delta, 'content', content.push(index, delta.content));
    if (Array.isArray(delta.tool_calls)) {
      const calls = mapArray(delta.tool_calls, (call) => {
        if (!isRecord(call) || !isRecord(call.function) || typeof call.function.arguments !== 'string') return call;
        return setField(call, 'function', setField(call.function, 'arguments', toolFor(index, call.index).push(call.function.arguments)));
      });
      delta = setField(delta, 'tool_calls', calls);
    }
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) delta = withFlushed(delta, index);
    return setField(choice, 'delta', delta);
  });
}

/**
 * The frame of OpenAI-shaped chunk streams (chat, and text completions: completions-restorer.ts):
 * each chunk's `choices` go through `restore` one by one, and the chunk is re-serialised only
 * when one changed; `[DONE]`, or the end of a stream without it, first sends what `leftovers`
 * still holds, in chunks with the last envelope seen (id, model, …; `initial` before any).
 */
export function choicesRestorer(
  initial: Record<string, unknown>,
  leftovers: (envelope: Record<string, unknown>) => SseEvent[],
  restore: (choice: Record<string, unknown>, index: number) => Record<string, unknown>,
): SseRestorer {
  let envelope = initial;
  return {
    push(event) {
      if (event.data.trim() === '[DONE]') return [...leftovers(envelope), event];
      const chunk = parseData(event);
      if (!chunk || !Array.isArray(chunk.choices)) return [event];
      const { choices: _choices, usage: _usage, ...rest } = chunk;
      envelope = rest;
      const choices = mapArray(chunk.choices, (choice) => (isRecord(choice) ? restore(choice, typeof choice.index === 'number' ? choice.index : 0) : choice));
      return choices === chunk.choices ? [event] : [{ ...event, data: JSON.stringify({ ...chunk, choices }) }];
    },
    end: () => leftovers(envelope),
  };
}

/** Messages stream: `text_delta.text` and `input_json_delta.partial_json`, per content block. */
function anthropicSseRestorer(vault: Vault): SseRestorer {
  const blocks = new Map<number, { kind: 'text_delta' | 'input_json_delta'; restorer: StreamRestorer }>();
  const flushed = (index: number): SseEvent[] => {
    const block = blocks.get(index);
    blocks.delete(index);
    const rest = block?.restorer.flush();
    if (!block || !rest) return [];
    const delta = block.kind === 'text_delta' ? { type: 'text_delta', text: rest } : { type: 'input_json_delta', partial_json: rest };
    return [{ event: 'content_block_delta', data: JSON.stringify({ type: 'content_block_delta', index, delta }) }];
  };

  return {
    push(event) {
      const data = parseData(event);
      if (!data || typeof data.index !== 'number') return [event];
      const { index } = data;
      if (data.type === 'content_block_stop') return [...flushed(index), event];
      if (data.type !== 'content_block_delta' || !isRecord(data.delta)) return [event];
      const { delta } = data;
      const field = delta.type === 'text_delta' ? 'text' : delta.type === 'input_json_delta' ? 'partial_json' : undefined;
      const value = field === undefined ? undefined : delta[field];
      if (field === undefined || typeof value !== 'string') return [event]; // thinking, signature, citations
      let block = blocks.get(index);
      if (!block) blocks.set(index, (block = { kind: delta.type as 'text_delta' | 'input_json_delta', restorer: createStreamRestorer(vault, field === 'text' ? 'none' : 'json') }));
      const released = block.restorer.push(value);
      if (released === value) return [event];
      // Nothing to send yet: the whole delta is a possible placeholder start.
      if (released === '') return [];
      return [{ ...event, data: JSON.stringify({ ...data, delta: { ...delta, [field]: released } }) }];
    },
    end: () => [...blocks.keys()].flatMap(flushed),
  };
}
