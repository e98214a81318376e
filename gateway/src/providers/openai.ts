import { azureApiVersion } from '../config/presets';
import type { ProviderConfig } from '../config/schema';
import { deepseekProviderFormat, mistralProviderFormat, openaiCompatibleProviderFormat, openaiEmbeddingFormat, openaiProviderFormat, openaiUsageTap, parseOpenAIError } from '../formats/openai';
import { joinUrl, keyHeader } from './types';
import type { NativeFixes, ProviderKind } from './types';


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

/** DeepSeek's API (preset `deepseek`): OpenAI-compatible, with its reasoning sent back to it. */
export const deepseekKind: ProviderKind = { ...openaiCompatibleKind, format: deepseekProviderFormat };

/**
 * Mistral's API (`preset: mistral`): OpenAI-shaped, but it refuses fields it does not know with a
 * 422, `stream_options` among them; it reports usage on its last stream chunk without being asked.
 */
export const mistralKind: ProviderKind = { ...openaiCompatibleKind, format: mistralProviderFormat, streamUsageUnasked: true, nativeFixes: mistralNativeFixes };

/**
 * An OpenAI client's fields Mistral refuses with a 422 but has an answer for: `stream_options`
 * (Mistral puts usage on its last chunk unasked; the AI SDK and LangChain always send it) and
 * `max_completion_tokens` (its `max_tokens`).
 */
function mistralNativeFixes(raw: Readonly<Record<string, unknown>>): NativeFixes | undefined {
  const streamOptions = 'stream_options' in raw;
  const maxCompletion = 'max_completion_tokens' in raw;
  if (!streamOptions && !maxCompletion) return undefined;
  const set: Record<string, unknown> = {};
  const drop: string[] = [];
  if (streamOptions) drop.push('stream_options');
  if (maxCompletion) {
    drop.push('max_completion_tokens');
    if (raw.max_tokens === undefined) set.max_tokens = raw.max_completion_tokens;
  }
  return { set, drop };
}

/**
 * Whether an Azure baseUrl is the root of Azure's v1 API (`https://NAME.openai.azure.com/openai/v1`,
 * GA since August 2025): OpenAI's own paths, the deployment name in the body's `model`, and no
 * `api-version`. Any other Azure baseUrl is the resource root of the deployment-style API.
 */
export function isAzureV1(baseUrl: string): boolean {
  return /\/openai\/v1\/?$/.test(baseUrl);
}

/** `/openai/deployments/{deployment}/{endpoint}?api-version=…` under the resource root, or the v1 API's own path. */
function azureUrl(baseUrl: string, deployment: string, endpoint: string, config: ProviderConfig): string {
  if (isAzureV1(baseUrl)) return joinUrl(baseUrl, endpoint);
  return joinUrl(baseUrl, `/openai/deployments/${encodeURIComponent(deployment)}/${endpoint}?api-version=${encodeURIComponent(azureApiVersion(config))}`);
}

/**
 * Azure OpenAI: the model name is the deployment name, the key goes in `api-key`, and every
 * call carries `api-version` (except on the v1 API, which has none).
 */
export const azureKind: ProviderKind = {
  ...openaiKind,
  type: 'azure',
  chatUrl: (baseUrl, deployment, _stream, config: ProviderConfig) => azureUrl(baseUrl, deployment, 'chat/completions', config),
  embeddingsUrl: (baseUrl, deployment, config: ProviderConfig) => azureUrl(baseUrl, deployment, 'embeddings', config),
  headers: (apiKey) => keyHeader('api-key', apiKey),
};
