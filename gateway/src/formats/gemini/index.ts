import type { EmbeddingFormat, ProviderFormat } from '../types';
import { buildGeminiRequest } from './build-request';
import { buildGeminiEmbeddingRequest, GEMINI_EMBED_BATCH_LIMIT, parseGeminiEmbeddingResponse } from './embeddings';
import { parseGeminiResponse } from './parse-response';
import { createGeminiStreamParser } from './stream-parser';

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
export { geminiErrorMeaning, geminiGatewayError, parseGeminiError, type GeminiErrorInfo, type GeminiErrorMeaning } from './errors';
export { fromGeminiFinishReason } from './finish-reason';
export { parseGeminiResponse } from './parse-response';
export { geminiModelName, geminiPaths, isGemini3OrLater, type GeminiPaths } from './paths';
export { createGeminiStreamParser } from './stream-parser';
export { fromGeminiUsage } from './usage';
