import type { EmbeddingRequest, EmbeddingResponse } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { errorOf, geminiGatewayError } from './errors';
import { geminiModelName } from './paths';
import { batchEmbedResponseSchema } from './wire';

/**
 * batchEmbedContents refuses more requests than this in one call (400 "at most 100 requests can
 * be in one batch"), while OpenAI takes 2048 inputs; the pipeline splits larger inputs.
 */
export const GEMINI_EMBED_BATCH_LIMIT = 100;

/** Canonical embedding request → `batchEmbedContents` body, one request per input, with its task if it has one. */
export function buildGeminiEmbeddingRequest(request: EmbeddingRequest, model: string): Record<string, unknown> {
  const name = geminiModelName(model);
  return {
    requests: request.input.map((text, i) => ({
      model: name,
      content: { parts: [{ text }] },
      ...request.tasks?.[i],
      ...(request.dimensions === undefined ? {} : { outputDimensionality: request.dimensions }),
    })),
  };
}

/**
 * `batchEmbedContents` response → canonical. Only newer embedding models report
 * `usageMetadata.promptTokenCount`; without it, the count is estimated from `input` (4 characters
 * a token, the usual rule of thumb) when the caller passes it, else 0. The body names no model,
 * so `model` is '' and the caller reports the one it asked for.
 */
export function parseGeminiEmbeddingResponse(body: unknown, input?: string[]): EmbeddingResponse {
  const error = errorOf(body);
  if (error !== undefined) throw geminiGatewayError(error.code ?? 500, body);
  const parsed = batchEmbedResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError('upstream', 'Gemini sent an embedding response this gateway cannot read', {
      code: 'bad_upstream_response',
      provider: 'gemini',
    });
  }
  const reported = parsed.data.usageMetadata?.promptTokenCount ?? undefined;
  return {
    model: '',
    embeddings: parsed.data.embeddings.map((embedding) => embedding.values),
    usage: { inputTokens: reported ?? (input === undefined ? 0 : estimateEmbeddingTokens(input)) },
  };
}

/** Rough token count for inputs Gemini did not count: ceil(characters / 4) per input. */
export function estimateEmbeddingTokens(input: string[]): number {
  return input.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
}
