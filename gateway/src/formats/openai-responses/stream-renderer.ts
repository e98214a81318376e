import type { FinishReason, StreamEvent, Usage } from '../../canonical/types';
import type { GatewayError } from '../../errors/gateway-error';
import { sseFrame } from '../../sse/decoder';
import { renderOpenAIError } from '../openai/errors';
import type { RenderContext, StreamRenderer } from '../types';
import { encryptedContent, itemId, responseObject, statusOf, toResponsesUsage } from './response-object';
import type { OutputItem, ResponseState, ResponseStatus } from './response-object';

type Message = Extract<OutputItem, { type: 'message' }>;
type FunctionCall = Extract<OutputItem, { type: 'function_call' }>;
type Reasoning = Extract<OutputItem, { type: 'reasoning' }>;

/**
 * Canonical events → the Responses API event stream: `response.created` and
 * `response.in_progress`, then per output item `output_item.added`, its part and delta events
 * and `output_item.done`, then `response.completed` (or `response.incomplete`) holding the
 * whole response. Every event carries a `sequence_number` from 0 and goes out as
 * `event: <type>` + `data: <json>`, as OpenAI sends them.
 */
export function createResponsesStreamRenderer(ctx: RenderContext): StreamRenderer {
  const id = itemId('resp');
  const output: OutputItem[] = [];
  let sequence = 0;
  let started = false;
  let closed = false;
  let finish: FinishReason | undefined;
  let usage: Partial<Usage> = {};
  /** The message or reasoning item text is being added to; calls stay open until the end. */
  let open: Message | Reasoning | undefined;
  /** Function calls by canonical index, open until the stream ends. */
  const calls = new Map<number, FunctionCall>();
  const closedCalls = new Set<FunctionCall>();

  const event = (type: string, fields: Record<string, unknown>): string => {
    const body = Object.assign({ type, sequence_number: sequence++ }, fields);
    return sseFrame(JSON.stringify(body), type);
  };
  const snapshot = (status: ResponseStatus, incomplete?: ResponseState['incomplete'], error?: ResponseState['error']): Record<string, unknown> =>
    responseObject({ id, status, output: status === 'in_progress' ? [] : output, usage: status === 'in_progress' ? null : toResponsesUsage(usage), incomplete, error }, ctx);
  const start = (): string => {
    if (started) return '';
    started = true;
    return event('response.created', { response: snapshot('in_progress') }) + event('response.in_progress', { response: snapshot('in_progress') });
  };
  const indexOf = (item: OutputItem): number => output.indexOf(item);
  const added = (item: OutputItem): string => {
    output.push(item);
    // The item as it stands now, not a reference later events would change.
    return event('response.output_item.added', { output_index: output.length - 1, item: structuredClone(item) });
  };

  const closeOpen = (): string => {
    const item = open;
    if (item === undefined) return '';
    open = undefined;
    const output_index = indexOf(item);
    if (item.type === 'reasoning') {
      const part = item.summary[0] ?? { type: 'summary_text', text: '' };
      return event('response.reasoning_summary_text.done', { item_id: item.id, output_index, summary_index: 0, text: part.text })
        + event('response.reasoning_summary_part.done', { item_id: item.id, output_index, summary_index: 0, part })
        + event('response.output_item.done', { output_index, item });
    }
    item.status = finishStatus();
    const part = item.content[0] ?? { type: 'output_text', text: '', annotations: [], logprobs: [] };
    return event('response.output_text.done', { item_id: item.id, output_index, content_index: 0, text: part.text, logprobs: [] })
      + event('response.content_part.done', { item_id: item.id, output_index, content_index: 0, part })
      + event('response.output_item.done', { output_index, item });
  };
  const closeCall = (call: FunctionCall): string => {
    if (closedCalls.has(call)) return '';
    closedCalls.add(call);
    call.status = 'completed';
    const output_index = indexOf(call);
    return event('response.function_call_arguments.done', { item_id: call.id, output_index, name: call.name, arguments: call.arguments })
      + event('response.output_item.done', { output_index, item: call });
  };
  const closeAll = (): string => {
    let out = closeOpen();
    for (const call of calls.values()) out += closeCall(call);
    return out;
  };
  /** A message cut at the token limit is incomplete, as the API marks it. */
  const finishStatus = (): 'completed' | 'incomplete' => (finish !== undefined && statusOf(finish).status === 'incomplete' ? 'incomplete' : 'completed');

  const text = (delta: string): string => {
    let out = '';
    if (open?.type !== 'message') {
      out += closeAll();
      const message: Message = { id: itemId('msg'), type: 'message', status: 'in_progress', role: 'assistant', content: [] };
      out += added(message);
      const part = { type: 'output_text' as const, text: '', annotations: [], logprobs: [] };
      out += event('response.content_part.added', { item_id: message.id, output_index: indexOf(message), content_index: 0, part });
      message.content.push(part);
      open = message;
    }
    const message = open;
    (message.content[0] as Message['content'][number]).text += delta;
    return out + event('response.output_text.delta', { item_id: message.id, output_index: indexOf(message), content_index: 0, delta, logprobs: [] });
  };
  /** The reasoning item thinking goes to: the open one, or a new one. */
  const reasoningItem = (): { out: string; reasoning: Reasoning } => {
    if (open?.type === 'reasoning') return { out: '', reasoning: open };
    let out = closeAll();
    const reasoning: Reasoning = { id: itemId('rs'), type: 'reasoning', summary: [] };
    out += added(reasoning);
    const part = { type: 'summary_text' as const, text: '' };
    out += event('response.reasoning_summary_part.added', { item_id: reasoning.id, output_index: indexOf(reasoning), summary_index: 0, part });
    reasoning.summary.push(part);
    open = reasoning;
    return { out, reasoning };
  };
  const thinking = (delta: string): string => {
    const { out, reasoning } = reasoningItem();
    (reasoning.summary[0] as Reasoning['summary'][number]).text += delta;
    return out + event('response.reasoning_summary_text.delta', { item_id: reasoning.id, output_index: indexOf(reasoning), summary_index: 0, delta });
  };
  /**
   * A signature closes its thinking block (thinking after it is a new reasoning item). Gemini
   * signs a function call with no thinking text before it: that is a reasoning item of its own.
   */
  const signature = (value: string): string => {
    // As the API does, encrypted content only for a client that asked to keep it.
    if (ctx.request?.includeSignatures !== true) return open?.type === 'reasoning' ? closeOpen() : '';
    const { out, reasoning } = reasoningItem();
    reasoning.encrypted_content = encryptedContent(value);
    return out + closeOpen();
  };

  return {
    push(ev: StreamEvent): string {
      if (closed) return '';
      let out = start();
      switch (ev.type) {
        case 'start':
          if (ev.usage !== undefined) usage = Object.assign({}, usage, ev.usage);
          break;
        case 'text':
          if (ev.text !== '') out += text(ev.text);
          break;
        case 'thinking':
          if (ev.text !== '') out += thinking(ev.text);
          break;
        case 'tool-call-start': {
          if (calls.has(ev.index)) break;
          out += closeOpen();
          const call: FunctionCall = { id: itemId('fc'), type: 'function_call', status: 'in_progress', call_id: ev.id, name: ev.name, arguments: '' };
          calls.set(ev.index, call);
          out += added(call);
          break;
        }
        case 'tool-call-delta': {
          const call = calls.get(ev.index);
          // A delta for a call that never started (or already ended) has no item to go to.
          if (call === undefined || closedCalls.has(call) || ev.argumentsDelta === '') break;
          call.arguments += ev.argumentsDelta;
          out += event('response.function_call_arguments.delta', { item_id: call.id, output_index: indexOf(call), delta: ev.argumentsDelta });
          break;
        }
        case 'usage':
          usage = Object.assign({}, usage, ev.usage);
          break;
        case 'finish':
          finish = ev.finishReason;
          break;
        case 'thinking-signature':
          out += signature(ev.signature);
          break;
        default:
          // Redacted thinking is only meaningful to the provider that made it.
          break;
      }
      return out;
    },

    end(): string {
      if (closed) return '';
      let out = start() + closeAll();
      closed = true;
      const { status, incomplete } = statusOf(finish ?? 'stop');
      // A failed generation never reaches here as a finish: the attempt or the relay rejects it.
      const final = status === 'incomplete' ? 'response.incomplete' : 'response.completed';
      out += event(final, { response: snapshot(status === 'incomplete' ? 'incomplete' : 'completed', incomplete) });
      return out;
    },

    /**
     * A stream that failed after it began ends with an `error` event, then `response.failed`.
     * The error event carries the fields OpenAI documents at the top level (`code`, `message`,
     * `param`) and, as the API actually sends them, inside `error` too: openai-node throws an
     * APIError for it, and the AI SDK reads either form (and reports one error, not two). Codex
     * reads only `response.failed` (its `response.error` code decides a retry or a
     * context-window message), so that follows, with what was said so far.
     */
    error(error: GatewayError): string {
      if (closed) return '';
      closed = true;
      const body = renderOpenAIError(error).error;
      const code = body.code ?? body.type;
      return start()
        + event('error', { code: body.code, message: body.message, param: body.param, error: body })
        + event('response.failed', { response: snapshot('failed', undefined, { code, message: body.message }) });
    },
  };
}
