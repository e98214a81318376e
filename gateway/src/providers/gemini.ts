import { geminiEmbeddingFormat, geminiPaths, geminiProviderFormat, parseGeminiError } from '../formats/gemini';
import { GatewayError } from '../errors/gateway-error';
import { keyHeader } from './types';
import type { ProviderKind } from './types';

const join = (baseUrl: string, path: string): string => baseUrl.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');

export const geminiKind: ProviderKind = {
  type: 'gemini',
  nativeShape: null,
  format: geminiProviderFormat,
  embeddings: geminiEmbeddingFormat,
  usageTap: () => {
    throw new GatewayError('internal', 'Gemini has no native client shape');
  },
  chatUrl: (baseUrl, model, stream) => join(baseUrl, geminiPaths(model, stream).chat),
  embeddingsUrl: (baseUrl, model) => join(baseUrl, geminiPaths(model, false).embeddings),
  headers: (apiKey) => keyHeader('x-goog-api-key', apiKey),
  parseError: parseGeminiError,
};
