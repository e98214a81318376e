import { azureApiVersion } from '../config/presets';
import type { ProviderConfig } from '../config/schema';
import { mistralProviderFormat, openaiCompatibleProviderFormat, openaiEmbeddingFormat, openaiProviderFormat, openaiUsageTap, parseOpenAIError } from '../formats/openai';
import { joinUrl, keyHeader } from './types';
import type { ProviderKind } from './types';


/** OpenAI itself, and the shape every OpenAI-compatible server shares. */
export const openaiKind: ProviderKind = {
  type: 'openai',
  nativeShape: 'openai',
  format: openaiProviderFormat,
  embeddings: openaiEmbeddingFormat,
  usageTap: openaiUsageTap,
  chatUrl: (baseUrl) => joinUrl(baseUrl, '/chat/completions'),
  embeddingsUrl: (baseUrl) => joinUrl(baseUrl, '/embeddings'),
  headers: (apiKey) => keyHeader('authorization', apiKey, 'Bearer '),
  parseError: parseOpenAIError,
};

/** Ollama, LM Studio, vLLM, Groq, Mistral, DeepSeek, xAI, Together, Fireworks, OpenRouter… */
export const openaiCompatibleKind: ProviderKind = { ...openaiKind, type: 'openai-compatible', format: openaiCompatibleProviderFormat };

/**
 * Mistral's API (`preset: mistral`): OpenAI-shaped, but it refuses fields it does not know with a
 * 422, `stream_options` among them; it reports usage on its last stream chunk without being asked.
 */
export const mistralKind: ProviderKind = { ...openaiCompatibleKind, format: mistralProviderFormat, streamUsageUnasked: true };

/**
 * Azure OpenAI: the model name is the deployment name, the key goes in `api-key`, and every
 * call carries `api-version`.
 */
export const azureKind: ProviderKind = {
  ...openaiKind,
  type: 'azure',
  chatUrl: (baseUrl, deployment, _stream, config: ProviderConfig) =>
    joinUrl(baseUrl, `/openai/deployments/${encodeURIComponent(deployment)}/chat/completions?api-version=${encodeURIComponent(azureApiVersion(config))}`),
  embeddingsUrl: (baseUrl, deployment, config: ProviderConfig) =>
    joinUrl(baseUrl, `/openai/deployments/${encodeURIComponent(deployment)}/embeddings?api-version=${encodeURIComponent(azureApiVersion(config))}`),
  headers: (apiKey) => keyHeader('api-key', apiKey),
};
