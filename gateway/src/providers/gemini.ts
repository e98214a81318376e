import { geminiEmbeddingFormat, geminiErrorMeaning, geminiPaths, geminiProviderFormat, geminiUsageTap, unsignedCallFixes } from '../formats/gemini';
import { joinUrl, keyHeader } from './types';
import type { ProviderKind } from './types';

/** Google's Gemini API (`generativelanguage.googleapis.com/v1beta`): Gemini-shaped clients pass through. */
export const geminiKind: ProviderKind = {
  type: 'gemini',
  nativeShape: 'gemini',
  format: geminiProviderFormat,
  embeddings: geminiEmbeddingFormat,
  usageTap: geminiUsageTap,
  chatUrl: (baseUrl, model, stream) => joinUrl(baseUrl, geminiPaths(model, stream).chat),
  embeddingsUrl: (baseUrl, model) => joinUrl(baseUrl, geminiPaths(model, false).embeddings),
  headers: (apiKey) => keyHeader('x-goog-api-key', apiKey),
  // The same reading as an error body in a 200: a bad key is a 401, RetryInfo a retry-after.
  parseError: geminiErrorMeaning,
  // Function calls another provider made in this conversation are a 400 from Gemini 3 without a signature.
  nativeFixes: (raw, model) => {
    const set = unsignedCallFixes(raw, model);
    return set && { set };
  },
};
