/** The OpenAI Chat Completions + Embeddings wire format, both directions. */
export { openaiClientFormat } from './client-format';
export {
  azureProviderFormat,
  createOpenAIProviderFormat,
  deepseekProviderFormat,
  mistralProviderFormat,
  openaiCompatibleProviderFormat,
  openaiProviderFormat,
} from './provider-format';
export type { OpenAIRequestOptions } from './build-request';
export { openaiEmbeddingFormat, parseEmbeddingRequest, renderEmbeddingResponse } from './embeddings';
export type { OpenAIEmbeddingList } from './embeddings';
export { isUsageOnlyChunk, openaiUsageTap } from './usage-tap';
export { kindForOpenAIError, parseOpenAIError, renderOpenAIError } from './errors';
export type { OpenAIErrorInfo } from './errors';
export type { ChatCompletion } from './render-response';
