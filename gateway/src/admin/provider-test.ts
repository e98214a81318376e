/**
 * "Test connection": one real, cheap, read-only call to the provider with its key — its models
 * list — reporting whether it answered, how fast, and the provider's own message when not.
 * Listing models costs nothing and proves the URL, the key and the network path at once.
 */
import { request } from 'undici';
import { azureApiVersion, providerRequiresKey } from '../config/presets';
import type { ProviderConfig } from '../config/schema';
import { GatewayError } from '../errors/gateway-error';
import { isAzureV1 } from '../providers/openai';
import type { ProviderKind } from '../providers/types';
import { networkError, upstreamAgent } from '../upstream/http';
import { withoutSecrets } from '../upstream/upstream-error';
import type { ProviderTestDto } from './api-types';

export const PROVIDER_TEST_TIMEOUT_MS = 10_000;

export interface TestableProvider {
  name: string;
  config: ProviderConfig;
  kind: ProviderKind;
  baseUrl: string;
  apiKey(): Promise<string | undefined>;
  /** The configured headers with their secret references resolved. */
  headers(): Promise<Readonly<Record<string, string>> | undefined>;
  /** The key and header secrets, to redact from what the provider says. */
  secrets(): Promise<readonly string[]>;
  /** Drops the resolved secrets after a 401 (see Provider.forgetSecrets). */
  forgetSecrets(): void;
}

/** The models-list URL of each provider type (all GET, all free). */
export function modelsUrl(provider: Pick<TestableProvider, 'config' | 'baseUrl'>): string {
  const base = provider.baseUrl.replace(/\/+$/, '');
  switch (provider.config.type) {
    case 'anthropic':
      return `${base}/v1/models`;
    case 'azure':
      return isAzureV1(base) ? `${base}/models` : `${base}/openai/models?api-version=${encodeURIComponent(azureApiVersion(provider.config))}`;
    default:
      // OpenAI and compatible servers: {baseUrl}/models; Gemini: {baseUrl}/models too (baseUrl ends in /v1beta).
      return `${base}/models`;
  }
}

/** Counts the models in a list answer: `data` (OpenAI, Anthropic, Azure) or `models` (Gemini). */
function countModels(body: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const list = 'data' in parsed ? parsed.data : 'models' in parsed ? parsed.models : undefined;
    return Array.isArray(list) ? list.length : undefined;
  } catch {
    return undefined;
  }
}

export async function testProvider(provider: TestableProvider, timeoutMs = PROVIDER_TEST_TIMEOUT_MS): Promise<ProviderTestDto> {
  let key: string | undefined;
  let headers: Readonly<Record<string, string>> | undefined;
  try {
    key = await provider.apiKey();
    headers = await provider.headers();
  } catch (error) {
    return { ok: false, latencyMs: 0, message: error instanceof GatewayError ? error.message : 'Could not read the key' };
  }
  // A provider that names a key source needs it, even a custom server that might answer without.
  const namesKey = provider.config.credential !== undefined || provider.config.apiKey !== undefined;
  if (key === undefined && (namesKey || providerRequiresKey(provider.config))) {
    const source = provider.config.credential !== undefined ? `credential "${provider.config.credential}"` : provider.config.apiKey ?? 'no credential';
    return { ok: false, latencyMs: 0, message: `No key is set for this provider (${source})` };
  }
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  try {
    const response = await request(modelsUrl(provider), {
      method: 'GET',
      headers: { accept: 'application/json', ...headers, ...provider.kind.headers(key) },
      signal,
      dispatcher: upstreamAgent,
    });
    const body = await response.body.text();
    const latencyMs = Math.round(performance.now() - started);
    if (response.statusCode >= 200 && response.statusCode < 300) {
      const models = countModels(body);
      return { ok: true, latencyMs, status: response.statusCode, ...(models === undefined ? {} : { models, message: `${models} models available` }) };
    }
    const info = provider.kind.parseError(response.statusCode, body);
    const message = withoutSecrets(info.message, await provider.secrets());
    if ((info.status ?? response.statusCode) === 401) provider.forgetSecrets();
    return { ok: false, latencyMs, status: response.statusCode, message };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    if (signal.aborted) return { ok: false, latencyMs, message: `No answer within ${timeoutMs / 1000} s` };
    return { ok: false, latencyMs, message: withoutSecrets(networkError(provider.name, error).message, await provider.secrets()) };
  }
}
