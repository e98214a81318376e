import { isRecord, records, str } from '../core/json';
import { planReply, type ReplyPlan } from '../core/reply-plan';
import type { Frame, Rendered, RequestContext } from '../core/route';
import { sseData } from '../core/sse';
import { splitPieces, splitWords } from '../core/text';
import type { ContentBehaviour } from '../core/types';

/** Text of a message's `content`: a string or an array of parts, of which `text` parts count. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return records(content)
    .map((part) => (part.type === 'text' ? (str(part.text) ?? '') : ''))
    .filter((text) => text.length > 0)
    .join('\n');
}

/** Azure's Responsible-AI annotations, which real Azure attaches to prompts and choices. */
const SAFE = { filtered: false, severity: 'safe' };
const CONTENT_FILTER_RESULTS = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
const PROMPT_FILTER_RESULTS = [{ prompt_index: 0, content_filter_results: CONTENT_FILTER_RESULTS }];

export interface ChatTarget {
  /** The model written in responses (Azure: the deployment's model). */
  model: string;
  azure: boolean;
}

/**
 * DeepSeek's thinking models, served through this fake as through DeepSeek's OpenAI-compatible API:
 * they always think, and show it as `reasoning_content` (OpenAI's own models show no reasoning).
 */
export const isDeepSeekThinker = (model: string): boolean => /^deepseek-(?:reasoner|v4)/.test(model);

export function planChat(ctx: RequestContext, behaviour: ContentBehaviour, target: ChatTarget): ReplyPlan {
  const body = isRecord(ctx.recorded.body) ? ctx.recorded.body : {};
  const messages = records(body.messages);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user' && contentText(m.content) !== '');
  const effort = str(body.reasoning_effort);
  return planReply(behaviour, {
    model: target.model,
    promptText: messages.map((m) => contentText(m.content)).join('\n'),
    lastUserText: lastUser ? contentText(lastUser.content) : '',
    thinkingRequested: (effort !== undefined && effort !== 'none') || isDeepSeekThinker(target.model),
    thinkingInOutput: true,
    toolCallId: (i) => `call_fake${ctx.seq}_${i}`,
  });
}

function usageOf(plan: ReplyPlan) {
  return {
    prompt_tokens: plan.usage.input,
    completion_tokens: plan.usage.output,
    total_tokens: plan.usage.input + plan.usage.output,
    prompt_tokens_details: { cached_tokens: plan.usage.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: plan.usage.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

const reasoningShown = (plan: ReplyPlan): boolean => plan.thinking !== undefined && isDeepSeekThinker(plan.model);

const finishOf = (plan: ReplyPlan): string => plan.finishReason ?? (plan.toolCalls.length > 0 ? 'tool_calls' : 'stop');

/** Renders a chat completion, streamed as chat.completion.chunk frames when the request says so. */
export function renderChat(ctx: RequestContext, behaviour: ContentBehaviour, target: ChatTarget): Rendered {
  const plan = planChat(ctx, behaviour, target);
  const body = isRecord(ctx.recorded.body) ? ctx.recorded.body : {};
  const created = Math.floor(ctx.recorded.at / 1000);
  const id = `chatcmpl-fake${ctx.seq}`;
  if (body.stream === true) {
    const options = isRecord(body.stream_options) ? body.stream_options : {};
    return {
      type: 'stream',
      contentType: 'text/event-stream; charset=utf-8',
      frames: chatFrames(plan, { id, created, target, includeUsage: options.include_usage === true }),
      errorFrame: (message) => {
        const text = message ?? 'The server had an error while processing your request.';
        return sseData({ error: { message: text, type: 'server_error', param: null, code: null } });
      },
    };
  }
  const toolCalls = plan.toolCalls.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.json },
  }));
  const hasText = plan.text.length > 0 || toolCalls.length === 0;
  const message = {
    role: 'assistant',
    content: hasText ? plan.text : null,
    ...(reasoningShown(plan) ? { reasoning_content: plan.thinking } : {}),
    refusal: null,
    annotations: [],
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  return {
    type: 'json',
    body: {
      id,
      object: 'chat.completion',
      created,
      model: plan.model,
      choices: [
        {
          index: 0,
          message,
          logprobs: null,
          finish_reason: finishOf(plan),
          ...(target.azure ? { content_filter_results: CONTENT_FILTER_RESULTS } : {}),
        },
      ],
      usage: usageOf(plan),
      ...(target.azure ? { prompt_filter_results: PROMPT_FILTER_RESULTS } : { service_tier: 'default' }),
      system_fingerprint: 'fp_fake',
    },
  };
}

interface StreamShape {
  id: string;
  created: number;
  target: ChatTarget;
  includeUsage: boolean;
}

function chatFrames(plan: ReplyPlan, shape: StreamShape): Frame[] {
  const base = {
    id: shape.id,
    object: 'chat.completion.chunk',
    created: shape.created,
    model: plan.model,
    ...(shape.target.azure ? {} : { service_tier: 'default' }),
    system_fingerprint: 'fp_fake',
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
    sseData({
      ...base,
      choices: [
        {
          index: 0,
          delta,
          logprobs: null,
          finish_reason: finish,
          ...(shape.target.azure && finish === null ? { content_filter_results: CONTENT_FILTER_RESULTS } : {}),
        },
      ],
      ...(shape.includeUsage ? { usage: null } : {}),
    });

  const frames: Frame[] = [];
  if (shape.target.azure) {
    // Real Azure opens with an annotation-only chunk whose choices are empty.
    const annotation = { choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: PROMPT_FILTER_RESULTS };
    frames.push({ kind: 'meta', text: sseData(annotation) });
  }
  const role = { role: 'assistant' };
  let roleSent = false;
  if (reasoningShown(plan)) {
    frames.push({ kind: 'meta', text: chunk({ ...role, content: null, reasoning_content: '' }) });
    roleSent = true;
    for (const word of splitWords(plan.thinking ?? '')) frames.push({ kind: 'content', text: chunk({ reasoning_content: word }) });
  }
  if (!roleSent && (plan.text.length > 0 || plan.toolCalls.length === 0)) {
    frames.push({ kind: 'meta', text: chunk({ ...role, content: '', refusal: null }) });
    roleSent = true;
  }
  for (const word of splitWords(plan.text)) frames.push({ kind: 'content', text: chunk({ content: word }) });
  plan.toolCalls.forEach((call, index) => {
    const opening = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    // Without text, OpenAI puts the role on the first tool-call delta.
    const head = roleSent ? {} : { ...role, content: null };
    roleSent = true;
    frames.push({ kind: 'content', text: chunk({ ...head, tool_calls: [opening] }) });
    for (const piece of splitPieces(call.json)) {
      frames.push({ kind: 'content', text: chunk({ tool_calls: [{ index, function: { arguments: piece } }] }) });
    }
  });
  frames.push({ kind: 'final', text: chunk({}, finishOf(plan)) });
  if (shape.includeUsage) frames.push({ kind: 'final', text: sseData({ ...base, choices: [], usage: usageOf(plan) }) });
  frames.push({ kind: 'final', text: sseData('[DONE]') });
  return frames;
}
