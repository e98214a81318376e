/**
 * One LiteLLM deployment (`model_list[i].litellm_params`) → a Switchboard provider target.
 * LiteLLM names the provider in the model string (`azure/my-deployment`, `groq/llama-3.3…`)
 * and reads a default env var per provider when `api_key` is absent; both are mapped here.
 */
import { cleanBaseUrl, envReference, withoutV1, withV1 } from './provider-book';
import type { ProviderBook } from './provider-book';
import type { ImportNote, Node, ProviderSpec } from './types';
import { isMap, positiveNumber, secondsToMs } from './types';

interface PrefixRule {
  type: ProviderSpec['type'];
  preset?: string;
  /** The env var LiteLLM reads when the deployment has no api_key. */
  env?: string;
  /** Ollama's api_base is its native root; its OpenAI-compatible API lives under /v1. */
  v1?: boolean;
}

const compatible = (preset: string, env?: string, v1?: boolean): PrefixRule => ({ type: 'openai-compatible', preset, ...(env ? { env } : {}), ...(v1 ? { v1 } : {}) });

const PREFIXES: Record<string, PrefixRule> = {
  openai: { type: 'openai', env: 'OPENAI_API_KEY' },
  azure: { type: 'azure', env: 'AZURE_API_KEY' },
  anthropic: { type: 'anthropic', env: 'ANTHROPIC_API_KEY' },
  gemini: { type: 'gemini', env: 'GEMINI_API_KEY' },
  groq: compatible('groq', 'GROQ_API_KEY'),
  mistral: compatible('mistral', 'MISTRAL_API_KEY'),
  deepseek: compatible('deepseek', 'DEEPSEEK_API_KEY'),
  xai: compatible('xai', 'XAI_API_KEY'),
  together_ai: compatible('together', 'TOGETHERAI_API_KEY'),
  fireworks_ai: compatible('fireworks', 'FIREWORKS_AI_API_KEY'),
  openrouter: compatible('openrouter', 'OPENROUTER_API_KEY'),
  ollama: compatible('ollama', undefined, true),
  ollama_chat: compatible('ollama', undefined, true),
  hosted_vllm: compatible('vllm'),
  lm_studio: compatible('lmstudio'),
};

/** `claude-…` with no prefix is Anthropic to LiteLLM, `gemini-…` Gemini, anything else OpenAI. */
function split(model: string): { prefix: string; name: string } {
  const slash = model.indexOf('/');
  if (slash > 0) return { prefix: model.slice(0, slash), name: model.slice(slash + 1) };
  if (/^claude/i.test(model)) return { prefix: 'anthropic', name: model };
  if (/^gemini/i.test(model)) return { prefix: 'gemini', name: model };
  return { prefix: 'openai', name: model };
}

export interface Deployment {
  target: Node;
  /** LiteLLM's `order`: lower tried first. */
  order?: number;
}

/** Maps one deployment, or returns undefined (with a note) when Switchboard cannot serve it. */
export function mapDeployment(entry: Record<string, unknown>, at: string, book: ProviderBook, notes: ImportNote[]): Deployment | undefined {
  const params = isMap(entry.litellm_params) ? entry.litellm_params : undefined;
  const model = params?.model;
  if (!params || typeof model !== 'string' || model === '') {
    notes.push({ at: `${at}.litellm_params.model`, message: 'missing: deployment skipped' });
    return undefined;
  }
  const { prefix, name } = split(model);
  const rule = PREFIXES[prefix];
  if (!rule) {
    notes.push({ at: `${at}.litellm_params.model`, message: `provider "${prefix}" has no Switchboard equivalent (supported: ${Object.keys(PREFIXES).join(', ')}): deployment skipped` });
    return undefined;
  }
  const spec = providerSpec(rule, params, at, notes);
  if (!spec) return undefined;
  const key = keyReference(params.api_key, rule, `${at}.litellm_params.api_key`, notes);
  const providerName = book.add(rule.preset ?? rule.type, spec, key, `${at}.litellm_params.api_key`);
  const target: Node = { provider: providerName, model: name };
  const timeout = positiveNumber(params.timeout);
  if (timeout !== undefined) target.timeoutMs = secondsToMs(timeout);
  // simple-shuffle weighs by weight, else rpm, else tpm.
  const weight = positiveNumber(params.weight) ?? positiveNumber(params.rpm) ?? positiveNumber(entry.rpm) ?? positiveNumber(params.tpm) ?? positiveNumber(entry.tpm);
  if (weight !== undefined) target.weight = weight;
  for (const unmapped of ['stream_timeout', 'max_retries', 'region_name', 'input_cost_per_token', 'output_cost_per_token']) {
    if (params[unmapped] !== undefined) notes.push({ at: `${at}.litellm_params.${unmapped}`, message: 'not mapped (no per-deployment equivalent)' });
  }
  if (params.rpm !== undefined || params.tpm !== undefined || entry.rpm !== undefined || entry.tpm !== undefined) {
    notes.push({ at, message: 'rpm/tpm limits are not imported (Switchboard limits apply per route or key); used as the load-balancing weight where no weight is set' });
  }
  const order = positiveNumber(params.order);
  return order === undefined ? { target } : { target, order };
}

function providerSpec(rule: PrefixRule, params: Record<string, unknown>, at: string, notes: ImportNote[]): ProviderSpec | undefined {
  const spec: ProviderSpec = { type: rule.type };
  if (rule.preset) spec.preset = rule.preset;
  let baseUrl = params.api_base === undefined ? undefined : cleanBaseUrl(params.api_base);
  if (params.api_base !== undefined && baseUrl === undefined) notes.push({ at: `${at}.litellm_params.api_base`, message: 'not an http(s) URL: ignored' });
  if (baseUrl !== undefined) {
    if (rule.v1) baseUrl = withV1(baseUrl);
    if (rule.type === 'anthropic') baseUrl = withoutV1(baseUrl);
    // `openai/…` with another server's api_base is LiteLLM's generic OpenAI-compatible route.
    if (rule.type === 'openai' && new URL(baseUrl).hostname !== 'api.openai.com') spec.type = 'openai-compatible';
    spec.baseUrl = baseUrl;
  }
  if (rule.type === 'azure') {
    if (baseUrl === undefined) {
      notes.push({ at: `${at}.litellm_params.api_base`, message: 'an Azure deployment needs api_base: deployment skipped' });
      return undefined;
    }
    if (typeof params.api_version === 'string' && params.api_version !== '') spec.apiVersion = params.api_version;
  }
  return spec;
}

function keyReference(apiKey: unknown, rule: PrefixRule, at: string, notes: ImportNote[]): { envVar?: string; literal?: string } {
  if (apiKey === undefined || apiKey === null || apiKey === '') return rule.env ? { envVar: rule.env } : {};
  const envVar = envReference(apiKey);
  if (envVar !== undefined) return { envVar };
  if (typeof apiKey === 'string' && apiKey.startsWith('os.environ/')) {
    notes.push({ at, message: 'not a valid environment variable reference: treated as a literal key' });
  }
  return { literal: typeof apiKey === 'string' ? apiKey : JSON.stringify(apiKey) };
}
