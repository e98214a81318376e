import type { ChatResponse, ContentPart } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { errorOf, generationFailed, geminiGatewayError } from './errors';
import { fromGeminiFinishReason } from './finish-reason';
import { newResponseId, newToolCallId } from './ids';
import { markSignature } from './signatures';
import { fromGeminiUsage } from './usage';
import { generateContentResponseSchema, type GeminiResponse, type GeminiResponsePart } from './wire';

/**
 * A `generateContent` body → canonical response. Only the first candidate is read. A failed
 * generation throws, even when it came with some output: a broken tool call cannot be run, and
 * text the failure cut short is not a whole answer.
 */
export function parseGeminiResponse(body: unknown): ChatResponse {
  const response = readResponse(body);
  const candidate = response.candidates?.[0];
  const content = candidate ? partsToContent(candidate.content?.parts ?? []) : [];
  const finishReason = candidate
    ? fromGeminiFinishReason(candidate.finishReason, content.some((part) => part.type === 'tool-call'))
    : noCandidateReason(response);
  if (finishReason === 'error') throw generationFailed(candidate?.finishReason, candidate?.finishMessage);
  return {
    id: response.responseId ?? newResponseId(),
    model: response.modelVersion ?? '',
    content,
    finishReason,
    usage: fromGeminiUsage(response.usageMetadata),
  };
}

/** A blocked prompt comes back with promptFeedback.blockReason and no candidates at all. */
export function noCandidateReason(response: GeminiResponse): 'content_filter' | 'error' {
  return response.promptFeedback?.blockReason != null ? 'content_filter' : 'error';
}

/**
 * Gemini parts → canonical parts. A `thoughtSignature` on a non-thought part becomes a
 * signature-only thinking part placed right before it, so buildRequest can put the signature
 * back on the same part (Gemini 3 refuses function calls replayed without theirs). Signatures are
 * marked as Gemini's (see signatures.ts).
 */
export function partsToContent(parts: GeminiResponsePart[]): ContentPart[] {
  const content: ContentPart[] = [];
  for (const part of parts) {
    const signature = part.thoughtSignature == null ? undefined : markSignature(part.thoughtSignature);
    const text = part.text ?? '';
    if (part.thought === true) {
      if (text !== '' || signature !== undefined) {
        content.push(signature === undefined ? { type: 'thinking', text } : { type: 'thinking', text, signature });
      }
      continue;
    }
    if (signature !== undefined) content.push({ type: 'thinking', text: '', signature });
    if (part.functionCall != null) {
      content.push({
        type: 'tool-call',
        id: part.functionCall.id ?? newToolCallId(),
        name: part.functionCall.name,
        arguments: JSON.stringify(part.functionCall.args ?? {}),
      });
    } else if (text !== '') {
      content.push({ type: 'text', text });
    }
  }
  return content;
}

/** Validates a response body (or one stream frame); an embedded error becomes a GatewayError. */
export function readResponse(body: unknown): GeminiResponse {
  const error = errorOf(body);
  if (error !== undefined) throw geminiGatewayError(error.code ?? 500, body);
  const parsed = generateContentResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError('upstream', 'Gemini sent a response this gateway cannot read', {
      code: 'bad_upstream_response',
      provider: 'gemini',
    });
  }
  return parsed.data;
}
