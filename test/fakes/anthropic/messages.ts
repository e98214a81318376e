import { isRecord, records, str } from '../core/json';
import { planReply, type ReplyPlan } from '../core/reply-plan';
import type { Frame, Rendered, RequestContext } from '../core/route';
import { sseEvent } from '../core/sse';
import { shortHash, splitPieces, splitWords } from '../core/text';
import type { ContentBehaviour } from '../core/types';

/** Text of a `content` field: a string, or blocks of which text and tool_result text count. */
function contentText(content: unknown, includeToolResults: boolean): string {
  if (typeof content === 'string') return content;
  const texts: string[] = [];
  for (const block of records(content)) {
    if (block.type === 'text') texts.push(str(block.text) ?? '');
    if (block.type === 'tool_result' && includeToolResults) texts.push(contentText(block.content, false));
  }
  return texts.filter((text) => text.length > 0).join('\n');
}

export function planMessage(ctx: RequestContext, behaviour: ContentBehaviour): ReplyPlan {
  const body = isRecord(ctx.recorded.body) ? ctx.recorded.body : {};
  const messages = records(body.messages);
  const userTexts = messages.filter((m) => m.role === 'user').map((m) => contentText(m.content, false));
  const thinking = isRecord(body.thinking) ? str(body.thinking.type) : undefined;
  return planReply(behaviour, {
    model: str(body.model) ?? '',
    promptText: [contentText(body.system, false), ...messages.map((m) => contentText(m.content, true))]
      .filter((text) => text.length > 0)
      .join('\n'),
    lastUserText: userTexts.reverse().find((text) => text.length > 0) ?? '',
    thinkingRequested: thinking === 'enabled' || thinking === 'adaptive',
    thinkingInOutput: true,
    toolCallId: (i) => `toolu_fake${ctx.seq}_${i}`,
  });
}

/** A stable opaque signature, so a client echoing thinking back can be checked. */
export const fakeSignature = (thinking: string): string =>
  Buffer.from(`fake-signature:${shortHash(thinking, 32)}`).toString('base64');

function usageOf(plan: ReplyPlan, outputTokens: number) {
  return {
    input_tokens: plan.usage.input,
    cache_creation_input_tokens: plan.usage.cacheCreation,
    cache_read_input_tokens: plan.usage.cached,
    cache_creation: { ephemeral_5m_input_tokens: plan.usage.cacheCreation - plan.usage.cacheCreation1h, ephemeral_1h_input_tokens: plan.usage.cacheCreation1h },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

/** The searches a reply ran, as Anthropic counts them in the final usage (only when there were some). */
const searchesOf = (plan: ReplyPlan) => (plan.usage.webSearches > 0 ? { server_tool_use: { web_search_requests: plan.usage.webSearches } } : {});

const stopOf = (plan: ReplyPlan): string => plan.finishReason ?? (plan.toolCalls.length > 0 ? 'tool_use' : 'end_turn');

function contentBlocks(plan: ReplyPlan): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (plan.thinking !== undefined) {
    out.push({ type: 'thinking', thinking: plan.thinking, signature: fakeSignature(plan.thinking) });
  }
  if (plan.text.length > 0) out.push({ type: 'text', text: plan.text });
  for (const call of plan.toolCalls) out.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
  return out;
}

export function renderMessage(ctx: RequestContext, behaviour: ContentBehaviour): Rendered {
  const plan = planMessage(ctx, behaviour);
  const envelope = {
    id: `msg_fake${ctx.seq}`,
    type: 'message',
    role: 'assistant',
    model: plan.model,
  };
  if (isRecord(ctx.recorded.body) && ctx.recorded.body.stream === true) {
    return {
      type: 'stream',
      contentType: 'text/event-stream; charset=utf-8',
      frames: messageFrames(plan, envelope),
      errorFrame: (message) =>
        sseEvent('error', { type: 'error', error: { type: 'overloaded_error', message: message ?? 'Overloaded' } }),
    };
  }
  return {
    type: 'json',
    body: {
      ...envelope,
      content: contentBlocks(plan),
      stop_reason: stopOf(plan),
      stop_sequence: null,
      stop_details: null,
      usage: { ...usageOf(plan, plan.usage.output), ...searchesOf(plan) },
    },
  };
}

function messageFrames(plan: ReplyPlan, envelope: Record<string, unknown>): Frame[] {
  const frames: Frame[] = [];
  const meta = (event: string, data: Record<string, unknown>): void => {
    frames.push({ kind: 'meta', text: sseEvent(event, { type: event, ...data }) });
  };
  const delta = (index: number, data: Record<string, unknown>, kind: Frame['kind'] = 'content'): void => {
    frames.push({ kind, text: sseEvent('content_block_delta', { type: 'content_block_delta', index, delta: data }) });
  };
  const initial = { ...envelope, content: [], stop_reason: null, stop_sequence: null, stop_details: null };
  meta('message_start', { message: { ...initial, usage: usageOf(plan, 1) } });

  let index = 0;
  const open = (block: Record<string, unknown>): void => {
    meta('content_block_start', { index, content_block: block });
    if (index === 0) meta('ping', {});
  };
  if (plan.thinking !== undefined) {
    open({ type: 'thinking', thinking: '', signature: '' });
    for (const word of splitWords(plan.thinking)) delta(index, { type: 'thinking_delta', thinking: word });
    delta(index, { type: 'signature_delta', signature: fakeSignature(plan.thinking) }, 'meta');
    meta('content_block_stop', { index });
    index += 1;
  }
  if (plan.text.length > 0) {
    open({ type: 'text', text: '' });
    for (const word of splitWords(plan.text)) delta(index, { type: 'text_delta', text: word });
    meta('content_block_stop', { index });
    index += 1;
  }
  for (const call of plan.toolCalls) {
    open({ type: 'tool_use', id: call.id, name: call.name, input: {} });
    // The real API opens tool input with an empty partial_json before the pieces.
    delta(index, { type: 'input_json_delta', partial_json: '' }, 'meta');
    for (const piece of splitPieces(call.json)) delta(index, { type: 'input_json_delta', partial_json: piece });
    meta('content_block_stop', { index });
    index += 1;
  }
  const finalUsage = {
    input_tokens: plan.usage.input,
    cache_creation_input_tokens: plan.usage.cacheCreation,
    cache_read_input_tokens: plan.usage.cached,
    output_tokens: plan.usage.output,
    ...searchesOf(plan),
  };
  const messageDelta = {
    type: 'message_delta',
    delta: { stop_reason: stopOf(plan), stop_sequence: null, stop_details: null },
    usage: finalUsage,
  };
  frames.push({ kind: 'final', text: sseEvent('message_delta', messageDelta) });
  frames.push({ kind: 'final', text: sseEvent('message_stop', { type: 'message_stop' }) });
  return frames;
}

/** POST /v1/messages/count_tokens answers only {input_tokens}. */
export function renderCountTokens(ctx: RequestContext, behaviour: ContentBehaviour): Rendered {
  return { type: 'json', body: { input_tokens: planMessage(ctx, behaviour).usage.input } };
}
