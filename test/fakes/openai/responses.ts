import { isRecord, records, str } from '../core/json';
import { planReply, type ReplyPlan } from '../core/reply-plan';
import type { Frame, Rendered, RequestContext } from '../core/route';
import { sseEvent } from '../core/sse';
import { shortHash, splitPieces, splitWords } from '../core/text';
import type { ContentBehaviour } from '../core/types';
import { unfinished, type ResponsesState, type RunStatus } from './responses-state';

type Item = Record<string, unknown> & { id: string; type: string };

/** Text of a message item's `content`: a string, or its input_text / output_text parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return records(content).map((part) => str(part.text) ?? '').filter((text) => text !== '').join('\n');
}

function planResponse(ctx: RequestContext, behaviour: ContentBehaviour, body: Record<string, unknown>, model: string): ReplyPlan {
  const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : records(body.input);
  const texts = input.map((item) => (item.type === 'function_call_output' ? (str(item.output) ?? '') : item.type === 'function_call' ? (str(item.arguments) ?? '') : contentText(item.content)));
  const lastUser = [...input].reverse().find((item) => item.role === 'user' && contentText(item.content) !== '');
  const effort = isRecord(body.reasoning) ? str(body.reasoning.effort) : undefined;
  return planReply(behaviour, {
    model,
    promptText: [str(body.instructions) ?? '', ...texts].filter((text) => text !== '').join('\n'),
    lastUserText: lastUser ? contentText(lastUser.content) : '',
    thinkingRequested: effort !== undefined && effort !== 'none',
    thinkingInOutput: true,
    toolCallId: (i) => `call_fake${ctx.seq}_${i}`,
  });
}

/** The answer's items: reasoning (a summary only when asked for, encrypted content only when included), text, calls. */
function outputItems(ctx: RequestContext, plan: ReplyPlan, body: Record<string, unknown>, status: string): Item[] {
  const items: Item[] = [];
  if (plan.thinking !== undefined) {
    const reasoning = isRecord(body.reasoning) ? body.reasoning : {};
    const item: Item = { id: `rs_fake${ctx.seq}`, type: 'reasoning', summary: reasoning.summary == null ? [] : [{ type: 'summary_text', text: plan.thinking }] };
    const include = Array.isArray(body.include) ? body.include : [];
    if (include.includes('reasoning.encrypted_content')) item.encrypted_content = `gAAAAfake${ctx.seq}${shortHash(plan.thinking)}`;
    items.push(item);
  }
  if (plan.text.length > 0 || plan.toolCalls.length === 0) {
    items.push({ id: `msg_fake${ctx.seq}`, type: 'message', status, role: 'assistant', content: [{ type: 'output_text', text: plan.text, annotations: [], logprobs: [] }] });
  }
  plan.toolCalls.forEach((call, i) => {
    items.push({ id: `fc_fake${ctx.seq}_${i}`, type: 'function_call', status: 'completed', arguments: call.json, call_id: call.id, name: call.name });
  });
  return items;
}

/** `finishReason` as the Responses API reports it: `max_output_tokens` (or chat's `length`) and `content_filter` leave it incomplete. */
function statusOf(plan: ReplyPlan): { status: 'completed' | 'incomplete'; reason?: string } {
  if (plan.finishReason === 'length' || plan.finishReason === 'max_output_tokens') return { status: 'incomplete', reason: 'max_output_tokens' };
  if (plan.finishReason === 'content_filter') return { status: 'incomplete', reason: 'content_filter' };
  return { status: 'completed' };
}

const usageOf = (plan: ReplyPlan) => ({
  input_tokens: plan.usage.input,
  input_tokens_details: { cached_tokens: plan.usage.cached },
  output_tokens: plan.usage.output,
  output_tokens_details: { reasoning_tokens: plan.usage.reasoning },
  total_tokens: plan.usage.input + plan.usage.output,
});

/**
 * Renders `POST /v1/responses` as OpenAI does: a `response` object, or its event stream (every
 * event named by its type, numbered from 0 by `sequence_number`). Stored responses (the default)
 * are remembered by `state`, so a later request can name them.
 */
export function renderResponses(ctx: RequestContext, behaviour: ContentBehaviour, state: ResponsesState, model: string): Rendered {
  const body = isRecord(ctx.recorded.body) ? ctx.recorded.body : {};
  const plan = planResponse(ctx, behaviour, body, model);
  const { status, reason } = statusOf(plan);
  const output = outputItems(ctx, plan, body, status);
  const created = Math.floor(ctx.recorded.at / 1000);
  const reasoning = isRecord(body.reasoning) ? body.reasoning : {};
  const text = isRecord(body.text) ? body.text : {};
  const response = (now: RunStatus, items: Item[]): Record<string, unknown> => ({
    id: `resp_fake${ctx.seq}`,
    object: 'response',
    created_at: created,
    status: now,
    background: body.background === true,
    completed_at: now === 'completed' ? created : null,
    error: null,
    incomplete_details: now === 'incomplete' ? { reason } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: body.max_tool_calls ?? null,
    model: plan.model,
    output: items,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    safety_identifier: body.safety_identifier ?? null,
    service_tier: unfinished(now) ? 'auto' : body.service_tier === 'flex' ? 'flex' : 'default',
    store: body.store !== false,
    temperature: body.temperature ?? 1,
    text: { format: text.format ?? { type: 'text' }, verbosity: text.verbosity ?? 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_logprobs: body.top_logprobs ?? 0,
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: unfinished(now) || now === 'cancelled' ? null : usageOf(plan),
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  });
  const background = body.background === true;
  // A background run is kept for polling even with `store: false`, and answers "queued" at once
  // when not streamed; polls see it run, then finish (ResponsesState.answerById).
  state.remember(
    { id: `resp_fake${ctx.seq}`, store: body.store !== false || background, output: output as Array<{ id: string; encrypted_content?: string }> },
    {
      response: response(status, output),
      input: body.input,
      run: background ? (now) => response(now, now === 'completed' || now === 'incomplete' ? output : []) : undefined,
      frames: background ? streamFrames(output, response, status) : undefined,
    },
  );
  if (body.stream !== true) return { type: 'json', body: background ? response('queued', []) : response(status, output) };
  return {
    type: 'stream',
    contentType: 'text/event-stream; charset=utf-8',
    frames: streamFrames(output, response, status),
    errorFrame: (message, framesSent) => {
      const error = { type: 'server_error', code: 'server_error', message: message ?? 'The server had an error while processing your request. Sorry about that!', param: null };
      return sseEvent('error', { type: 'error', sequence_number: framesSent, code: error.code, message: error.message, param: null, error });
    },
  };
}

function streamFrames(output: Item[], response: (now: RunStatus, items: Item[]) => Record<string, unknown>, status: 'completed' | 'incomplete'): Frame[] {
  const frames: Frame[] = [];
  const push = (kind: Frame['kind'], type: string, fields: Record<string, unknown>): void => {
    frames.push({ kind, text: sseEvent(type, { type, sequence_number: frames.length, ...fields }) });
  };
  // Deltas carry random padding by default (stream_options.include_obfuscation), as OpenAI's do.
  const obfuscation = (delta: string): string => 'x'.repeat(Math.max(0, 16 - delta.length));
  push('meta', 'response.created', { response: response('in_progress', []) });
  push('meta', 'response.in_progress', { response: response('in_progress', []) });
  output.forEach((item, output_index) => {
    const item_id = item.id;
    if (item.type === 'reasoning') {
      push('meta', 'response.output_item.added', { output_index, item: { ...item, summary: [] } });
      for (const [summary_index, part] of records(item.summary).entries()) {
        push('meta', 'response.reasoning_summary_part.added', { item_id, output_index, summary_index, part: { type: 'summary_text', text: '' } });
        for (const delta of splitWords(str(part.text) ?? '')) push('content', 'response.reasoning_summary_text.delta', { item_id, output_index, summary_index, delta, obfuscation: obfuscation(delta) });
        push('meta', 'response.reasoning_summary_text.done', { item_id, output_index, summary_index, text: part.text });
        push('meta', 'response.reasoning_summary_part.done', { item_id, output_index, summary_index, part });
      }
    } else if (item.type === 'message') {
      const part = records(item.content)[0] ?? {};
      push('meta', 'response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
      push('meta', 'response.content_part.added', { item_id, output_index, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
      for (const delta of splitWords(str(part.text) ?? '')) push('content', 'response.output_text.delta', { item_id, output_index, content_index: 0, delta, logprobs: [], obfuscation: obfuscation(delta) });
      push('meta', 'response.output_text.done', { item_id, output_index, content_index: 0, text: part.text, logprobs: [] });
      push('meta', 'response.content_part.done', { item_id, output_index, content_index: 0, part });
    } else {
      push('meta', 'response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const delta of splitPieces(str(item.arguments) ?? '')) push('content', 'response.function_call_arguments.delta', { item_id, output_index, delta, obfuscation: obfuscation(delta) });
      push('meta', 'response.function_call_arguments.done', { item_id, output_index, arguments: item.arguments });
    }
    push('meta', 'response.output_item.done', { output_index, item });
  });
  push('final', status === 'completed' ? 'response.completed' : 'response.incomplete', { response: response(status, output) });
  return frames;
}
