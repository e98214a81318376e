import type { ClientFormat, EmbeddingFormat, ProviderFormat } from '../types';
import { buildGeminiRequest } from './build-request';
import { buildGeminiEmbeddingRequest, GEMINI_EMBED_BATCH_LIMIT, parseGeminiEmbeddingResponse } from './embeddings';
import { inspectGeminiRequest, parseGeminiRequest } from './parse-request';
import { parseGeminiResponse } from './parse-response';
import { renderGeminiResponse } from './render-response';
import { createGeminiStreamParser } from './stream-parser';
import { createGeminiStreamRenderer } from './stream-renderer';

/**
 * `generateContent` as spoken by clients (Gemini CLI, the @google/genai SDK) to the gateway. The
 * model and streaming are in the URL, so parsed requests come back with neither set.
 */
export const geminiClientFormat: ClientFormat = {
  parseRequest: parseGeminiRequest,
  inspectRequest: inspectGeminiRequest,
  renderResponse: renderGeminiResponse,
  createStreamRenderer: createGeminiStreamRenderer,
};

/** Gemini as a provider: canonical requests out, Gemini responses and streams back in. */
export const geminiProviderFormat: ProviderFormat = {
  buildRequest: buildGeminiRequest,
  parseResponse: parseGeminiResponse,
  createStreamParser: createGeminiStreamParser,
};

/** Gemini embeddings. Gemini reports no token count, so usage is estimated from the input. */
export const geminiEmbeddingFormat: EmbeddingFormat = {
  maxInputsPerCall: GEMINI_EMBED_BATCH_LIMIT,
  buildEmbeddingRequest: buildGeminiEmbeddingRequest,
  parseEmbeddingResponse: (body, input) => parseGeminiEmbeddingResponse(body, input),
};

export { buildGeminiRequest } from './build-request';
export { SKIP_SIGNATURE_VALIDATOR } from './contents';
export {
  GEMINI_EMBED_BATCH_LIMIT,
  buildGeminiEmbeddingRequest,
  estimateEmbeddingTokens,
  parseGeminiEmbeddingResponse,
} from './embeddings';
export {
  geminiErrorMeaning,
  geminiGatewayError,
  parseGeminiError,
  renderGeminiError,
  type GeminiErrorBodyOut,
  type GeminiErrorInfo,
  type GeminiErrorMeaning,
} from './errors';
export { fromGeminiFinishReason } from './finish-reason';
export { openApiToJsonSchema } from './openapi-schema';
export { inspectGeminiRequest, parseGeminiRequest } from './parse-request';
export { parseGeminiResponse } from './parse-response';
export { geminiModelName, geminiPaths, isGemini3OrLater, type GeminiPaths } from './paths';
export { renderGeminiResponse, toGeminiFinishReason, toGeminiUsage } from './render-response';
export { createGeminiStreamParser } from './stream-parser';
export { GeminiStreamRenderer, createGeminiStreamRenderer, geminiFrame } from './stream-renderer';
export { GeminiJsonArrayFraming } from './json-array-framing';
export { fromGeminiUsage } from './usage';
export { geminiUsageTap } from './usage-tap';
export { camelKeys } from './request-path';
export { unsignedCallFixes } from './native-signatures';
export { parseGeminiEmbedding, renderGeminiEmbedding } from './client-embeddings';
