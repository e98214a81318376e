/**
 * One LiteLLM deployment (`model_list[i].litellm_params`) → a Switchboard provider target.
 * LiteLLM names the provider in the model string (`azure/my-deployment`, `groq/llama-3.3…`)
 * and reads a default env var per provider when `api_key` is absent; both are mapped here.
 * A deployment that cannot be served as LiteLLM would serve it is skipped with a note, never
 * sent somewhere else: an unusable api_base must not turn into the provider's public API.
 */
import { DEFAULT_AZURE_API_VERSION } from '../config/presets';
import { importBaseUrl } from './base-url';
import { deploymentExtras, deploymentHeaders } from './litellm-extras';
import { envReference, isEnvReference } from './provider-book';
import type { ProviderBook } from './provider-book';
import type { ImportNote, Node, ProviderSpec } from './types';
import { isMap, positiveNumber, secondsToMs, timeoutValue } from './types';

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

/**
 * `claude-…` with no prefix is Anthropic to LiteLLM, `gemini-…` Gemini, anything else OpenAI,
 * unless `custom_llm_provider` names the provider (LiteLLM's other way to write the prefix).
 */
function split(model: string, custom: unknown): { prefix: string; name: string } {
  if (typeof custom === 'string' && custom !== '') return { prefix: custom, name: model.startsWith(`${custom}/`) ? model.slice(custom.length + 1) : model };
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

/**
 * Maps one deployment, or returns undefined (with a note) when Switchboard cannot serve it.
 * `strategy` is the routes' strategy: only loadbalance reads weights.
 */
export function mapDeployment(entry: Record<string, unknown>, at: string, book: ProviderBook, notes: ImportNote[], strategy: string): Deployment | undefined {
  const params = isMap(entry.litellm_params) ? entry.litellm_params : undefined;
  const model = params?.model;
  if (!params || typeof model !== 'string' || model === '') {
    notes.push({ at: `${at}.litellm_params.model`, message: 'missing: deployment skipped' });
    return undefined;
  }
  const { prefix, name } = split(model, params.custom_llm_provider);
  const rule = PREFIXES[prefix];
  if (!rule) {
    notes.push({ at: `${at}.litellm_params.model`, message: `provider "${prefix}" has no Switchboard equivalent (supported: ${Object.keys(PREFIXES).join(', ')}): deployment skipped` });
    return undefined;
  }
  // `*` alone is the model asked for; Switchboard has no partial pattern (`claude-*`) to fill in.
  if (name.includes('*') && name !== '*') {
    notes.push({ at: `${at}.litellm_params.model`, message: `"${name}" is a partial wildcard: only "${prefix}/*" (the model asked for) has a Switchboard equivalent: deployment skipped` });
    return undefined;
  }
  const spec = providerSpec(rule, params, at, notes);
  if (!spec) return undefined;
  const token = entraToken(params, spec, `${at}.litellm_params.azure_ad_token`, notes) ?? servicePrincipal(params, spec, `${at}.litellm_params`, notes);
  const keyAt = `${at}.litellm_params.${token ? (spec.auth === 'entra' ? 'client_secret' : 'azure_ad_token') : 'api_key'}`;
  const key = token ?? keyReference(params.api_key, rule, spec, keyAt, notes);
  const providerName = book.add(rule.preset ?? rule.type, spec, key, keyAt);
  const target: Node = { provider: providerName, model: name };
  const timeout = positiveNumber(params.timeout);
  if (timeout !== undefined) target.timeoutMs = timeoutValue(secondsToMs(timeout));
  else if (params.timeout !== undefined && params.timeout !== null) notes.push({ at: `${at}.litellm_params.timeout`, message: 'not a positive number of seconds: not mapped' });
  // simple-shuffle weighs by weight, else rpm, else tpm.
  const weight = positiveNumber(params.weight) ?? positiveNumber(params.rpm) ?? positiveNumber(entry.rpm) ?? positiveNumber(params.tpm) ?? positiveNumber(entry.tpm);
  if (weight !== undefined) target.weight = weight;
  Object.assign(target, deploymentExtras(entry, params, spec.type, at, notes));
  if (params.rpm !== undefined || params.tpm !== undefined || entry.rpm !== undefined || entry.tpm !== undefined) {
    const use = strategy === 'loadbalance' ? 'used as the load-balancing weight where no weight is set' : `and ${strategy} uses no weights`;
    notes.push({ at, message: `rpm/tpm limits are not imported (Switchboard limits apply per route or key); ${use}` });
  }
  const order = positiveNumber(params.order);
  return order === undefined ? { target } : { target, order };
}

function providerSpec(rule: PrefixRule, params: Record<string, unknown>, at: string, notes: ImportNote[]): ProviderSpec | undefined {
  const spec: ProviderSpec = { type: rule.type };
  if (rule.preset) spec.preset = rule.preset;
  const baseAt = `${at}.litellm_params.api_base`;
  let urlVersion: string | undefined;
  if (isEnvReference(params.api_base)) {
    // Never dropped: without it the deployment would go to the provider's public API (for
    // `openai/…`, a local model's traffic and the user's OpenAI key would go to OpenAI).
    const variable = envReference(params.api_base) ?? 'that variable';
    notes.push({ at: baseAt, message: `${params.api_base}: Switchboard cannot read a base URL from the environment, so the deployment is skipped (set api_base to the value of ${variable} and import again, or add the provider by hand with that baseUrl)` });
    return undefined;
  }
  if (params.api_base !== undefined && params.api_base !== null) {
    const base = importBaseUrl(params.api_base, rule.type, baseAt, notes, rule.v1 ? { v1: true } : {});
    if (!base.ok) {
      notes.push({ at: baseAt, message: `${base.reason}: deployment skipped (without it, calls would go to the provider's public API)` });
      return undefined;
    }
    // `openai/…` with another server's api_base is LiteLLM's generic OpenAI-compatible route.
    if (rule.type === 'openai' && new URL(base.url).hostname !== 'api.openai.com') spec.type = 'openai-compatible';
    spec.baseUrl = base.url;
    urlVersion = base.apiVersion;
  }
  const version = params.api_version;
  if (rule.type === 'azure') {
    if (spec.baseUrl === undefined) {
      notes.push({ at: baseAt, message: 'an Azure deployment needs api_base: deployment skipped' });
      return undefined;
    }
    if (isEnvReference(version)) {
      const fallback = urlVersion === undefined ? `the default ${DEFAULT_AZURE_API_VERSION} applies` : `the URL's ${urlVersion} applies`;
      const variable = envReference(version) ?? 'that variable';
      notes.push({ at: `${at}.litellm_params.api_version`, message: `${version}: Switchboard cannot read apiVersion from the environment, so it is left out and ${fallback} (set apiVersion to the value of ${variable})` });
      if (urlVersion !== undefined) spec.apiVersion = urlVersion;
    } else if (typeof version === 'string' && version !== '') {
      spec.apiVersion = version;
      if (urlVersion !== undefined && urlVersion !== version) notes.push({ at: `${at}.litellm_params.api_version`, message: `used instead of the URL's api-version ${urlVersion}` });
    } else {
      if (version !== undefined && version !== null) notes.push({ at: `${at}.litellm_params.api_version`, message: 'not text (quote it): not mapped' });
      if (urlVersion !== undefined) spec.apiVersion = urlVersion;
    }
  } else if (version !== undefined) {
    notes.push({ at: `${at}.litellm_params.api_version`, message: 'applies only to Azure: not mapped' });
  }
  const headers = { ...deploymentHeaders(params, at, notes), ...organizationHeader(params.organization, spec.type, `${at}.litellm_params.organization`, notes) };
  if (Object.keys(headers).length > 0) spec.headers = headers;
  return spec;
}

/** OpenAI's `organization` is a header; LiteLLM sends it only to OpenAI. */
function organizationHeader(organization: unknown, type: ProviderSpec['type'], at: string, notes: ImportNote[]): Record<string, string> {
  if (organization === undefined || organization === null) return {};
  if (type !== 'openai') notes.push({ at, message: 'applies only to OpenAI: not mapped' });
  else if (envReference(organization) !== undefined) return { 'OpenAI-Organization': `env:${envReference(organization)}` };
  else if (isEnvReference(organization)) notes.push({ at, message: `${String(organization)}: not an environment variable name, not mapped` });
  else if (typeof organization !== 'string' || organization === '') notes.push({ at, message: 'not text: not mapped' });
  else return { 'OpenAI-Organization': organization };
  return {};
}

/**
 * LiteLLM's `azure_ad_token` (a Microsoft Entra ID token, sent as `Authorization: Bearer`) as the
 * key of an `auth: bearer` provider, when the deployment has no api_key. With one, or when it is
 * not something Switchboard can send (an `oidc/…` exchange), the deployment keeps its api_key and
 * a note says the token was not mapped.
 */
function entraToken(params: Record<string, unknown>, spec: ProviderSpec, at: string, notes: ImportNote[]): { envVar?: string; literal?: string } | undefined {
  const token = params.azure_ad_token;
  if (token === undefined || token === null || token === '') return undefined;
  if (spec.type !== 'azure') notes.push({ at, message: 'applies only to Azure: not mapped' });
  else if (typeof token !== 'string') notes.push({ at, message: 'not text: not mapped' });
  else if (token.startsWith('oidc/')) notes.push({ at, message: 'an OIDC token exchange has no Switchboard equivalent: not mapped (store an Entra ID token and set auth: bearer)' });
  else if (params.api_key !== undefined && params.api_key !== null && params.api_key !== '') notes.push({ at, message: 'not mapped: the deployment sends its api_key (set auth: bearer with the token as its credential to use the token instead)' });
  else {
    spec.auth = 'bearer';
    const envVar = envReference(token);
    if (envVar !== undefined) return { envVar };
    if (isEnvReference(token)) notes.push({ at, message: 'not a valid environment variable reference: treated as a literal token' });
    return { literal: token };
  }
  return undefined;
}

/**
 * LiteLLM's service principal (`tenant_id`, `client_id`, `client_secret`) as an `auth: entra`
 * provider, whose key is the client secret: the gateway signs in with it for tokens, as LiteLLM
 * does. Only on Azure with no api_key (which LiteLLM would send instead); the ids must be
 * written out, since the config reads no environment variable for them.
 */
function servicePrincipal(params: Record<string, unknown>, spec: ProviderSpec, at: string, notes: ImportNote[]): { envVar?: string; literal?: string } | undefined {
  const { tenant_id: tenant, client_id: client, client_secret: secret } = params;
  if ([tenant, client, secret].every((value) => value === undefined || value === null || value === '')) return undefined;
  const skip = (message: string): undefined => void notes.push({ at: `${at}.client_secret`, message: `${message}: the service principal is not mapped` });
  if (spec.type !== 'azure') return skip('applies only to Azure');
  if (params.api_key !== undefined && params.api_key !== null && params.api_key !== '') return skip('the deployment sends its api_key');
  if (typeof tenant !== 'string' || tenant === '' || typeof client !== 'string' || client === '' || typeof secret !== 'string' || secret === '') {
    return skip('tenant_id, client_id and client_secret are needed together');
  }
  if (isEnvReference(tenant) || isEnvReference(client)) return skip('write tenant_id and client_id themselves (Switchboard reads them from the config only)');
  spec.auth = 'entra';
  spec.entra = { tenantId: tenant, clientId: client };
  const envVar = envReference(secret);
  if (envVar !== undefined) return { envVar };
  if (isEnvReference(secret)) notes.push({ at: `${at}.client_secret`, message: 'not a valid environment variable reference: treated as a literal secret' });
  return { literal: secret };
}

/**
 * How the provider gets its key. With no api_key LiteLLM reads the provider's default env var,
 * and so does the import, except for `openai/…` on another server: there LiteLLM would send
 * the user's OpenAI key to that server, so the provider gets no key (most local servers need
 * none) and a note says so.
 */
function keyReference(apiKey: unknown, rule: PrefixRule, spec: ProviderSpec, at: string, notes: ImportNote[]): { envVar?: string; literal?: string } {
  if (apiKey === undefined || apiKey === null || apiKey === '') {
    if (rule.type === 'openai' && spec.type === 'openai-compatible') {
      notes.push({ at, message: `unset: LiteLLM would send OPENAI_API_KEY to ${spec.baseUrl ?? 'this server'}; Switchboard sends no key (set apiKey: env:VAR on the provider if the server needs one)` });
      return {};
    }
    return rule.env ? { envVar: rule.env } : {};
  }
  const envVar = envReference(apiKey);
  if (envVar !== undefined) return { envVar };
  if (isEnvReference(apiKey)) notes.push({ at, message: 'not a valid environment variable reference: treated as a literal key' });
  return { literal: typeof apiKey === 'string' ? apiKey : JSON.stringify(apiKey) };
}
