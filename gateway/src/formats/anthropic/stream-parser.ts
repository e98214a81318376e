import { z } from 'zod';
import type { StreamEvent } from '../../canonical/types';
import { GatewayError, streamTruncated } from '../../errors/gateway-error';
import type { SseEvent } from '../../sse/decoder';
import type { StreamParser } from '../types';
import { anthropicErrorToGateway } from './errors';
import { partFromBlock } from './parse-response';
import { fromAnthropicStopReason } from './stop-reason';
import { anthropicUsageSchema, partialUsageFrom } from './usage';

const eventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message_start'),
    // Some Anthropic-compatible servers leave out the id or the model.
    message: z.object({ id: z.string().default(''), model: z.string().default(''), usage: anthropicUsageSchema.nullish() }),
  }),
  z.object({ type: z.literal('content_block_start'), index: z.number(), content_block: z.looseObject({ type: z.string() }) }),
  z.object({
    type: z.literal('content_block_delta'),
    index: z.number(),
    delta: z.object({
      type: z.string(),
      text: z.string().optional(),
      thinking: z.string().optional(),
      signature: z.string().optional(),
      partial_json: z.string().optional(),
    }),
  }),
  // Some Anthropic-compatible servers leave out the index of the block they stop.
  z.object({ type: z.literal('content_block_stop'), index: z.number().optional() }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    usage: anthropicUsageSchema.nullish(),
  }),
  z.object({ type: z.literal('message_stop') }),
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('error'), error: z.object({ type: z.string(), message: z.string().optional() }) }),
]);

const knownTypes = new Set(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'ping', 'error']);

const unreadable = (): GatewayError =>
  new GatewayError('upstream', 'The provider sent a stream event that is not valid Anthropic SSE', { code: 'invalid_upstream_stream' });

/**
 * Anthropic SSE → canonical events. Tool calls are numbered 0, 1, ... in the order their
 * blocks start (canonical `index`), whatever their content block index. An `error` event
 * (e.g. `overloaded_error` mid-stream) is thrown as a GatewayError carrying the upstream type.
 */
export class AnthropicStreamParser implements StreamParser {
  private readonly toolIndexOfBlock = new Map<number, number>();
  /** Tool blocks (by block index) that have not received any input yet. */
  private readonly withoutInput = new Set<number>();
  private lastBlock: number | undefined;
  private finished = false;

  push(sse: SseEvent): StreamEvent[] {
    let data: unknown;
    try {
      data = JSON.parse(sse.data);
    } catch {
      throw unreadable();
    }
    const type = typeof data === 'object' && data !== null && 'type' in data ? data.type : undefined;
    // Event types newer than this code are skipped, as Anthropic's versioning policy asks.
    if (typeof type !== 'string' || !knownTypes.has(type)) return [];
    const parsed = eventSchema.safeParse(data);
    if (!parsed.success) throw unreadable();
    const event = parsed.data;
    switch (event.type) {
      case 'message_start': {
        const usage = partialUsageFrom(event.message.usage ?? {});
        // message_start's output count is a placeholder (usually 1); message_delta has the real one.
        delete usage.outputTokens;
        return [{ type: 'start', id: event.message.id, model: event.message.model, usage }];
      }
      case 'content_block_start':
        return this.blockStart(event.index, event.content_block);
      case 'content_block_delta':
        return this.blockDelta(event.index, event.delta);
      case 'content_block_stop':
        return this.inputOwed(event.index ?? this.lastBlock);
      case 'message_delta': {
        this.finished = true;
        const owed = [...this.withoutInput].flatMap((block) => this.inputOwed(block));
        const finish: StreamEvent =
          event.delta.stop_sequence
            ? { type: 'finish', finishReason: fromAnthropicStopReason(event.delta.stop_reason), stopSequence: event.delta.stop_sequence }
            : { type: 'finish', finishReason: fromAnthropicStopReason(event.delta.stop_reason) };
        // Finish before usage, the order OpenAI streams use, so every renderer sees one sequence.
        return event.usage ? [...owed, finish, { type: 'usage', usage: partialUsageFrom(event.usage) }] : [...owed, finish];
      }
      case 'error':
        throw anthropicErrorToGateway(event.error.type, event.error.message ?? 'The provider reported an error mid-stream');
      default:
        return [];
    }
  }

  /**
   * A stream cut off before `message_delta` throws, as the OpenAI and Gemini parsers do: a
   * finish event here would reach an OpenAI client as `finish_reason: "stop"`, a short answer
   * passed off as whole.
   */
  end(): StreamEvent[] {
    if (this.finished) return [];
    throw streamTruncated();
  }

  private blockStart(index: number, block: { type: string; [k: string]: unknown }): StreamEvent[] {
    this.lastBlock = index;
    const part = partFromBlock(block);
    if (part === undefined) return [];
    switch (part.type) {
      case 'text':
        return part.text === '' ? [] : [{ type: 'text', text: part.text }];
      case 'thinking':
        return part.text === '' ? [] : [{ type: 'thinking', text: part.text }];
      case 'redacted-thinking':
        return [{ type: 'redacted-thinking', data: part.data }];
      case 'tool-call': {
        const toolIndex = this.toolIndexOfBlock.size;
        this.toolIndexOfBlock.set(index, toolIndex);
        const events: StreamEvent[] = [{ type: 'tool-call-start', index: toolIndex, id: part.id, name: part.name }];
        // Anthropic starts with `input: {}` and streams the JSON; some compatible servers put
        // the whole input here instead, which must not be lost.
        if (part.arguments !== '{}') events.push({ type: 'tool-call-delta', index: toolIndex, argumentsDelta: part.arguments });
        else this.withoutInput.add(index);
        return events;
      }
      default:
        return [];
    }
  }

  private blockDelta(index: number, delta: { type: string; text?: string; thinking?: string; signature?: string; partial_json?: string }): StreamEvent[] {
    switch (delta.type) {
      case 'text_delta':
        return delta.text ? [{ type: 'text', text: delta.text }] : [];
      case 'thinking_delta':
        return delta.thinking ? [{ type: 'thinking', text: delta.thinking }] : [];
      case 'signature_delta':
        return delta.signature ? [{ type: 'thinking-signature', signature: delta.signature }] : [];
      case 'input_json_delta': {
        const toolIndex = this.toolIndexOfBlock.get(index);
        if (toolIndex === undefined || !delta.partial_json) return [];
        if (delta.partial_json.trim() !== '') this.withoutInput.delete(index);
        return [{ type: 'tool-call-delta', index: toolIndex, argumentsDelta: delta.partial_json }];
      }
      default:
        // citations_delta and deltas of server-tool blocks have no canonical form.
        return [];
    }
  }

  /**
   * A tool without parameters streams no input (or only `partial_json: ""`). Its arguments are
   * then `{}`, said explicitly: OpenAI clients JSON.parse the arguments, and '' does not parse.
   */
  private inputOwed(block: number | undefined): StreamEvent[] {
    if (block === undefined || !this.withoutInput.delete(block)) return [];
    const toolIndex = this.toolIndexOfBlock.get(block);
    return toolIndex === undefined ? [] : [{ type: 'tool-call-delta', index: toolIndex, argumentsDelta: '{}' }];
  }
}

export const createAnthropicStreamParser = (): StreamParser => new AnthropicStreamParser();
