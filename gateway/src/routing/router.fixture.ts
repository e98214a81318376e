/** Builds a Router over a config written inline, for routing tests (no network involved). */
import type { ChatRequest } from '../canonical/types';
import { parseConfig } from '../config/load';
import { ProviderRegistry } from '../providers/registry';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { BreakerRegistry } from './breaker';
import { Router } from './plan';
import type { RouterOptions } from './plan';
import { seededRandom } from './random';
import { TargetStats } from './stats';

/** Providers every fixture config may use. Keys never matter here: nothing is sent. */
export const FIXTURE_PROVIDERS = `
providers:
  openai:    { type: openai, apiKey: env:OPENAI_KEY }
  anthropic: { type: anthropic, apiKey: env:ANTHROPIC_KEY }
  gemini:    { type: gemini, apiKey: env:GEMINI_KEY }
  local:     { type: openai-compatible, baseUrl: http://127.0.0.1:9/v1 }
`;

export function makeRouter(routesYaml: string, options: RouterOptions & { now?: () => number } = {}): Router {
  const config = parseConfig(`${FIXTURE_PROVIDERS}\n${routesYaml}`);
  const providers = new ProviderRegistry(new MemorySecretStore(), {});
  providers.apply(config);
  return new Router(() => config, providers, {
    breakers: options.breakers ?? new BreakerRegistry({ now: options.now }),
    stats: options.stats ?? new TargetStats(),
    random: options.random ?? seededRandom(42),
    ...(options.prices ? { prices: options.prices } : {}),
    ...(options.quotas ? { quotas: options.quotas } : {}),
  });
}

/** A canonical chat request with one user message. */
export function chatRequest(text: string, overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'x',
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    stream: false,
    streamUsage: false,
    ...overrides,
  };
}

/** `provider/model` of each candidate, in order. */
export const keysOf = (plan: { candidates: Array<{ key: string }> }): string[] => plan.candidates.map((candidate) => candidate.key);
