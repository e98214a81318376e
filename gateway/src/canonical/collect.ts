/**
 * Folds canonical stream events back into one ChatResponse: what a streamed call amounts to
 * once it is over. The response cache stores streamed answers this way (so a later hit can be
 * rendered as JSON or as a stream, in either client shape), and logs or guardrails that want
 * the whole answer can use it too.
 */
import { emptyUsage } from './types';
import type { ChatResponse, ContentPart, FinishReason, StreamEvent, ThinkingPart, ToolCallPart, Usage } from './types';

export class StreamCollector {
  private id = '';
  private model = '';
  private readonly content: ContentPart[] = [];
  /** Tool-call parts by their canonical stream index (deltas may interleave between calls). */
  private readonly toolCalls = new Map<number, ToolCallPart>();
  private readonly usage: Usage = emptyUsage();
  private finishReason: FinishReason | undefined;
  private stopSequence: string | undefined;

  push(event: StreamEvent): void {
    switch (event.type) {
      case 'start':
        this.id ||= event.id;
        this.model ||= event.model;
        if (event.usage) this.mergeUsage(event.usage);
        break;
      case 'text': {
        if (event.text === '') break;
        const last = this.content.at(-1);
        if (last?.type === 'text') last.text += event.text;
        else this.content.push({ type: 'text', text: event.text });
        break;
      }
      case 'thinking':
        if (event.text !== '') this.openThinking().text += event.text;
        break;
      case 'thinking-signature':
        // The signature closes its block: thinking after it starts a new block, as on the wire.
        this.openThinking().signature = event.signature;
        break;
      case 'redacted-thinking':
        this.content.push({ type: 'redacted-thinking', data: event.data });
        break;
      case 'tool-call-start': {
        if (this.toolCalls.has(event.index)) break;
        const part: ToolCallPart = { type: 'tool-call', id: event.id, name: event.name, arguments: '' };
        this.toolCalls.set(event.index, part);
        this.content.push(part);
        break;
      }
      case 'tool-call-delta': {
        // A delta for a call that never started has no id or name to attach to; renderers drop it too.
        const part = this.toolCalls.get(event.index);
        if (part) part.arguments += event.argumentsDelta;
        break;
      }
      case 'usage':
        this.mergeUsage(event.usage);
        break;
      case 'finish':
        this.finishReason = event.finishReason;
        this.stopSequence = event.stopSequence;
        break;
    }
  }

  /** Whether a `finish` event arrived: a stream without one was cut off and is not a whole answer. */
  get finished(): boolean {
    return this.finishReason !== undefined;
  }

  /** The response so far. An unfinished stream reports `finishReason: 'error'`. */
  response(): ChatResponse {
    const content = this.content.map((part) => ({ ...part }));
    const response: ChatResponse = {
      id: this.id,
      model: this.model,
      content,
      finishReason: this.finishReason ?? 'error',
      usage: { ...this.usage },
    };
    if (this.stopSequence !== undefined) response.stopSequence = this.stopSequence;
    return response;
  }

  /** The thinking block still being written, or a new one (after a signed block or other content). */
  private openThinking(): ThinkingPart {
    const last = this.content.at(-1);
    if (last?.type === 'thinking' && last.signature === undefined) return last;
    const part: ThinkingPart = { type: 'thinking', text: '' };
    this.content.push(part);
    return part;
  }

  /** Streams report usage piecemeal and cumulatively: a later count replaces an earlier one. */
  private mergeUsage(partial: Partial<Usage>): void {
    for (const key of Object.keys(partial) as Array<keyof Usage>) {
      const value = partial[key];
      if (typeof value === 'number') this.usage[key] = value;
    }
  }
}

/** The ChatResponse a complete sequence of stream events describes. */
export function collectStream(events: Iterable<StreamEvent>): ChatResponse {
  const collector = new StreamCollector();
  for (const event of events) collector.push(event);
  return collector.response();
}
