/**
 * Known OpenAI-compatible servers (`type: openai-compatible, preset: groq`) and the defaults of
 * the native provider types. Base URLs are the API root the adapters append paths to
 * (`/chat/completions` for OpenAI-shaped APIs, `/v1/messages` for Anthropic).
 */
import { ConfigError } from './config-error';
import type { ProviderConfig, ProviderType } from './schema';

export interface ProviderPreset {
  id: string;
  label: string;
  baseUrl: string;
  /** Whether calls fail without a key (local servers accept none). */
  requiresKey: boolean;
  /** Runs on this machine: no per-token cost unless the config sets prices. */
  local: boolean;
  /**
   * Prefix of this provider's models in the price table (`groq/llama-3.3-70b-versatile`); the
   * bundled table carries list prices for openai, anthropic, gemini, mistral, groq, deepseek, xai.
   */
  pricingNamespace: string;
  /** Models listed by GET /v1/models when the provider sets no `models` of its own. */
  defaultModels: readonly string[];
}

const preset = (p: ProviderPreset): ProviderPreset => p;

/** Checked against each vendor's documentation (Nov 2026). */
export const providerPresets = {
  ollama: preset({ id: 'ollama', label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', requiresKey: false, local: true, pricingNamespace: 'ollama', defaultModels: [] }),
  lmstudio: preset({ id: 'lmstudio', label: 'LM Studio', baseUrl: 'http://127.0.0.1:1234/v1', requiresKey: false, local: true, pricingNamespace: 'lmstudio', defaultModels: [] }),
  // vLLM only checks a key when started with --api-key.
  vllm: preset({ id: 'vllm', label: 'vLLM', baseUrl: 'http://127.0.0.1:8000/v1', requiresKey: false, local: true, pricingNamespace: 'vllm', defaultModels: [] }),
  groq: preset({
    id: 'groq',
    label: 'Groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    requiresKey: true,
    local: false,
    pricingNamespace: 'groq',
    defaultModels: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-120b', 'openai/gpt-oss-20b'],
  }),
  mistral: preset({
    id: 'mistral',
    label: 'Mistral AI',
    baseUrl: 'https://api.mistral.ai/v1',
    requiresKey: true,
    local: false,
    pricingNamespace: 'mistral',
    defaultModels: ['mistral-large-latest', 'mistral-medium-latest', 'mistral-small-latest', 'codestral-latest'],
  }),
  // DeepSeek documents both https://api.deepseek.com and …/v1 (the "v1" is not a model version).
  deepseek: preset({
    id: 'deepseek',
    label: 'DeepSeek',
    baseUrl: 'https://api.deepseek.com/v1',
    requiresKey: true,
    local: false,
    pricingNamespace: 'deepseek',
    defaultModels: ['deepseek-v4-flash', 'deepseek-v4-pro'],
  }),
  xai: preset({ id: 'xai', label: 'xAI (Grok)', baseUrl: 'https://api.x.ai/v1', requiresKey: true, local: false, pricingNamespace: 'xai', defaultModels: [] }),
  // Together's docs now use api.together.ai; the older api.together.xyz host still answers.
  together: preset({ id: 'together', label: 'Together AI', baseUrl: 'https://api.together.ai/v1', requiresKey: true, local: false, pricingNamespace: 'together', defaultModels: [] }),
  fireworks: preset({ id: 'fireworks', label: 'Fireworks AI', baseUrl: 'https://api.fireworks.ai/inference/v1', requiresKey: true, local: false, pricingNamespace: 'fireworks', defaultModels: [] }),
  openrouter: preset({ id: 'openrouter', label: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1', requiresKey: true, local: false, pricingNamespace: 'openrouter', defaultModels: [] }),
} as const satisfies Record<string, ProviderPreset>;

export type PresetId = keyof typeof providerPresets;
export const presetIds = Object.keys(providerPresets) as PresetId[];

export function findPreset(id: string): ProviderPreset | undefined {
  return Object.hasOwn(providerPresets, id) ? providerPresets[id as PresetId] : undefined;
}

/**
 * Latest dated GA `api-version` of Azure OpenAI's data-plane inference API. (Azure's newer
 * `/openai/v1/` surface needs no api-version; the gateway uses the deployment-style URLs.)
 */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

interface NativeDefaults {
  label: string;
  /** Undefined when there is no sensible default (Azure: every resource has its own host). */
  baseUrl?: string;
  pricingNamespace: string;
}

export const nativeProviderDefaults: Record<Exclude<ProviderType, 'openai-compatible'>, NativeDefaults> = {
  openai: { label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', pricingNamespace: 'openai' },
  anthropic: { label: 'Anthropic', baseUrl: 'https://api.anthropic.com', pricingNamespace: 'anthropic' },
  gemini: { label: 'Google Gemini', baseUrl: 'https://generativelanguage.googleapis.com/v1beta', pricingNamespace: 'gemini' },
  // Azure OpenAI bills the OpenAI list price of the underlying model.
  azure: { label: 'Azure OpenAI', pricingNamespace: 'openai' },
};

const presetOf = (provider: ProviderConfig): ProviderPreset | undefined =>
  provider.type === 'openai-compatible' && provider.preset ? findPreset(provider.preset) : undefined;

/**
 * The base URL calls go to, without a trailing slash: the provider's own `baseUrl`, else its
 * preset's, else its type's default. Throws ConfigError when there is none, which a config
 * that passed parseConfig never causes.
 */
export function resolveProviderBaseUrl(provider: ProviderConfig): string {
  const url =
    provider.baseUrl ?? presetOf(provider)?.baseUrl ?? (provider.type === 'openai-compatible' ? undefined : nativeProviderDefaults[provider.type].baseUrl);
  if (url === undefined) {
    throw new ConfigError([{ path: 'baseUrl', message: `a provider of type ${provider.type}${provider.preset ? ` (preset "${provider.preset}")` : ''} needs baseUrl` }]);
  }
  return url.replace(/\/+$/, '');
}

/** Whether the provider needs a key to answer (false for local servers). */
export function providerRequiresKey(provider: ProviderConfig): boolean {
  if (provider.type !== 'openai-compatible') return true;
  return presetOf(provider)?.requiresKey ?? false;
}

/** The price-table namespace of the provider's models; custom servers fall back to their own id. */
export function pricingNamespace(provider: ProviderConfig, providerId: string): string {
  if (provider.type === 'openai-compatible') return presetOf(provider)?.pricingNamespace ?? providerId;
  return nativeProviderDefaults[provider.type].pricingNamespace;
}

/** Whether the provider runs on this machine (so its tokens cost nothing unless priced). */
export function isLocalProvider(provider: ProviderConfig): boolean {
  return presetOf(provider)?.local ?? false;
}

/** The models GET /v1/models lists for this provider: its own `models`, else the preset's. */
export function listedModels(provider: ProviderConfig): readonly string[] {
  return provider.models ?? presetOf(provider)?.defaultModels ?? [];
}

export function azureApiVersion(provider: ProviderConfig): string {
  return provider.apiVersion ?? DEFAULT_AZURE_API_VERSION;
}
