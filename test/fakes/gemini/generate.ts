import { isRecord, records } from '../core/json';
import { planReply, type ReplyPlan } from '../core/reply-plan';
import type { Frame, Rendered, RequestContext } from '../core/route';
import { sseData } from '../core/sse';
import { estimateTokens, shortHash, splitWords } from '../core/text';
import type { ContentBehaviour } from '../core/types';

/** Text of a Content's parts; function responses count as prompt text via their JSON. */
function partsText(content: unknown, includeFunctionResponses: boolean): string {
  const parts = isRecord(content) ? records(content.parts) : [];
  const texts = parts.map((part) => {
    if (typeof part.text === 'string' && part.thought !== true) return part.text;
    if (includeFunctionResponses && isRecord(part.functionResponse)) return JSON.stringify(part.functionResponse.response ?? {});
    return '';
  });
  return texts.filter((text) => text.length > 0).join('\n');
}

/**
 * Finish reasons with which Gemini returns no output of its own: the model's function call or
 * response could not be read, so the finishing candidate has an empty `content` (`{}`), the
 * reason and, often, a `finishMessage` quoting the broken call.
 */
const NO_OUTPUT = new Set(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS', 'MALFORMED_RESPONSE', 'MISSING_THOUGHT_SIGNATURE']);

const failedWithoutOutput = (reason: string | undefined): boolean => reason !== undefined && NO_OUTPUT.has(reason);

export function planGenerate(ctx: RequestContext, behaviour: ContentBehaviour): ReplyPlan {
  const body = isRecord(ctx.recorded.body) ? ctx.recorded.body : {};
  const contents = records(body.contents);
  const config = body.generationConfig ?? body.generation_config;
  const thinking = isRecord(config) ? (config.thinkingConfig ?? config.thinking_config) : undefined;
  const includeThoughts = isRecord(thinking) && (thinking.includeThoughts ?? thinking.include_thoughts) === true;
  const userTexts = contents.filter((c) => (c.role ?? 'user') === 'user').map((c) => partsText(c, false));
  // No default echo for a failed generation; text, thinking or calls a test gives still come first.
  const content = failedWithoutOutput(behaviour.finishReason) && behaviour.text === undefined ? { ...behaviour, text: '' } : behaviour;
  return planReply(content, {
    model: ctx.params.model ?? '',
    promptText: [partsText(body.systemInstruction ?? body.system_instruction, false), ...contents.map((c) => partsText(c, true))]
      .filter((text) => text.length > 0)
      .join('\n'),
    lastUserText: userTexts.reverse().find((text) => text.length > 0) ?? '',
    thinkingRequested: includeThoughts,
    thinkingInOutput: false,
    toolCallId: (i) => `fc_fake${ctx.seq}_${i}`,
  });
}

type Part = Record<string, unknown>;

const gemini3 = (model: string): boolean => Number(/gemini-(\d+)/.exec(model)?.[1] ?? 0) >= 3;

function allParts(plan: ReplyPlan, splitText: boolean): Part[] {
  const split = (text: string): string[] => (splitText ? splitWords(text) : [text]);
  const parts: Part[] = [];
  if (plan.thinking !== undefined) for (const word of split(plan.thinking)) parts.push({ text: word, thought: true });
  if (plan.text.length > 0) for (const word of split(plan.text)) parts.push({ text: word });
  plan.toolCalls.forEach((call, index) => {
    // Gemini 3 gives every call an id, to be echoed on its functionResponse; older models give none.
    const part: Part = { functionCall: gemini3(plan.model) ? { name: call.name, args: call.arguments, id: call.id } : { name: call.name, args: call.arguments } };
    // Thinking models sign their first function call (Gemini 3 always thinks); clients must echo the signature back.
    if (index === 0 && (plan.thinking !== undefined || gemini3(plan.model))) {
      part.thoughtSignature = Buffer.from(`fake-sig:${shortHash(call.json)}`).toString('base64');
    }
    parts.push(part);
  });
  // An answer always has a part; a failed generation may have none.
  return parts.length > 0 || failedWithoutOutput(plan.finishReason) ? parts : [{ text: '' }];
}

function usageMetadata(prompt: number, candidates: number, thoughts: number, cached: number) {
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + thoughts,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
    ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
  };
}

const finalUsage = (plan: ReplyPlan) =>
  usageMetadata(plan.usage.input, plan.usage.output, plan.thinking !== undefined ? plan.usage.reasoning : 0, plan.usage.cached);

function response(plan: ReplyPlan, responseId: string, parts: Part[], last: boolean, usage: unknown) {
  const finish = last ? { finishReason: plan.finishReason ?? 'STOP', ...(plan.finishMessage !== undefined ? { finishMessage: plan.finishMessage } : {}) } : {};
  return {
    candidates: [{ content: parts.length > 0 ? { parts, role: 'model' } : {}, ...finish, index: 0 }],
    usageMetadata: usage,
    modelVersion: plan.model,
    responseId,
  };
}

/**
 * generateContent, or streamGenerateContent: SSE (`alt=sse`, CRLF-terminated data frames) or,
 * without alt=sse, one JSON array of responses as the real API sends.
 */
export function renderGenerate(ctx: RequestContext, behaviour: ContentBehaviour, stream: boolean): Rendered {
  const plan = planGenerate(ctx, behaviour);
  const responseId = `fake-${ctx.seq}`;
  if (!stream) {
    return { type: 'json', body: response(plan, responseId, allParts(plan, false), true, finalUsage(plan)) };
  }
  const bodies = streamBodies(plan, responseId);
  const sse = ctx.query.get('alt') === 'sse';
  const frames: Frame[] = bodies.map((body, i) => {
    const last = i === bodies.length - 1;
    const json = JSON.stringify(body);
    const text = sse ? sseData(json, '\r\n') : `${i === 0 ? '[' : ',\r\n'}${json}${last ? ']' : ''}`;
    return { kind: last ? 'final' : 'content', text };
  });
  const error = { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } };
  return {
    type: 'stream',
    contentType: sse ? 'text/event-stream' : 'application/json; charset=UTF-8',
    frames,
    errorFrame: (message, framesSent) => {
      const json = JSON.stringify(message ? { error: { ...error.error, message } } : error);
      return sse ? sseData(json, '\r\n') : `${framesSent === 0 ? '[' : ',\r\n'}${json}]`;
    },
  };
}

/**
 * One response per part; usageMetadata is cumulative on every frame, so only the last is the total.
 * A failed generation sends the parts it has, then its finish alone, in a frame with no content.
 */
function streamBodies(plan: ReplyPlan, responseId: string): unknown[] {
  const parts = allParts(plan, true);
  const total = finalUsage(plan);
  let textSoFar = '';
  let thoughtsSoFar = '';
  const running = (part: Part) => {
    if (typeof part.text === 'string') {
      if (part.thought === true) thoughtsSoFar += part.text;
      else textSoFar += part.text;
    }
    return usageMetadata(
      plan.usage.input,
      Math.min(total.candidatesTokenCount, estimateTokens(textSoFar)),
      Math.min(total.thoughtsTokenCount ?? 0, estimateTokens(thoughtsSoFar)),
      plan.usage.cached,
    );
  };
  if (failedWithoutOutput(plan.finishReason)) {
    return [...parts.map((part) => response(plan, responseId, [part], false, running(part))), response(plan, responseId, [], true, total)];
  }
  return parts.map((part, i) =>
    i === parts.length - 1 ? response(plan, responseId, [part], true, total) : response(plan, responseId, [part], false, running(part)),
  );
}

/** POST :countTokens → {totalTokens}. */
export function renderCountTokens(ctx: RequestContext, behaviour: ContentBehaviour): Rendered {
  const input = planGenerate(ctx, behaviour).usage.input;
  return { type: 'json', body: { totalTokens: input, promptTokensDetails: [{ modality: 'TEXT', tokenCount: input }] } };
}

/** The text an embedding request's `content` carries. */
export function contentToEmbed(content: unknown): string {
  return partsText(content, false);
}
