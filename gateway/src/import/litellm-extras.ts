/**
 * What a LiteLLM deployment sets besides its provider: sampling parameters (→ the target's
 * `params`), prices (→ the target's `price`), extra headers (→ the provider's `headers`), and
 * `model_info`. Every key is either read or noted, so nothing in the source vanishes unseen.
 */
import { credentialHeaders } from '../config/schema';
import { looksLikeKey } from '../guardrails/detectors/secrets';
import { carriesCredential, headerReference } from '../secrets/header-secrets';
import { envReference, isEnvReference } from './provider-book';
import { providerParams } from './request-params';
import type { ImportNote, Node, ProviderSpec } from './types';
import { isMap, numberLike } from './types';

/** OpenAI request parameters LiteLLM passes on to the provider. */
const SAMPLING = new Set([
  'temperature',
  'top_p',
  'top_k',
  'max_tokens',
  'max_completion_tokens',
  'seed',
  'stop',
  'frequency_penalty',
  'presence_penalty',
  'response_format',
  'logit_bias',
  'reasoning_effort',
  'parallel_tool_calls',
  'thinking',
]);

/** LiteLLM's cost keys (USD per token, in litellm_params or model_info) → price fields. */
const PRICES: Record<string, 'input' | 'output' | 'cachedInput' | 'cacheWrite' | 'cacheWrite1h'> = {
  input_cost_per_token: 'input',
  output_cost_per_token: 'output',
  cache_read_input_token_cost: 'cachedInput',
  cache_creation_input_token_cost: 'cacheWrite',
  cache_creation_input_token_cost_above_1hr: 'cacheWrite1h',
};

/** litellm_params read by mapDeployment or here; any other key is noted. */
const READ_PARAMS = new Set([
  'model',
  'custom_llm_provider',
  'api_key',
  'azure_ad_token',
  'tenant_id',
  'client_id',
  'client_secret',
  'api_base',
  'api_version',
  'organization',
  'timeout',
  'rpm',
  'tpm',
  'weight',
  'order',
  'extra_headers',
  'headers',
  'extra_body',
  ...SAMPLING,
  ...Object.keys(PRICES),
]);

/** Why some well-known keys are not carried over; anything else is simply "not mapped". */
const REASONS: Record<string, string> = {
  stream_timeout: 'not mapped (no per-deployment equivalent: set ttftTimeoutMs on the route)',
  max_retries: 'not mapped (no per-deployment equivalent: set retry on the route)',
  input_cost_per_second: 'not mapped (Switchboard prices by token)',
  output_cost_per_second: 'not mapped (Switchboard prices by token)',
  max_tokens: 'not mapped (Switchboard reads context windows from its price table)',
  max_input_tokens: 'not mapped (Switchboard reads context windows from its price table)',
  max_output_tokens: 'not mapped (Switchboard reads context windows from its price table)',
  base_model: 'not mapped (costs are looked up by the target’s model: set price on the target if that is not a known model name)',
};

/** model_info keys read here. `id` only names the deployment inside LiteLLM, so it carries nothing over. */
const READ_INFO = new Set(['id', 'mode', ...Object.keys(PRICES)]);

/** Routes serve chat and embeddings by name; other modes (legacy completions, images, audio, rerank) have no Switchboard endpoint. */
const SERVED_MODES = new Set(['chat', 'embedding']);

/** Keys of a model_list entry itself (rpm and tpm may sit there too). */
const READ_ENTRY = new Set(['model_name', 'litellm_params', 'model_info', 'rpm', 'tpm']);

/** The target's `params` and `price`, with a note for every key not carried over. */
export function deploymentExtras(entry: Record<string, unknown>, params: Record<string, unknown>, type: ProviderSpec['type'], at: string, notes: ImportNote[]): Node {
  const extras: Node = {};
  for (const key of Object.keys(entry)) if (!READ_ENTRY.has(key)) notes.push({ at: `${at}.${key}`, message: 'not mapped' });
  const sampling: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (SAMPLING.has(key)) {
      if (isEnvReference(value)) notes.push({ at: `${at}.litellm_params.${key}`, message: `${value}: Switchboard cannot read a parameter from the environment, not mapped` });
      else sampling[key] = value;
    } else if (!READ_PARAMS.has(key)) {
      notes.push({ at: `${at}.litellm_params.${key}`, message: REASONS[key] ?? 'not mapped' });
    }
  }
  // extra_body is already in the provider's own names: LiteLLM merges it into the body as is.
  const body = isMap(params.extra_body) ? params.extra_body : {};
  if (params.extra_body !== undefined && !isMap(params.extra_body)) notes.push({ at: `${at}.litellm_params.extra_body`, message: 'not a map: not mapped' });
  const forced = { ...providerParams(type, sampling, `${at}.litellm_params`, notes), ...body };
  if (Object.keys(forced).length > 0) extras.params = forced;

  const info = isMap(entry.model_info) ? entry.model_info : {};
  if (entry.model_info !== undefined && !isMap(entry.model_info)) notes.push({ at: `${at}.model_info`, message: 'not a map: not mapped' });
  for (const [key, value] of Object.entries(info)) {
    if (!READ_INFO.has(key)) notes.push({ at: `${at}.model_info.${key}`, message: REASONS[key] ?? 'not mapped' });
    else if (key === 'mode' && !SERVED_MODES.has(String(value))) {
      notes.push({ at: `${at}.model_info.mode`, message: `"${String(value)}": Switchboard serves chat and embeddings only, so this route can take only those` });
    }
  }
  const price = priceOf(info, params, at, notes);
  if (price) extras.price = price;
  return extras;
}

/**
 * LiteLLM costs are USD per token, set in model_info or litellm_params (which wins);
 * Switchboard prices are USD per million tokens.
 */
function priceOf(info: Record<string, unknown>, params: Record<string, unknown>, at: string, notes: ImportNote[]): Node | undefined {
  const price: Record<string, number> = {};
  for (const [key, field] of Object.entries(PRICES)) {
    const [section, value] = params[key] !== undefined ? ['litellm_params', params[key]] : ['model_info', info[key]];
    const cost = numberLike(value);
    // toPrecision: 0.00000015 × 1e6 is 0.15000000000000002 in floating point.
    if (cost !== undefined && cost >= 0) price[field] = Number((cost * 1_000_000).toPrecision(12));
    else if (value !== undefined) notes.push({ at: `${at}.${section}.${key}`, message: 'not a number ≥ 0: not mapped' });
  }
  if (Object.keys(price).length === 0) return undefined;
  if (price.input === undefined || price.output === undefined) {
    notes.push({ at, message: 'a price needs both input_cost_per_token and output_cost_per_token: not mapped (the bundled price table applies)' });
    return undefined;
  }
  return price;
}

/**
 * `extra_headers` / `headers` → the provider's headers, leaving out the ones that carry a key
 * or a literal secret (the config refuses them: keys go in credential or apiKey, other secrets
 * in a `credential:NAME` reference); an `os.environ/VAR` value becomes `env:VAR`.
 */
export function deploymentHeaders(params: Record<string, unknown>, at: string, notes: ImportNote[]): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  for (const field of ['headers', 'extra_headers'] as const) {
    const source = params[field];
    if (source === undefined) continue;
    if (!isMap(source)) {
      notes.push({ at: `${at}.litellm_params.${field}`, message: 'not a map: not mapped' });
      continue;
    }
    for (const [name, value] of Object.entries(source)) {
      const where = `${at}.litellm_params.${field}.${name}`;
      const variable = envReference(value);
      if (credentialHeaders.has(name.toLowerCase())) notes.push({ at: where, message: 'carries a key: not copied (store it as the provider’s credential, or set apiKey: env:VAR)' });
      else if (variable !== undefined && name !== '') headers[name] = `env:${variable}`;
      else if (isEnvReference(value)) notes.push({ at: where, message: `${String(value)}: not an environment variable name, not mapped` });
      else if (name === '' || (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')) notes.push({ at: where, message: 'not a header value: not mapped' });
      else if (carriesCredential(name) || (typeof value === 'string' && (looksLikeKey(value) || headerReference(value) !== undefined))) {
        notes.push({ at: where, message: `carries a secret: not copied (store it in the keychain and write ${name}: "credential:NAME", or ${name}: "env:VAR")` });
      } else headers[name] = String(value);
    }
  }
  return Object.keys(headers).length === 0 ? undefined : headers;
}
