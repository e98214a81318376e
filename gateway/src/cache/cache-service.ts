/**
 * The response cache as the pipeline sees it: `plan` (before routing: key, scope, TTL,
 * directives), `lookup` (exact, then semantic), `store` (after a good answer), plus stats and
 * purge for the admin API. It owns the exact store and the semantic index and keeps them in
 * step; cache trouble (a locked file, an embedding route down) never fails a request — it is
 * reported through `warn` and the request simply goes upstream.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest, ChatResponse } from '../canonical/types';
import type { ClientShape } from '../providers/types';
import type { SqliteDatabase } from '../store/database';
import type { WriteGate } from '../store/write-gate';
import { cacheKey, nativeExtras, uncacheableReason } from './cache-key';
import { bodyKey } from './body-key';
import { parseCacheDirectives, type CacheDirectives } from './directives';
import { isTextAnswer, type TextAnswer } from './cached-answer';
import { ResponseCache, type CacheHit, type CacheStats, type NativeAnswer, type ResponseCacheOptions } from './response-cache';
import { SemanticIndex, normalised } from './semantic';
import { eligibleText, semanticGuard, semanticSettings, type RouteCacheConfig } from './semantic-policy';
import { scopeFor, type CacheIdentity } from './scope';

/** TTL for routes whose `cache` sets none. */
export const DEFAULT_TTL_MS = 3_600_000;
const DEFAULT_THRESHOLD = 0.92;

export interface CacheServiceOptions {
  maxBytes: number;
  now?: () => number;
  flushIntervalMs?: number;
  sweepIntervalMs?: number;
  /** Where cache trouble is reported. Default: stderr. */
  warn?: (message: string) => void;
  /** Holds background writes while a checkpoint runs (see store/write-gate.ts). */
  gate?: WriteGate;
  /** Reads back answers stored as their provider wrote them (providers/answer-formats.ts `readAnswer`). */
  readNative?: ResponseCacheOptions['readNative'];
}

export interface PlanInput {
  request: ChatRequest;
  shape: ClientShape;
  /** The client's body as sent: native calls forward fields the canonical request lacks. */
  raw: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The route that matched (`plan.route`); pass-through `provider/model` requests have none and are not cached. */
  route: string | null;
  /** `config.routes[route].cache`. */
  routeCache: RouteCacheConfig | undefined;
  /** `targetsOf(plan.candidates)`: what the route resolved to for this request. */
  targets?: string;
  /**
   * `reachesNatively(plan.candidates, shape)`: only then do the client's own provider headers
   * reach upstream and belong in the key. Unset, they are keyed.
   */
  native?: boolean;
  /** `config.cache?.semantic`. */
  semanticConfig?: { embeddingRoute: string; threshold: number };
  identity: CacheIdentity;
  /** True when the request holds content only the client's own provider understands. */
  untranslatable?: boolean;
}

/** A call that goes upstream as sent, its model aside (completions, FIM, embeddings): its body is its ask. */
export interface BodyPlanInput {
  /** What was called (a path): calls to different endpoints never share an entry. */
  endpoint: string;
  /** The alias the body names. */
  model: string;
  /** The body as it goes upstream (scrubbed), its model aside. */
  body: Record<string, unknown>;
  /** What else reaches the provider and changes the answer (`BodyKeyInput.extras`). */
  extras?: unknown;
  headers: IncomingHttpHeaders;
  route: string | null;
  routeCache: RouteCacheConfig | undefined;
  targets?: string;
  identity: CacheIdentity;
  /** Why the call's answer cannot be cached, when it cannot (`uncacheableCompletion`). */
  uncacheable?: string;
}

export type CachePlan =
  | { enabled: false }
  | {
      enabled: true;
      route: string;
      scope: string;
      key: string;
      lookup: boolean;
      store: boolean;
      ttlMs: number;
      maxAgeMs?: number;
      /** Why lookup and store are both off for a cacheable route (`no-store`, `n`, `untranslatable`…). */
      bypassReason?: string;
      semantic?: { text: string; guard: string; threshold: number; embeddingRoute: string };
    };

export type CacheLookup =
  | { status: 'off' }
  | { status: 'bypass' }
  | { status: 'miss'; vector?: Float32Array; semanticError?: string }
  | { status: 'hit'; via: 'exact' | 'semantic'; key: string; response: ChatResponse; savedUsd: number; ageMs: number; similarity?: number };

/** The exact cache's answer to a call whose answer it keeps as text (embeddings). */
export type TextLookup =
  | { status: 'off' }
  | { status: 'bypass' }
  | { status: 'miss' }
  | { status: 'hit'; answer: TextAnswer; savedUsd: number; ageMs: number };

/** Produces an embedding for `text` through the configured embedding route. */
export type Embed = (text: string, embeddingRoute: string) => Promise<ArrayLike<number>>;

// Answers that carry nothing per request are shared rather than built for every request.
const DISABLED: CachePlan = Object.freeze({ enabled: false });
const OFF = Object.freeze({ status: 'off' as const });
const BYPASS = Object.freeze({ status: 'bypass' as const });
const MISS = Object.freeze({ status: 'miss' as const });

export class CacheService {
  readonly exact: ResponseCache;
  readonly semantic: SemanticIndex;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;

  constructor(db: SqliteDatabase, options: CacheServiceOptions) {
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((message) => process.stderr.write(`switchboard cache: ${message}\n`));
    this.semantic = new SemanticIndex(db, { now: this.now });
    this.exact = new ResponseCache(db, {
      maxBytes: options.maxBytes,
      now: this.now,
      flushIntervalMs: options.flushIntervalMs,
      sweepIntervalMs: options.sweepIntervalMs,
      gate: options.gate,
      readNative: options.readNative,
      onRemove: (keys) => this.semantic.forget(keys),
      dependents: {
        waiting: () => this.semantic.hasQueued(),
        write: (idOf) => this.semantic.writeQueued(idOf),
        settle: (committed) => this.semantic.settleQueued(committed),
      },
    });
  }

  /** What caching means for this request. Throws GatewayError(invalid_request) for a bad cache header on a caching route. */
  plan(input: PlanInput): CachePlan {
    const { route, routeCache, semanticConfig } = input;
    if (route === null || routeCache === undefined || routeCache.ttl === 0) return DISABLED;
    const directives = parseCacheDirectives(input.headers);
    const scope = scopeFor(routeCache.scope, input.identity);
    const extras = nativeExtras(input.shape, input.raw, input.native === false ? undefined : input.headers);
    const { targets } = input;
    const key = cacheKey({ request: input.request, scope, namespace: directives.namespace, extras, targets });
    const unsafe = input.untranslatable ? 'untranslatable' : uncacheableReason(input.shape, input.raw, input.native === true);
    const plan = planned(route, scope, key, routeCache, directives, unsafe);
    if (plan.bypassReason !== undefined) return plan;
    // Only a route that opts in pays for the semantic checks.
    const settings = semanticConfig && semanticSettings(routeCache, semanticConfig.threshold ?? DEFAULT_THRESHOLD);
    if (!semanticConfig || !settings) return plan;
    const text = eligibleText(input.request, settings);
    if (text !== undefined) {
      const { embeddingRoute } = semanticConfig;
      const guard = semanticGuard({ request: input.request, scope, namespace: directives.namespace, extras, embeddingRoute, targets });
      plan.semantic = { text, guard, threshold: settings.threshold, embeddingRoute };
    }
    return plan;
  }

  /** What caching means for a call keyed on its body: exact only (a semantic match is for a question asked in other words). */
  planBody(input: BodyPlanInput): CachePlan {
    const { route, routeCache } = input;
    if (route === null || routeCache === undefined || routeCache.ttl === 0) return DISABLED;
    const directives = parseCacheDirectives(input.headers);
    const scope = scopeFor(routeCache.scope, input.identity);
    const key = bodyKey({ endpoint: input.endpoint, model: input.model, body: input.body, extras: input.extras, scope, namespace: directives.namespace, targets: input.targets });
    return planned(route, scope, key, routeCache, directives, input.uncacheable);
  }

  /** Exact lookup, then (on a miss, when planned and `embed` is given) semantic. Counts the outcome. */
  async lookup(plan: CachePlan, embed?: Embed): Promise<CacheLookup> {
    if (!plan.enabled) return OFF;
    if (!plan.lookup) return BYPASS;
    try {
      // The plan carries maxAgeMs: it is the options, no object of its own needed.
      const exact = this.exact.get(plan.key, plan);
      if (exact && !isTextAnswer(exact.response)) return this.hit(plan, 'exact', exact, exact.response);
    } catch (error) {
      this.warn(`lookup failed, answering from upstream: ${describe(error)}`);
      return BYPASS;
    }
    let vector: Float32Array | undefined;
    let semanticError: string | undefined;
    if (plan.semantic && embed) {
      try {
        vector = normalised(await embed(plan.semantic.text, plan.semantic.embeddingRoute));
        const match = vector && this.semantic.find(vector, { scope: plan.scope, route: plan.route, guard: plan.semantic.guard, threshold: plan.semantic.threshold });
        const entry = match && this.exact.get(match.key, { maxAgeMs: plan.maxAgeMs });
        // The scope check is belt and braces: scope is in the partition and the guard already.
        if (match && entry && entry.scope === plan.scope && !isTextAnswer(entry.response)) return this.hit(plan, 'semantic', entry, entry.response, match.similarity);
        if (match && !entry) this.semantic.forget([match.key]);
      } catch (error) {
        semanticError = describe(error);
        this.warn(`semantic lookup skipped: ${semanticError}`);
      }
    }
    this.exact.record(plan.route, 'miss');
    if (vector === undefined && semanticError === undefined) return MISS;
    const miss: CacheLookup = { status: 'miss' };
    if (vector) miss.vector = vector;
    if (semanticError !== undefined) miss.semanticError = semanticError;
    return miss;
  }

  /** Exact lookup of an answer kept as text (`storeText`). Counts the outcome. */
  lookupText(plan: CachePlan): TextLookup {
    if (!plan.enabled) return OFF;
    if (!plan.lookup) return BYPASS;
    try {
      const exact = this.exact.get(plan.key, plan);
      if (exact && isTextAnswer(exact.response)) {
        this.exact.record(plan.route, 'hit', exact.costUsd);
        return { status: 'hit', answer: exact.response, savedUsd: exact.costUsd, ageMs: exact.ageMs };
      }
    } catch (error) {
      this.warn(`lookup failed, answering from upstream: ${describe(error)}`);
      return BYPASS;
    }
    this.exact.record(plan.route, 'miss');
    return MISS;
  }

  /** Stores an answer kept as text (an embedding list), as `store` does a chat answer. */
  storeText(plan: CachePlan, answer: TextAnswer, costUsd: number): boolean {
    if (!plan.enabled || !plan.store) return false;
    try {
      return this.exact.set(plan.key, { route: plan.route, scope: plan.scope, response: answer, costUsd }, plan.ttlMs);
    } catch (error) {
      this.warn(`storing an answer failed: ${describe(error)}`);
      return false;
    }
  }

  /**
   * Stores a finished answer (call after the client has it). `costUsd` is what the call cost,
   * i.e. what each later hit saves; `vector` is the miss's embedding, when it had one. Returns
   * whether anything was stored: nothing for a plan without store, an unfinished or failed
   * answer, or when the write fails.
   */
  store(plan: CachePlan, response: ChatResponse, options: { costUsd: number; vector?: Float32Array; native?: NativeAnswer }): boolean {
    if (!plan.enabled || !plan.store || !isCacheableResponse(response)) return false;
    const vector = plan.semantic ? options.vector : undefined;
    try {
      const stored = this.exact.set(plan.key, { route: plan.route, scope: plan.scope, response, native: options.native, costUsd: options.costUsd, extraBytes: vector?.byteLength ?? 0 }, plan.ttlMs);
      // The vector's row references its entry's (by id, known once the entry is written), so
      // it is queued to be written in the entry's batch, after it: a burst of stores still
      // commits once.
      if (stored && vector && plan.semantic) {
        this.semantic.queue({ key: plan.key, scope: plan.scope, route: plan.route, guard: plan.semantic.guard, vector, expiresAt: this.now() + plan.ttlMs });
        // Already due unless set's entry filled a batch and was committed at once.
        this.exact.scheduleWrite();
      }
      return stored;
    } catch (error) {
      this.warn(`storing an answer failed: ${describe(error)}`);
      return false;
    }
  }

  /** Applies a reloaded `cache.maxBytes`. */
  resize(maxBytes: number): void {
    this.exact.resize(maxBytes);
  }

  stats(): CacheStats {
    return this.exact.stats();
  }

  /** Deletes all entries, or one route's, with their vectors; returns how many entries. */
  purge(filter: { route?: string } = {}): number {
    const count = this.exact.purge(filter);
    this.semantic.purge(filter);
    return count;
  }

  resetStats(route?: string): void {
    this.exact.resetStats(route);
  }

  close(): void {
    this.exact.close();
  }

  /** A hit on `entry`, whose answer (narrowed by the caller) is `response`. */
  private hit(plan: Extract<CachePlan, { enabled: true }>, via: 'exact' | 'semantic', entry: CacheHit, response: ChatResponse, similarity?: number): CacheLookup {
    this.exact.record(plan.route, 'hit', entry.costUsd);
    const hit: CacheLookup = { status: 'hit', via, key: entry.key, response, savedUsd: entry.costUsd, ageMs: entry.ageMs };
    if (similarity !== undefined) hit.similarity = similarity;
    return hit;
  }
}

/** A caching route's plan for one key: its lifetime and directives, or why it bypasses the cache (`unsafe`, or `no-store` with `no-cache`). */
function planned(route: string, scope: string, key: string, routeCache: RouteCacheConfig, directives: Readonly<CacheDirectives>, unsafe: string | undefined): Extract<CachePlan, { enabled: true }> {
  const ttlMs = directives.ttlMs ?? routeCache.ttl ?? DEFAULT_TTL_MS;
  const bypassReason = unsafe ?? (directives.noLookup && directives.noStore ? 'no-store' : undefined);
  if (bypassReason) return { enabled: true, route, scope, key, ttlMs, maxAgeMs: directives.maxAgeMs, lookup: false, store: false, bypassReason };
  return { enabled: true, route, scope, key, ttlMs, maxAgeMs: directives.maxAgeMs, lookup: !directives.noLookup, store: !directives.noStore };
}

/** Finish reasons of answers not worth replaying to the next caller. */
const NOT_REPLAYED = new Set<ChatResponse['finishReason']>(['error', 'pause_turn', 'refusal', 'content_filter']);

/**
 * Whether an answer is worth replaying: it finished properly and says something. A failed or
 * cut-off stream, a `pause_turn` (the server expects the client to continue), a refusal or a
 * content-filter stop is not: under a shared scope one refusal would answer every later
 * caller for the whole TTL, and a refusal's shape does not survive the canonical form.
 */
export function isCacheableResponse(response: ChatResponse): boolean {
  return !NOT_REPLAYED.has(response.finishReason) && response.content.length > 0;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
