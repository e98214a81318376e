import type { ChatRequest } from '../canonical/types';
import type { FallbackTrigger, ProviderTarget } from '../config/schema';
import type { ModelPrice } from '../pricing/types';
import type { Provider } from '../providers/registry';
import type { BreakerRegistry, BreakerSettings } from './breaker';
import type { TargetStats } from './stats';
import type { UpstreamQuotas } from '../upstream/upstream-quotas';

/** How the executor treats failures of one candidate. */
export interface AttemptPolicy {
  /** Per-attempt timeout (until the full body, or until the first byte of a stream). */
  timeoutMs: number;
  /** Time-to-first-token timeout for streams. */
  ttftTimeoutMs: number;
  retry: { attempts: number; backoffMs: number; maxBackoffMs: number; on: number[] };
  /**
   * Statuses after which the next candidate is tried, and `content_filter` for a prompt a
   * provider's content filter refused. Timeouts and network errors always are.
   */
  fallbackOn: FallbackTrigger[];
  /** The route's circuit breaker; absent when the route sets none. */
  breaker?: BreakerSettings;
  /** The caller set `timeoutMs` (x-switchboard-timeout): its timeouts say nothing about the target. */
  callerTimeout?: boolean;
}

/** One provider model the executor may try, in order. */
export interface Candidate {
  provider: Provider;
  model: string;
  target: ProviderTarget;
  policy: AttemptPolicy;
  /** `provider/model`: the key of the target's breaker and latency stats. */
  key: string;
  /**
   * The named routes this candidate was reached through, the one the client named first
   * (inline routes have no name and are not listed). Absent for `provider/model` pass-through.
   * Shared by the candidates of one route: read it, never write to it.
   */
  routes?: readonly string[];
  /** The largest prompt the model takes, in tokens (price table), when known. */
  maxPromptTokens?: number;
  /** The model's price with config overrides applied, when known. */
  price?: ModelPrice;
}

/** Shared health state the executor reports into: breakers and latency averages; and reads: provider rate limits. */
export interface RoutingHealth {
  breakers: BreakerRegistry;
  stats: TargetStats;
  /** What providers said is left of their rate limits (upstream/upstream-quotas.ts). */
  quotas?: Pick<UpstreamQuotas, 'spent'>;
}

/** The outcome of routing one request: the route that matched and its ordered candidates. */
export interface RoutePlan {
  /** The alias (route name) that matched, or null for `provider/model` pass-through. */
  route: string | null;
  candidates: Candidate[];
  /** Overall deadline for all attempts, in ms. */
  deadlineMs: number;
  /** Estimated prompt tokens, when the request was known: drives context-window skips. */
  estimatedTokens?: number;
  /** Where attempts are reported; absent in plans built by hand (tests). */
  health?: RoutingHealth;
}

/** The gateway key that made the request, as routing rules see it. */
export interface RoutingKey {
  id: string;
  name: string;
  user?: string;
  team?: string;
  tier?: string;
  /** Route names this key may call; absent means every route. */
  allowedRoutes?: readonly string[];
}

/**
 * What routing rules may look at. All optional: embeddings and token counting route by
 * model name only. Missing derived facts (tokens, tools, images, last user text) are
 * computed from `request` when it is given.
 */
export interface RoutingFacts {
  /** The canonical chat request. */
  request?: ChatRequest;
  estimatedTokens?: number;
  /** Request metadata: `x-switchboard-metadata` header, body `metadata`, body `user`. */
  metadata?: Record<string, string>;
  key?: RoutingKey;
  hasTools?: boolean;
  hasImages?: boolean;
  lastUserText?: string;
}
