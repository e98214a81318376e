import type { FallbackTrigger, RouteConfig } from '../config/schema';
import type { AttemptPolicy } from './types';

export const DEFAULT_TIMEOUT_MS = 600_000;
export const DEFAULT_TTFT_TIMEOUT_MS = 60_000;
export const DEFAULT_DEADLINE_MS = 900_000;
export const DEFAULT_FALLBACK_ON: FallbackTrigger[] = [408, 429, 500, 502, 503, 504, 529];
export const DEFAULT_RETRY_ON = [429, 500, 502, 503, 504];

export function defaultPolicy(): AttemptPolicy {
  return {
    timeoutMs: DEFAULT_TIMEOUT_MS,
    ttftTimeoutMs: DEFAULT_TTFT_TIMEOUT_MS,
    retry: { attempts: 0, backoffMs: 250, maxBackoffMs: 10_000, on: DEFAULT_RETRY_ON },
    fallbackOn: DEFAULT_FALLBACK_ON,
  };
}

/** A nested route inherits its parent's policy and overrides what it sets. */
export function routePolicy(route: RouteConfig, inherited: AttemptPolicy): AttemptPolicy {
  const policy: AttemptPolicy = {
    timeoutMs: route.timeoutMs ?? inherited.timeoutMs,
    ttftTimeoutMs: route.ttftTimeoutMs ?? inherited.ttftTimeoutMs,
    retry: route.retry ?? inherited.retry,
    fallbackOn: route.fallbackOn ?? inherited.fallbackOn,
  };
  const breaker = route.breaker ?? inherited.breaker;
  if (breaker) policy.breaker = breaker;
  return policy;
}
