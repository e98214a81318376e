import { geminiEmbeddingFormat, geminiErrorMeaning, geminiPaths, geminiProviderFormat } from '../formats/gemini';
import { GatewayError } from '../errors/gateway-error';
import { joinUrl, keyHeader } from './types';
import type { ProviderKind } from './types';


export const geminiKind: ProviderKind = {
  type: 'gemini',
  nativeShape: null,
  format: geminiProviderFormat,
  embeddings: geminiEmbeddingFormat,
  usageTap: () => {
    throw new GatewayError('internal', 'Gemini has no native client shape');
  },
  chatUrl: (baseUrl, model, stream) => joinUrl(baseUrl, geminiPaths(model, stream).chat),
  embeddingsUrl: (baseUrl, model) => joinUrl(baseUrl, geminiPaths(model, false).embeddings),
  headers: (apiKey) => keyHeader('x-goog-api-key', apiKey),
  // The same reading as an error body in a 200: a bad key is a 401, RetryInfo a retry-after.
  parseError: geminiErrorMeaning,
};
