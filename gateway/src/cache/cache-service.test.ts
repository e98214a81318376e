import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatRequest } from '../canonical/types';
import { GatewayError } from '../errors/gateway-error';
import type { SqliteDatabase } from '../store/database';
import { makeRequest, makeResponse, manualClock, tempDatabase } from './cache.fixture';
import { CacheService, type CachePlan, type BodyPlanInput, type Embed, type PlanInput } from './cache-service';

let env: ReturnType<typeof tempDatabase>;
let clock: ReturnType<typeof manualClock>;
let service: CacheService;
const warnings: string[] = [];

beforeEach(() => {
  env = tempDatabase();
  clock = manualClock();
  warnings.length = 0;
  service = new CacheService(env.db, { maxBytes: 1 << 20, now: clock.now, flushIntervalMs: 0, warn: (m) => warnings.push(m) });
});

afterEach(() => {
  service.close();
  env.cleanup();
});

/**
 * A toy embedding: words hashed into 64 buckets after folding contractions and dropping filler
 * words, so "What's our refund policy?" and "What is your refund policy?" embed alike while an
 * unrelated question does not. Real paraphrase quality is the embedding model's business.
 */
const embeddings: string[] = [];
const embed: Embed = async (text) => {
  embeddings.push(text);
  const vector = new Array<number>(64).fill(0);
  const words = text.toLowerCase().replace(/'s\b/g, ' is').match(/[a-z]+/g) ?? [];
  for (const word of words) {
    if (['our', 'your', 'the', 'a', 'is', 'my'].includes(word)) continue;
    let hash = 0;
    for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) % 64;
    vector[hash] = (vector[hash] ?? 0) + 1;
  }
  return vector;
};

/** Counts the transactions run on `db` from now on (each batch the cache commits is one). */
function countTransactions(db: SqliteDatabase): () => number {
  let count = 0;
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    const run = transaction(fn);
    return (...args: never[]) => {
      count++;
      return run(...args);
    };
  }) as unknown as SqliteDatabase['transaction'];
  return () => count;
}

const vectorRows = (db: SqliteDatabase): number => (db.prepare('SELECT COUNT(*) AS n FROM response_cache_vectors').get() as { n: number }).n;

const ask = (text: string): ChatRequest => makeRequest({ messages: [{ role: 'user', content: [{ type: 'text', text }] }] });

function plan(overrides: Partial<PlanInput> = {}): CachePlan {
  const request = overrides.request ?? makeRequest();
  return service.plan({
    request,
    shape: 'openai',
    raw: { model: request.model, messages: [] },
    headers: {},
    route: 'workhorse',
    routeCache: { scope: 'key', ttl: 60_000 },
    identity: { keyId: 'k1' },
    ...overrides,
  });
}

/** One request's cache life as the pipeline runs it: plan, lookup, and on a miss "call upstream" and store. */
async function serve(overrides: Partial<PlanInput> = {}, answer = 'Refunds within 30 days.'): Promise<{ status: string; text?: string; via?: string }> {
  const cachePlan = plan(overrides);
  const result = await service.lookup(cachePlan, embed);
  if (result.status === 'hit') {
    const part = result.response.content[0];
    return { status: 'hit', via: result.via, text: part?.type === 'text' ? part.text : undefined };
  }
  service.store(cachePlan, makeResponse(answer), { costUsd: 0.004, vector: result.status === 'miss' ? result.vector : undefined });
  return { status: result.status, text: answer };
}

describe('CacheService', () => {
  it('misses, stores, then hits the identical request, and counts the money saved', async () => {
    expect(await serve()).toEqual({ status: 'miss', text: 'Refunds within 30 days.' });
    expect(await serve({}, 'fresh')).toEqual({ status: 'hit', via: 'exact', text: 'Refunds within 30 days.' });
    expect(service.stats()).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5, savedUsd: 0.004, entries: 1 });
  });

  it('is off for routes without cache, with ttl 0, and for provider/model pass-through', async () => {
    expect(plan({ routeCache: undefined })).toEqual({ enabled: false });
    expect(plan({ routeCache: { scope: 'key', ttl: 0 } })).toEqual({ enabled: false });
    expect(plan({ route: null })).toEqual({ enabled: false });
    expect(await service.lookup({ enabled: false })).toEqual({ status: 'off' });
  });

  it('ignores cache headers on a route that does not cache, but refuses bad ones on a route that does', () => {
    expect(plan({ routeCache: undefined, headers: { 'x-switchboard-cache-ttl': 'forever' } })).toEqual({ enabled: false });
    expect(() => plan({ headers: { 'x-switchboard-cache-ttl': 'forever' } })).toThrow(GatewayError);
  });

  it('keeps key-scoped entries apart per gateway key', async () => {
    await serve({ identity: { keyId: 'k1' } }, 'for k1');
    expect(await serve({ identity: { keyId: 'k2' } }, 'for k2')).toMatchObject({ status: 'miss' });
    expect(await serve({ identity: { keyId: 'k1' } })).toMatchObject({ status: 'hit', text: 'for k1' });
  });

  it('never serves one user what was cached for another under a user scope', async () => {
    const routeCache = { scope: 'user' as const, ttl: 60_000 };
    await serve({ routeCache, identity: { keyId: 'shared', user: 'alice' } }, "alice's answer");
    expect(await serve({ routeCache, identity: { keyId: 'shared', user: 'bob' } }, "bob's answer")).toMatchObject({ status: 'miss' });
    expect(await serve({ routeCache, identity: { keyId: 'shared', user: 'alice' } })).toMatchObject({ status: 'hit', text: "alice's answer" });
  });

  it('shares global entries across keys', async () => {
    const routeCache = { scope: 'global' as const, ttl: 60_000 };
    await serve({ routeCache, identity: { keyId: 'k1' } }, 'shared');
    expect(await serve({ routeCache, identity: { keyId: 'k2' } })).toMatchObject({ status: 'hit', text: 'shared' });
  });

  it('expires entries after the route TTL, or the TTL the client asked for', async () => {
    await serve();
    clock.advance(60_000);
    expect(await serve({}, 'second')).toMatchObject({ status: 'miss' });
    await serve({ request: ask('other'), headers: { 'x-switchboard-cache-ttl': '5s' } });
    clock.advance(5000);
    expect(await serve({ request: ask('other') })).toMatchObject({ status: 'miss' });
  });

  it('no-cache refreshes the entry; no-store neither reads nor writes; max-age refuses older entries', async () => {
    await serve({}, 'old');
    expect(await serve({ headers: { 'cache-control': 'no-cache' } }, 'new')).toMatchObject({ status: 'bypass' });
    expect(await serve()).toMatchObject({ status: 'hit', text: 'new' });
    expect(await serve({ headers: { 'cache-control': 'no-store' } }, 'unsaved')).toMatchObject({ status: 'bypass' });
    expect(await serve()).toMatchObject({ status: 'hit', text: 'new' });
    clock.advance(30_000);
    expect(await serve({ headers: { 'cache-control': 'max-age=10' } }, 'newer')).toMatchObject({ status: 'miss' });
    expect(await serve({ headers: { 'cache-control': 'max-age=10' } })).toMatchObject({ status: 'hit', text: 'newer' });
  });

  it('keeps namespaces apart', async () => {
    await serve({ headers: { 'x-switchboard-cache-namespace': 'run-1' } }, 'one');
    expect(await serve({ headers: { 'x-switchboard-cache-namespace': 'run-2' } }, 'two')).toMatchObject({ status: 'miss' });
    expect(await serve({ headers: { 'x-switchboard-cache-namespace': 'run-1' } })).toMatchObject({ status: 'hit', text: 'one' });
  });

  it('bypasses requests whose answer a replay would lose part of', () => {
    expect(plan({ raw: { model: 'm', messages: [], n: 3 } })).toMatchObject({ enabled: true, lookup: false, store: false, bypassReason: 'n' });
    expect(plan({ untranslatable: true })).toMatchObject({ lookup: false, store: false, bypassReason: 'untranslatable' });
  });

  it('does not store failed or cut-off answers, refusals or content-filter stops', () => {
    const cachePlan = plan();
    expect(service.store(cachePlan, makeResponse('partial', { finishReason: 'error' }), { costUsd: 0 })).toBe(false);
    expect(service.store(cachePlan, makeResponse('', { content: [] }), { costUsd: 0 })).toBe(false);
    expect(service.store(cachePlan, makeResponse("I can't help with that.", { finishReason: 'refusal' }), { costUsd: 0 })).toBe(false);
    expect(service.store(cachePlan, makeResponse('[filtered]', { finishReason: 'content_filter' }), { costUsd: 0 })).toBe(false);
    expect(service.stats().entries).toBe(0);
    expect(service.store(cachePlan, makeResponse('Refunds take 5 days.'), { costUsd: 0 })).toBe(true);
  });

  it('keys an entry by the targets the route resolved to, so two branches never share one', () => {
    const free = plan({ targets: 'openai/gpt-4o-mini' });
    const pro = plan({ targets: 'anthropic/claude-sonnet-4-5' });
    expect(free.enabled && pro.enabled && free.key !== pro.key).toBe(true);
    expect(plan({ targets: 'openai/gpt-4o-mini' })).toMatchObject({ key: (free as { key: string }).key });
  });

  it("keys an Anthropic caller's version and betas only when a target takes the ask natively", () => {
    const request = makeRequest();
    const raw = { model: request.model, messages: [] };
    const headers = { 'anthropic-version': '2026-10-21', 'anthropic-beta': 'context-1m-2025-08-07' };
    const key = (overrides: Partial<PlanInput>) => (plan({ request, raw, ...overrides }) as { key: string }).key;
    const openaiShaped = key({});
    expect(key({ shape: 'anthropic', headers, native: false })).toBe(openaiShaped);
    expect(key({ shape: 'anthropic', headers, native: true })).not.toBe(openaiShaped);
    expect(key({ shape: 'anthropic', headers: { 'anthropic-version': '2023-06-01' }, native: true })).not.toBe(key({ shape: 'anthropic', headers, native: true }));
    // Unset, as before: keyed.
    expect(key({ shape: 'anthropic', headers })).toBe(key({ shape: 'anthropic', headers, native: true }));
  });

  describe('semantic', () => {
    const semanticConfig = { embeddingRoute: 'embed', threshold: 0.92 };
    const routeCache = { scope: 'key' as const, ttl: 60_000, semantic: true };

    it('answers a paraphrase from cache and misses an unrelated prompt', async () => {
      await serve({ request: ask("What's our refund policy?"), routeCache, semanticConfig }, 'Refunds within 30 days.');
      expect(await serve({ request: ask('What is your refund policy?'), routeCache, semanticConfig })).toEqual({ status: 'hit', via: 'semantic', text: 'Refunds within 30 days.' });
      expect(await serve({ request: ask('How do I reset my password?'), routeCache, semanticConfig }, 'Use the link.')).toMatchObject({ status: 'miss' });
      expect(embeddings).toContain('What is your refund policy?');
    });

    it('does not match a paraphrase under another system prompt, another key, or below the threshold', async () => {
      await serve({ request: ask("What's our refund policy?"), routeCache, semanticConfig });
      const pirate = { ...ask('What is your refund policy?'), system: [{ type: 'text' as const, text: 'You are a pirate.' }] };
      expect(await serve({ request: pirate, routeCache, semanticConfig }, 'Arr')).toMatchObject({ status: 'miss' });
      expect(await serve({ request: ask('What is your refund policy?'), routeCache, semanticConfig, identity: { keyId: 'k2' } }, 'x')).toMatchObject({ status: 'miss' });
      // One extra word: cosine 3/√12 ≈ 0.87 with the toy embedding.
      const loose = { ...semanticConfig, threshold: 0.85 };
      expect(await serve({ request: ask('What is your refund policy, please?'), routeCache, semanticConfig: loose })).toMatchObject({ status: 'hit', via: 'semantic' });
      expect(await serve({ request: ask('What is your refund policy, please?'), routeCache, semanticConfig }, 'y')).toMatchObject({ status: 'miss' });
    });

    it('skips the semantic step for requests with tools or a high temperature', async () => {
      expect(plan({ request: ask('q'), routeCache, semanticConfig })).toHaveProperty('semantic');
      expect(plan({ request: { ...ask('q'), temperature: 1 }, routeCache, semanticConfig })).not.toHaveProperty('semantic');
      expect(plan({ request: { ...ask('q'), tools: [{ name: 't', parameters: {} }] }, routeCache, semanticConfig })).not.toHaveProperty('semantic');
      expect(plan({ request: ask('q'), routeCache, semanticConfig: undefined })).not.toHaveProperty('semantic');
    });

    it('falls back to exact-only when the embedding route fails', async () => {
      const failing: Embed = async () => {
        throw new Error('embedding route "embed" is unavailable');
      };
      const cachePlan = plan({ request: ask('q'), routeCache, semanticConfig });
      expect(await service.lookup(cachePlan, failing)).toEqual({ status: 'miss', semanticError: 'embedding route "embed" is unavailable' });
      expect(warnings).toHaveLength(1);
    });

    it('commits a burst of stores, vectors and all, in one batch, and answers from it before the commit', async () => {
      service.close();
      const db = env.reopen();
      const commits = countTransactions(db);
      service = new CacheService(db, { maxBytes: 1 << 20, now: clock.now, flushIntervalMs: 0, warn: (m) => warnings.push(m) });
      const topics = ['refund policy', 'shipping times', 'password reset', 'opening hours', 'gift cards'];
      for (const topic of topics) expect(await serve({ request: ask(`What is your ${topic}?`), routeCache, semanticConfig }, `About ${topic}`)).toMatchObject({ status: 'miss' });
      expect(commits()).toBe(0);
      expect(await serve({ request: ask("What's our refund policy?"), routeCache, semanticConfig })).toEqual({ status: 'hit', via: 'semantic', text: 'About refund policy' });
      await vi.waitFor(() => expect(vectorRows(db)).toBe(topics.length), { timeout: 2000 });
      expect(commits()).toBe(1);
      expect(service.stats().entries).toBe(topics.length);
    });

    it('forgets the entry and the vector of a batch that fails to commit', async () => {
      await serve({ request: ask("What's our refund policy?"), routeCache, semanticConfig }, 'Refunds within 30 days.');
      env.db.pragma('query_only = ON');
      expect(() => service.exact.writePending()).toThrow(/readonly/);
      env.db.pragma('query_only = OFF');
      expect(service.semantic.loaded).toBe(0);
      expect(await serve({ request: ask('What is your refund policy?'), routeCache, semanticConfig }, 'Refunds within 14 days.')).toMatchObject({ status: 'miss' });
      expect(await serve({ request: ask("What's our refund policy?"), routeCache, semanticConfig })).toEqual({ status: 'hit', via: 'semantic', text: 'Refunds within 14 days.' });
      service.exact.writePending();
      expect(vectorRows(env.db)).toBe(1);
    });

    it('purging a route removes its semantic matches too', async () => {
      await serve({ request: ask("What's our refund policy?"), routeCache, semanticConfig });
      expect(service.purge({ route: 'workhorse' })).toBe(1);
      expect(await serve({ request: ask('What is your refund policy?'), routeCache, semanticConfig })).toMatchObject({ status: 'miss' });
    });
  });
});

describe('CacheService.planBody', () => {
  const planFor = (overrides: Partial<BodyPlanInput> = {}): CachePlan =>
    service.planBody({
      endpoint: '/v1/completions',
      model: 'autocomplete',
      body: { model: 'autocomplete', prompt: 'def f(', max_tokens: 16 },
      headers: {},
      route: 'autocomplete',
      routeCache: { scope: 'key', ttl: 60_000 },
      identity: { keyId: 'k1' },
      ...overrides,
    });

  it('stores and hits a completion under its route, honouring the same directives as chat', async () => {
    const first = planFor();
    expect(first).toMatchObject({ enabled: true, lookup: true, store: true, ttlMs: 60_000, scope: 'key:k1' });
    expect(await service.lookup(first)).toEqual({ status: 'miss' });
    service.store(first, makeResponse(' x):'), { costUsd: 0.001 });
    expect(await service.lookup(planFor())).toMatchObject({ status: 'hit', savedUsd: 0.001 });
    expect(planFor({ headers: { 'cache-control': 'no-store' } })).toMatchObject({ lookup: false, store: false, bypassReason: 'no-store' });
    expect(planFor({ headers: { 'x-switchboard-cache-ttl': '5m' } })).toMatchObject({ ttlMs: 300_000 });
    expect(() => planFor({ headers: { 'x-switchboard-cache-ttl': 'forever' } })).toThrow(GatewayError);
  });

  it('is off without a caching route, and bypasses what the caller says cannot be cached', () => {
    expect(planFor({ routeCache: undefined })).toEqual({ enabled: false });
    expect(planFor({ route: null })).toEqual({ enabled: false });
    expect(planFor({ uncacheable: 'n' })).toMatchObject({ lookup: false, store: false, bypassReason: 'n' });
  });

  it('never shares an entry with another endpoint or key scope', async () => {
    service.store(planFor(), makeResponse('text answer'), { costUsd: 0 });
    expect(await service.lookup(planFor({ endpoint: '/v1/fim/completions' }))).toEqual({ status: 'miss' });
    expect(await service.lookup(planFor({ identity: { keyId: 'k2' } }))).toEqual({ status: 'miss' });
  });

  it('keeps an answer as text (embeddings) apart from chat answers, and counts its hits', () => {
    const cachePlan = planFor({ endpoint: '/v1/embeddings', body: { input: ['a'] } });
    expect(service.lookupText(cachePlan)).toEqual({ status: 'miss' });
    expect(service.storeText(cachePlan, { format: 'openai-embeddings', text: '{"data":[]}' }, 0.0002)).toBe(true);
    expect(service.lookupText(cachePlan)).toMatchObject({ status: 'hit', answer: { format: 'openai-embeddings', text: '{"data":[]}' }, savedUsd: 0.0002 });
    expect(service.stats()).toMatchObject({ hits: 1, misses: 1 });
    expect(service.lookupText(planFor({ endpoint: '/v1/embeddings', body: { input: ['a'] }, headers: { 'cache-control': 'no-cache' } }))).toEqual({ status: 'bypass' });
    expect(service.lookupText({ enabled: false })).toEqual({ status: 'off' });
  });
});
