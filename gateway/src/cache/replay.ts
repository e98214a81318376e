/**
 * Turns a stored ChatResponse back into canonical stream events, so a cache hit on a streaming
 * request goes out through the client's own stream renderer exactly like a live answer.
 */
import type { ChatResponse, StreamEvent, Usage } from '../canonical/types';

export interface ReplayOptions {
  /** Longest text/thinking/argument delta, in UTF-16 code units. Default 256. */
  chunkChars?: number;
}

const DEFAULT_CHUNK = 256;

/**
 * A well-formed event sequence for `response`: `start` (with the prompt-side usage, as
 * Anthropic's message_start carries it), the content parts in order, `finish`, then the full
 * `usage` — finish before usage, the order the stream parsers emit, so renderers see the one
 * sequence they are tested against. Small deltas keep the stream looking like a stream to
 * clients that render progressively, without a frame per character.
 */
export function responseToStreamEvents(response: ChatResponse, options: ReplayOptions = {}): StreamEvent[] {
  const size = Math.max(1, Math.trunc(options.chunkChars ?? DEFAULT_CHUNK));
  const events: StreamEvent[] = [{ type: 'start', id: response.id, model: response.model, usage: promptUsage(response.usage) }];
  let toolIndex = 0;
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        for (const text of chunks(part.text, size)) events.push({ type: 'text', text });
        break;
      case 'thinking':
        for (const text of chunks(part.text, size)) events.push({ type: 'thinking', text });
        if (part.signature !== undefined) events.push({ type: 'thinking-signature', signature: part.signature });
        break;
      case 'redacted-thinking':
        events.push({ type: 'redacted-thinking', data: part.data });
        break;
      case 'tool-call': {
        const index = toolIndex++;
        events.push({ type: 'tool-call-start', index, id: part.id, name: part.name });
        for (const argumentsDelta of chunks(part.arguments, size)) events.push({ type: 'tool-call-delta', index, argumentsDelta });
        break;
      }
      default:
        // Images and tool results are input parts; an assistant response never holds them.
        break;
    }
  }
  events.push(response.stopSequence === undefined ? { type: 'finish', finishReason: response.finishReason } : { type: 'finish', finishReason: response.finishReason, stopSequence: response.stopSequence });
  events.push({ type: 'usage', usage: { ...response.usage } });
  return events;
}

function promptUsage(usage: Usage): Partial<Usage> {
  return { inputTokens: usage.inputTokens, cachedInputTokens: usage.cachedInputTokens, cacheWriteTokens: usage.cacheWriteTokens };
}

/** Splits text into pieces of at most `size` code units, never between the halves of a surrogate pair. */
export function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    if (end < text.length && end - start > 1 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
