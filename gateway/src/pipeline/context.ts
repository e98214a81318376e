import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/schema';
import type { ModelPrice } from '../pricing/types';
import type { Provider } from '../providers/registry';
import type { ClientShape } from '../providers/types';
import type { CancelSignal } from '../upstream/cancel';
import type { Router } from '../routing/plan';
import type { Candidate } from '../routing/types';
import type { KeyIdentity } from '../server/auth';
import type { CacheService } from '../cache/cache-service';
import type { BudgetTracker } from '../limits/budgets';
import type { RateLimiter } from '../limits/rate-limiter';
import type { LogRecord, LogStore } from '../store/log-types';
import type { ResponseOwners } from '../store/response-owners';
import type { CutList } from '../upstream/cut-list';
import type { RequestEmbed } from './embed';
import type { UpstreamQuotas } from '../upstream/upstream-quotas';
import type { BackgroundRuns } from './background-runs';

/** Everything the pipeline needs from the running gateway, injected once. */
export interface PipelineDeps {
  config(): Config;
  router: Router;
  logs: LogStore;
  /**
   * Price of the candidate that served, with config overrides applied. `servedModel` is the model
   * the provider says answered, tried when the target's own name has no price (an Azure
   * deployment name, OpenRouter's `openrouter/auto`); without one (a budget reserving before
   * the call), the model such a target last answered as.
   */
  priceOf(candidate: Candidate, servedModel?: string): ModelPrice | undefined;
  /** Called once a request is parsed and about to be routed (live view). */
  onStarted?(id: string, alias: string, ts: number): void;
  /** Called with every finished request (live events, stats). */
  onFinished(record: LogRecord): void;
  /** Rate limits; absent means none apply. */
  limiter?: RateLimiter;
  /** Budgets; absent means none apply. */
  budgets?: BudgetTracker;
  /** The response cache; absent means no caching. */
  cache?: CacheService;
  /** Embeddings for the semantic cache (each call logged and charged to the request's key). */
  embed?: RequestEmbed;
  /** The upstream streams being relayed, which a shutdown ends with an error event (absent: cut with their socket). */
  streams?: CutList;
  /** Which provider stored each Responses API answer, for the calls that ask for one by id. */
  responseOwners?: ResponseOwners;
  /** Background runs still going: who started each, and the budget hold it keeps until charged. */
  backgroundRuns?: BackgroundRuns;
  /** What each target's answers say is left of its provider rate limits. */
  quotas?: UpstreamQuotas;
  /** A configured provider by name (a stored response's, to relay a call on it). */
  providerNamed?(name: string): Provider | undefined;
  /** The identity of gateway key `id` (the master key's too), to charge a background run to the key that started it after a restart. */
  keyIdentity?(id: string): KeyIdentity | undefined;
}

/** One request's state as it moves through the pipeline. */
export interface RequestContext {
  id: string;
  /** Unix ms at arrival, for the log. */
  receivedAt: number;
  /** performance.now() at arrival, for latencies. */
  started: number;
  shape: ClientShape;
  endpoint: LogRecord['endpoint'];
  /**
   * Gemini's calls: the model and stream flag their URL gives, which their bodies do not, and a
   * stream's framing (`json-array` without `alt=sse`).
   */
  urlCall?: { model: string; stream: boolean; framing?: 'json-array' };
  key: KeyIdentity | null;
  req: IncomingMessage;
  res: ServerResponse;
  /** Aborted when the client goes away before the response is complete. */
  clientGone: CancelSignal;
  /** The response's close; add to what runs then with `onResponseClose`. */
  close: ResponseClose;
}

/**
 * A response's close, as one object: contexts derived from the request's (`{ ...ctx }`, as the
 * semantic cache's embedding call makes) share it rather than copying its state.
 */
export interface ResponseClose {
  /** Set once the response has closed (finished or cut). */
  closed: boolean;
  /** Run by the response's one 'close' listener. */
  callback: (() => void) | undefined;
}

/**
 * Runs `fn` (which must not throw) when the response closes, on every path, or now if it
 * already has. Through the response's one 'close' listener rather than a listener of its own:
 * every response pays for each listener it carries (and an emit with two copies the list).
 */
export function onResponseClose(ctx: RequestContext, fn: () => void): void {
  const { close } = ctx;
  if (close.closed) return fn();
  const previous = close.callback;
  close.callback = previous
    ? () => {
        previous();
        fn();
      }
    : fn;
}
