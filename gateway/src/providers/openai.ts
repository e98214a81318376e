import { azureApiVersion } from '../config/presets';
import type { ProviderConfig } from '../config/schema';
import { azureProviderFormat, deepseekProviderFormat, mistralProviderFormat, openaiCompatibleProviderFormat, openaiEmbeddingFormat, openaiProviderFormat, openaiUsageTap, parseOpenAIError } from '../formats/openai';
import { responsesNativeApi } from '../formats/openai-responses/native';
import { joinUrl, keyHeader } from './types';
import type { NativeApi, NativeFixes, ProviderKind } from './types';

/** The chat shape every OpenAI-compatible server shares. */
const openaiChatKind: ProviderKind = {
  type: 'openai',
  nativeShape: 'openai',
  format: openaiProviderFormat,
  embeddings: openaiEmbeddingFormat,
  usageTap: openaiUsageTap,
  chatUrl: (baseUrl) => joinUrl(baseUrl, '/chat/completions'),
  embeddingsUrl: (baseUrl) => joinUrl(baseUrl, '/embeddings'),
  completionsUrl: (baseUrl) => joinUrl(baseUrl, '/completions'),
  headers: (apiKey) => keyHeader('authorization', apiKey, 'Bearer '),
  parseError: parseOpenAIError,
};

/**
 * OpenAI itself (`type: openai`, whatever its baseUrl: a proxy in front of OpenAI speaks its
 * API): chat completions, and the Responses API at `/responses`, both natively. Only this type
 * takes the Responses API natively by default: OpenAI-compatible servers and Azure get it
 * translated to chat completions, which they all speak (Azure's Responses API covers only some
 * models and regions: a provider opts in with `nativeResponses`, see azureResponsesApi).
 */
export const openaiKind: ProviderKind = { ...openaiChatKind, nativeApis: { 'openai-responses': responsesNativeApi } };

/** Ollama, LM Studio, vLLM, Groq, Mistral, DeepSeek, xAI, Together, Fireworks, OpenRouter… */
export const openaiCompatibleKind: ProviderKind = { ...openaiChatKind, type: 'openai-compatible', format: openaiCompatibleProviderFormat };

/**
 * DeepSeek's API (preset `deepseek`): OpenAI-compatible, with its reasoning sent back to it. Its
 * text completions (fill-in-the-middle, for autocomplete) are a beta at `/beta/completions`,
 * beside `/v1` rather than under it.
 */
export const deepseekKind: ProviderKind = {
  ...openaiCompatibleKind,
  format: deepseekProviderFormat,
  completionsUrl: (baseUrl) => joinUrl(baseUrl.replace(/\/v1\/?$/, ''), '/beta/completions'),
};

/**
 * Mistral's API (`preset: mistral`): OpenAI-shaped, but it refuses fields it does not know with a
 * 422, `stream_options` among them; it reports usage on its last stream chunk without being asked.
 */
export const mistralKind: ProviderKind = {
  ...openaiCompatibleKind,
  format: mistralProviderFormat,
  streamUsageUnasked: true,
  // Its completions are fill-in-the-middle only, in a shape of their own (pipeline/completions.ts).
  completionsUrl: undefined,
  fimUrl: (baseUrl) => joinUrl(baseUrl, '/fim/completions'),
  nativeFixes: (raw) => renameAndDrop(raw, MISTRAL_RENAMES, MISTRAL_REFUSED),
  nativeEmbeddingFixes: (raw) => renameAndDrop(raw, MISTRAL_EMBEDDING_RENAMES, MISTRAL_EMBEDDING_REFUSED),
};

/** `raw`'s fields the server spells its own way renamed, and those it refuses left out; undefined when it has none. */
function renameAndDrop(raw: Readonly<Record<string, unknown>>, renames: ReadonlyArray<readonly [string, string]>, refused: readonly string[]): NativeFixes | undefined {
  const renamed = renames.filter(([from]) => from in raw);
  const dropped = refused.filter((name) => name in raw);
  if (renamed.length === 0 && dropped.length === 0) return undefined;
  const set: Record<string, unknown> = {};
  for (const [from, to] of renamed) if (raw[to] === undefined) set[to] = raw[from];
  return { set, drop: [...dropped, ...renamed.map(([from]) => from)] };
}

/**
 * An OpenAI client's chat fields Mistral refuses with a 422 (extra_forbidden): `stream_options`
 * (it puts usage on its last chunk unasked; the AI SDK and LangChain always send it), `user` (it
 * has none), and two it spells its own way: `max_completion_tokens` (its `max_tokens`) and `seed`
 * (its `random_seed`).
 */
const MISTRAL_REFUSED = ['stream_options', 'user'];
const MISTRAL_RENAMES = [
  ['max_completion_tokens', 'max_tokens'],
  ['seed', 'random_seed'],
] as const;

/**
 * Its embeddings API takes `model`, `input`, `encoding_format`, `output_dimension`, `output_dtype`
 * and `metadata`, and refuses anything else as extra_forbidden: OpenAI's `dimensions` is its
 * `output_dimension` (codestral-embed; mistral-embed has a fixed size and says so), and `user` has
 * no counterpart.
 */
const MISTRAL_EMBEDDING_REFUSED = ['user'];
const MISTRAL_EMBEDDING_RENAMES = [['dimensions', 'output_dimension']] as const;

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
 * Azure's Responses API, for a provider with `nativeResponses: true`: only on the v1 API, at
 * `/openai/v1/responses` under the resource root, the deployment named by the body's `model`.
 */
export const azureResponsesApi: NativeApi = {
  ...responsesNativeApi,
  url: (baseUrl) => joinUrl(baseUrl, isAzureV1(baseUrl) ? '/responses' : '/openai/v1/responses'),
};

/**
 * Azure OpenAI: the model name is the deployment name, the key goes in `api-key`, and every
 * call carries `api-version` (except on the v1 API, which has none).
 */
export const azureKind: ProviderKind = {
  ...openaiChatKind,
  type: 'azure',
  format: azureProviderFormat,
  chatUrl: (baseUrl, deployment, _stream, config: ProviderConfig) => azureUrl(baseUrl, deployment, 'chat/completions', config),
  embeddingsUrl: (baseUrl, deployment, config: ProviderConfig) => azureUrl(baseUrl, deployment, 'embeddings', config),
  completionsUrl: (baseUrl, deployment, config: ProviderConfig) => azureUrl(baseUrl, deployment, 'completions', config),
  headers: (apiKey) => keyHeader('api-key', apiKey),
};

/**
 * Azure OpenAI with `auth: bearer`: the credential is a Microsoft Entra ID access token, which Azure
 * takes as `Authorization: Bearer` in place of an `api-key`.
 */
export const azureBearerKind: ProviderKind = { ...azureKind, headers: (token) => keyHeader('authorization', token, 'Bearer ') };
