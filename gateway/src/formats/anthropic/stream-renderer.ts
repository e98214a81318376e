import { randomUUID } from 'node:crypto';
import type { FinishReason, StreamEvent, Usage } from '../../canonical/types';
import { sseFrame } from '../../sse/decoder';
import type { GatewayError } from '../../errors/gateway-error';
import type { RenderContext, StreamRenderer } from '../types';
import { renderAnthropicError } from './errors';
import { messageId } from './render-response';
import { toAnthropicStopReason } from './stop-reason';
import { renderUsage } from './usage';

type OpenBlock =
  | { kind: 'text'; index: number }
  | { kind: 'thinking'; index: number; signed: boolean }
  | { kind: 'tool'; index: number; toolIndex: number; input: string };

/** A tool call that started while another call's input was still coming: sent whole later. */
interface HeldTool {
  id: string;
  name: string;
  input: string;
}

const frame = (type: string, body: Record<string, unknown>): string =>
  sseFrame(JSON.stringify({ type, ...body }), type);

/**
 * Renders canonical stream events as the exact SSE sequence the Messages API sends:
 * `message_start`, then per content block `content_block_start` / `_delta`s / `_stop` with
 * increasing indices and never two blocks open, then `message_delta` and `message_stop`.
 *
 * Clients are strict about this shape (Claude Code fails on a second `message_start` or on a
 * tool_use whose input never arrives; the Vercel AI SDK takes a tool call as final at its
 * `content_block_stop`), so: `message_start` is sent exactly once, synthesised if content
 * arrives first; a tool call's argument deltas are forwarded as they come; and the final
 * `message_delta` is held until `end()`, because OpenAI-style upstreams report usage in a
 * chunk *after* their finish chunk.
 *
 * OpenAI upstreams may interleave parallel tool calls (deltas for call 0, then 1, then 0).
 * A call that starts while the open call's input is not yet complete JSON is therefore held,
 * and sent whole (start, all its input in one delta, stop) at the finish.
 */
export class AnthropicStreamRenderer implements StreamRenderer {
  private started = false;
  private ended = false;
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  /** Tool calls (by canonical index) that have a block; their block has been opened. */
  private readonly toolBlocks = new Set<number>();
  private readonly held = new Map<number, HeldTool>();
  private usage: Partial<Usage> = {};
  private finish: { reason: FinishReason; stopSequence?: string } | undefined;

  constructor(private readonly ctx: RenderContext) {}

  push(event: StreamEvent): string {
    if (this.ended) return '';
    switch (event.type) {
      case 'start':
        this.usage = { ...this.usage, ...event.usage };
        return this.start(event.id);
      case 'usage':
        this.usage = { ...this.usage, ...event.usage };
        return '';
      case 'text':
        if (event.text === '') return '';
        return this.start() + this.ensureOpen('text') + this.delta({ type: 'text_delta', text: event.text });
      case 'thinking':
        if (event.text === '') return '';
        return this.start() + this.ensureOpen('thinking') + this.delta({ type: 'thinking_delta', thinking: event.text });
      case 'thinking-signature': {
        const prefix = this.start() + this.ensureOpen('thinking');
        if (this.open?.kind === 'thinking') this.open.signed = true;
        return prefix + this.delta({ type: 'signature_delta', signature: event.signature });
      }
      case 'redacted-thinking': {
        const index = this.nextIndex++;
        return (
          this.start() +
          this.close() +
          frame('content_block_start', { index, content_block: { type: 'redacted_thinking', data: event.data } }) +
          frame('content_block_stop', { index })
        );
      }
      case 'tool-call-start':
        return this.startTool(event.index, event.id, event.name);
      case 'tool-call-delta':
        return this.toolDelta(event.index, event.argumentsDelta);
      case 'finish':
        this.finish = event.stopSequence === undefined ? { reason: event.finishReason } : { reason: event.finishReason, stopSequence: event.stopSequence };
        return this.close() + this.sendHeld();
    }
  }

  end(): string {
    if (this.ended) return '';
    const opening = this.start() + this.close() + this.sendHeld();
    this.ended = true;
    const stopReason = toAnthropicStopReason(this.finish?.reason ?? 'stop', this.toolBlocks.size > 0);
    return (
      opening +
      frame('message_delta', {
        delta: { stop_reason: stopReason, stop_sequence: this.finish?.stopSequence ?? null },
        usage: renderUsage(this.usage),
      }) +
      frame('message_stop', {})
    );
  }

  error(error: GatewayError): string {
    this.ended = true;
    return frame('error', renderAnthropicError(error));
  }

  /** `message_start`, once; '' afterwards. */
  private start(id?: string): string {
    if (this.started) return '';
    this.started = true;
    return frame('message_start', {
      message: {
        id: messageId(id ?? randomUUID().replaceAll('-', '')),
        type: 'message',
        role: 'assistant',
        model: this.ctx.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: renderUsage(this.usage),
      },
    });
  }

  private close(): string {
    if (this.open === undefined) return '';
    const { index } = this.open;
    this.open = undefined;
    return frame('content_block_stop', { index });
  }

  /** Opens a text or thinking block unless one of that kind is open (a signed thinking block is complete). */
  private ensureOpen(kind: 'text' | 'thinking'): string {
    const open = this.open;
    if (open?.kind === kind && !(open.kind === 'thinking' && open.signed)) return '';
    const closing = this.close();
    const index = this.nextIndex++;
    this.open = kind === 'text' ? { kind, index } : { kind, index, signed: false };
    const block = kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
    return closing + frame('content_block_start', { index, content_block: block });
  }

  private delta(delta: Record<string, unknown>): string {
    return frame('content_block_delta', { index: this.open?.index ?? 0, delta });
  }

  private startTool(toolIndex: number, id: string, name: string): string {
    if (this.toolBlocks.has(toolIndex) || this.held.has(toolIndex)) return '';
    const open = this.open;
    // Held calls keep their order: once one is held, every later call is held too.
    if (this.held.size > 0 || (open?.kind === 'tool' && !isCompleteJson(open.input))) {
      this.held.set(toolIndex, { id, name, input: '' });
      return this.start();
    }
    const prefix = this.start() + this.close();
    return prefix + this.openTool(toolIndex, id, name);
  }

  private openTool(toolIndex: number, id: string, name: string): string {
    const index = this.nextIndex++;
    this.toolBlocks.add(toolIndex);
    this.open = { kind: 'tool', index, toolIndex, input: '' };
    return frame('content_block_start', { index, content_block: { type: 'tool_use', id, name, input: {} } });
  }

  private toolDelta(toolIndex: number, partial: string): string {
    if (partial === '') return '';
    const held = this.held.get(toolIndex);
    if (held !== undefined) {
      held.input += partial;
      return '';
    }
    const open = this.open;
    // A delta for a call whose block is closed (only whitespace after complete JSON, or input
    // resumed after text) has no place in an Anthropic stream: a delta after content_block_stop
    // is lost by clients or breaks them.
    if (open?.kind !== 'tool' || open.toolIndex !== toolIndex) return '';
    open.input += partial;
    return frame('content_block_delta', { index: open.index, delta: { type: 'input_json_delta', partial_json: partial } });
  }

  /** Held tool calls, each as a whole block, in the order they started. */
  private sendHeld(): string {
    let out = '';
    for (const [toolIndex, { id, name, input }] of this.held) {
      out += this.openTool(toolIndex, id, name);
      if (input !== '') out += this.delta({ type: 'input_json_delta', partial_json: input });
      out += this.close();
    }
    this.held.clear();
    return out;
  }
}

/** Whether a call's input so far is a whole JSON object: no later delta can belong to it. */
function isCompleteJson(input: string): boolean {
  try {
    const value: unknown = JSON.parse(input);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

export const createAnthropicStreamRenderer = (ctx: RenderContext): StreamRenderer => new AnthropicStreamRenderer(ctx);
