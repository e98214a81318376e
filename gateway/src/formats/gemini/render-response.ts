import type { ChatResponse, ContentPart, FinishReason, ToolCallPart, Usage } from '../../canonical/types';
import { parseJsonObject } from '../json-object';
import type { RenderContext } from '../types';
import { geminiSignature } from './signatures';
import type { GeminiPart } from './wire';

/** A part of a model answer: a request part, plus the flag marking thought summaries. */
export type AnswerPart = GeminiPart & { thought?: true };

/** Gemini says STOP after function calls too, and has no reason of its own for a stop sequence. */
export function toGeminiFinishReason(reason: FinishReason): string {
  switch (reason) {
    case 'length':
      return 'MAX_TOKENS';
    case 'content_filter':
    case 'refusal':
      return 'SAFETY';
    case 'error':
      return 'OTHER';
    default:
      return 'STOP';
  }
}

/**
 * Canonical usage → usageMetadata, the inverse of fromGeminiUsage: Gemini's prompt count includes
 * cached tokens (and here cache writes), and its candidates count excludes thoughts.
 */
export function toGeminiUsage(usage: Partial<Usage>): Record<string, number> {
  const cached = usage.cachedInputTokens ?? 0;
  const thoughts = usage.reasoningTokens ?? 0;
  const prompt = (usage.inputTokens ?? 0) + cached + (usage.cacheWriteTokens ?? 0);
  const candidates = Math.max(0, (usage.outputTokens ?? 0) - thoughts);
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + thoughts,
    ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
  };
}

/** `args` must be an object: arguments that are not (a call cut short) become `{}`. The id goes along when there is one. */
export function functionCallOf(call: Pick<ToolCallPart, 'id' | 'name' | 'arguments'>): NonNullable<GeminiPart['functionCall']> {
  const args = parseJsonObject(call.arguments) ?? {};
  return call.id === '' ? { name: call.name, args } : { name: call.name, args, id: call.id };
}

/**
 * The signature to give a Gemini client: Gemini's own only, unmarked. Another provider's (Claude's)
 * would reach Gemini if the client's next call goes to it as sent, and Gemini refuses signatures
 * it did not issue; and a Gemini client keeps no thought text for Claude to check one against.
 */
export const clientSignature = (signature: string | undefined): string | undefined =>
  signature === undefined ? undefined : geminiSignature(signature);

/**
 * Canonical answer content → Gemini parts, mirroring partsToContent: thinking with text is a
 * thought part, a signature-only thinking part puts its signature on the part after it. A
 * signature with nothing after it is dropped, as buildContents drops it: only function calls'
 * signatures are checked, and Gemini CLI discards a turn holding an empty text part.
 */
export function answerParts(content: ContentPart[]): AnswerPart[] {
  const parts: AnswerPart[] = [];
  let signature: string | undefined;
  const push = (part: AnswerPart, own?: string): void => {
    const carried = own ?? signature;
    signature = undefined;
    parts.push(carried === undefined ? part : { ...part, thoughtSignature: carried });
  };
  for (const part of content) {
    switch (part.type) {
      case 'thinking':
        if (part.text !== '') push({ text: part.text, thought: true }, clientSignature(part.signature));
        else signature = clientSignature(part.signature) ?? signature;
        break;
      case 'text':
        if (part.text !== '') push({ text: part.text });
        break;
      case 'tool-call':
        push({ functionCall: functionCallOf(part) });
        break;
      case 'image':
        // An image the model made (image-generating models); a URL has no place in an answer.
        if (part.source.kind === 'base64') push({ inlineData: { mimeType: part.source.mediaType, data: part.source.data } });
        break;
      // Redacted thinking is another provider's ciphertext; tool results are never in an answer.
      default:
        break;
    }
  }
  return parts;
}

/** A candidate's content; without parts, as Gemini sends one (proto JSON leaves out empty lists). */
export const modelContent = (parts: AnswerPart[]): { parts?: AnswerPart[]; role: 'model' } =>
  parts.length > 0 ? { parts, role: 'model' } : { role: 'model' };

/** A canonical response as a `generateContent` GenerateContentResponse, with one candidate. */
export function renderGeminiResponse(response: ChatResponse, ctx: RenderContext): Record<string, unknown> {
  return {
    candidates: [{ content: modelContent(answerParts(response.content)), finishReason: toGeminiFinishReason(response.finishReason), index: 0 }],
    usageMetadata: toGeminiUsage(response.usage),
    modelVersion: ctx.model,
    responseId: response.id,
  };
}
