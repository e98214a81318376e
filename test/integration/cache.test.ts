import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  cached:     { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], cache: { ttl: 60s, scope: global } }
  per-key:    { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], cache: { ttl: 60s, scope: key } }
  short:      { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], cache: { ttl: 300ms, scope: global } }
  claude:     { strategy: single, targets: [ { provider: anthropic, model: claude-haiku-4-5 } ], cache: { ttl: 60s, scope: global } }
  faq:        { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], cache: { ttl: 60s, scope: global, semantic: true } }
  embed:      { strategy: single, targets: [ { provider: openai, model: text-embedding-3-small } ] }
  tiered:
    strategy: conditional
    cache: { ttl: 60s, scope: global }
    rules: [ { when: { metadata.tier: pro }, target: { provider: anthropic, model: claude-sonnet-4-5 } } ]
    default: cached
cache:
  semantic: { embeddingRoute: embed, threshold: 0.9 }
`,
  });
  openai = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.openai.reset();
  h.anthropic.reset();
});

const chatCalls = (): number => h.openai.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

async function ask(client: OpenAI, model: string, content: string, headers: Record<string, string> = {}) {
  const { data, response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content }] }, { headers }).withResponse();
  return { text: data.choices[0]?.message.content, cache: response.headers.get('x-switchboard-cache'), id: response.headers.get('x-switchboard-request-id') ?? '' };
}

describe('exact cache', () => {
  it('never serves one branch of a conditional route the answer cached for another', async () => {
    const tier = (name: string) => ({ 'x-switchboard-metadata': JSON.stringify({ tier: name }) });
    h.openai.enqueue({ kind: 'reply', text: 'from the free model' });
    expect(await ask(openai, 'tiered', 'which model are you?', tier('free'))).toMatchObject({ cache: 'miss', text: 'from the free model' });
    const pro = await ask(openai, 'tiered', 'which model are you?', tier('pro'));
    expect(pro.cache).toBe('miss');
    expect(h.anthropic.requests).toHaveLength(1);
    // Each branch then hits its own entry.
    expect(await ask(openai, 'tiered', 'which model are you?', tier('free'))).toMatchObject({ cache: 'hit', text: 'from the free model' });
    expect(await ask(openai, 'tiered', 'which model are you?', tier('pro'))).toMatchObject({ cache: 'hit', text: pro.text });
  });

  it('answers a repeat from the cache, logs the money saved, and calls upstream once', async () => {
    h.openai.enqueue({ kind: 'reply', text: 'Refunds take 5 days.', usage: { inputTokens: 1000, outputTokens: 500 } });
    const first = await ask(openai, 'cached', 'refund policy?');
    const second = await ask(openai, 'cached', 'refund policy?');
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(second.text).toBe('Refunds take 5 days.');
    expect(chatCalls()).toBe(1);
    await h.gateway.logs.flush();
    const hit = await h.gateway.logs.get(second.id);
    expect(hit).toMatchObject({ cache: 'hit', costUsd: 0 });
    // No provider served the hit; the row still names the model that wrote the answer.
    const miss = await h.gateway.logs.get(first.id);
    expect(hit).toMatchObject({ provider: null, model: miss?.model });
    expect(hit?.model).toEqual(expect.any(String));
    // gpt-4o-mini: 1000 × $0.15/M + 500 × $0.60/M
    expect(hit?.savedUsd).toBeCloseTo(0.00045, 10);
  });

  it('replays a hit as a well-formed stream, in the Anthropic shape too', async () => {
    await ask(openai, 'cached', 'stream me later');
    const stream = await openai.chat.completions.create({ model: 'cached', messages: [{ role: 'user', content: 'stream me later' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('echo: stream me later');
    expect(chatCalls()).toBe(1);

    const anthropic = new Anthropic({ baseURL: h.gateway.url, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    const message = await anthropic.messages.stream({ model: 'cached', max_tokens: 100, messages: [{ role: 'user', content: 'stream me later' }] }).finalMessage();
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'echo: stream me later' });
  });

  it('shares one entry between an OpenAI- and an Anthropic-shaped ask that normalise alike, unless Anthropic gets the ask natively', async () => {
    const anthropic = new Anthropic({ baseURL: h.gateway.url, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    const viaOpenAI = async (model: string, content: string) => {
      const { response } = await openai.chat.completions.create({ model, max_tokens: 100, messages: [{ role: 'user', content }] }).withResponse();
      return response.headers.get('x-switchboard-cache');
    };
    const viaAnthropic = async (model: string, content: string, headers: Record<string, string> = {}) => {
      const { data, response } = await anthropic.messages.create({ model, max_tokens: 100, messages: [{ role: 'user', content }] }, { headers }).withResponse();
      return { cache: response.headers.get('x-switchboard-cache'), text: data.content[0]?.type === 'text' ? data.content[0].text : undefined };
    };
    // Translated to OpenAI, the SDK's anthropic-version (and any beta) never reaches upstream.
    expect(await viaOpenAI('cached', 'shared across shapes')).toBe('miss');
    expect(await viaAnthropic('cached', 'shared across shapes')).toEqual({ cache: 'hit', text: 'echo: shared across shapes' });
    expect(await viaAnthropic('cached', 'shared across shapes', { 'anthropic-beta': 'context-1m-2025-08-07' })).toMatchObject({ cache: 'hit' });
    expect(await viaAnthropic('cached', 'the other way round')).toMatchObject({ cache: 'miss' });
    expect(await viaOpenAI('cached', 'the other way round')).toBe('hit');
    expect(chatCalls()).toBe(2);

    // Natively, Anthropic answers under the caller's own version and betas, which the gateway's
    // translation does not send: those asks keep entries of their own.
    expect(await viaOpenAI('claude', 'native differs')).toBe('miss');
    expect(await viaAnthropic('claude', 'native differs')).toMatchObject({ cache: 'miss' });
    expect(await viaAnthropic('claude', 'native differs', { 'anthropic-beta': 'context-1m-2025-08-07' })).toMatchObject({ cache: 'miss' });
    expect(await viaAnthropic('claude', 'native differs')).toMatchObject({ cache: 'hit' });
    expect(h.anthropic.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(3);
  });

  it('answers a repeated Responses API ask from the cache, as JSON and as a stream, each with an id of its own', async () => {
    // The route is OpenAI, which takes it natively: only an answer OpenAI did not store is replayed.
    const first = await openai.responses.create({ model: 'cached', input: 'responses cache me', metadata: { run: '1' }, store: false }).withResponse();
    const again = await openai.responses.create({ model: 'cached', input: 'responses cache me', metadata: { run: '2' }, store: false }).withResponse();
    expect(again.response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(again.data.output_text).toBe(first.data.output_text);
    expect(again.data.id).not.toBe(first.data.id);
    expect(again.data.metadata).toEqual({ run: '2' });
    const streamed = await openai.responses.stream({ model: 'cached', input: 'responses cache me', store: false }).finalResponse();
    expect(streamed.output_text).toBe('echo: responses cache me');
    expect(h.openai.requests.filter((r) => r.path === '/v1/responses')).toHaveLength(1);
  });

  it('caches a streamed answer from a native Anthropic stream', async () => {
    const anthropic = new Anthropic({ baseURL: h.gateway.url, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    await anthropic.messages.stream({ model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'remember me' }] }).finalMessage();
    const { data, response } = await anthropic.messages.create({ model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'remember me' }] }).withResponse();
    expect(response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(data.content[0]).toMatchObject({ type: 'text', text: 'echo: remember me' });
    expect(h.anthropic.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(1);
  });

  it('never shares key-scoped entries across gateway keys', async () => {
    const a = h.gateway.keys.create({ name: 'alice' });
    const b = h.gateway.keys.create({ name: 'bob' });
    const alice = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: a.plaintext, maxRetries: 0 });
    const bob = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: b.plaintext, maxRetries: 0 });
    expect((await ask(alice, 'per-key', 'my account balance')).cache).toBe('miss');
    expect((await ask(bob, 'per-key', 'my account balance')).cache).toBe('miss');
    expect((await ask(alice, 'per-key', 'my account balance')).cache).toBe('hit');
    expect(chatCalls()).toBe(2);
  });

  it('expires entries after their TTL and honours no-cache, no-store and max-age', async () => {
    await ask(openai, 'short', 'ttl test');
    expect((await ask(openai, 'short', 'ttl test')).cache).toBe('hit');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await ask(openai, 'short', 'ttl test')).cache).toBe('miss');

    expect((await ask(openai, 'cached', 'directive test', { 'cache-control': 'no-store' })).cache).toBe('bypass');
    expect((await ask(openai, 'cached', 'directive test')).cache).toBe('miss');
    expect((await ask(openai, 'cached', 'directive test', { 'cache-control': 'no-cache' })).cache).toBe('bypass');
    expect((await ask(openai, 'cached', 'directive test')).cache).toBe('hit');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await ask(openai, 'cached', 'directive test', { 'cache-control': 'max-age=1' })).cache).toBe('miss');
  });

  it('never stores or serves what the canonical answer cannot carry: logprobs, custom tools', async () => {
    const logprobs = () => openai.chat.completions.create({ model: 'cached', logprobs: true, messages: [{ role: 'user', content: 'with logprobs' }] }).withResponse();
    const custom = () =>
      openai.chat.completions.create({ model: 'cached', tools: [{ type: 'custom', custom: { name: 'code_exec' } }], messages: [{ role: 'user', content: 'with a custom tool' }] }).withResponse();
    for (const call of [logprobs, logprobs, custom, custom]) expect((await call()).response.headers.get('x-switchboard-cache')).toBe('bypass');
    expect(chatCalls()).toBe(4);
  });

  it('shows stats per route and purges by route', async () => {
    const stats = h.gateway.cache.stats();
    const cachedRoute = stats.routes.cached;
    expect(cachedRoute?.hits).toBeGreaterThan(0);
    expect(cachedRoute?.savedUsd).toBeGreaterThan(0);
    expect(stats.entries).toBeGreaterThan(0);
    h.gateway.cache.purge({ route: 'cached' });
    expect((await ask(openai, 'cached', 'refund policy?')).cache).toBe('miss');
  });
});

describe('semantic cache', () => {
  it('answers a paraphrase from the cache and misses an unrelated prompt', async () => {
    // The fake's embeddings are a hash of the text; give the paraphrase the same vector.
    const vector = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    h.openai.enqueue({ kind: 'reply', vectors: [vector] }, { kind: 'reply', text: 'Refunds within 30 days.' }, { kind: 'reply', vectors: [vector.map((v, i) => v + (i === 0 ? 0.01 : 0))] });
    expect((await ask(openai, 'faq', "What's our refund policy?")).cache).toBe('miss');
    const paraphrase = await ask(openai, 'faq', 'What is your refund policy?');
    expect(paraphrase.cache).toBe('hit');
    expect(paraphrase.text).toBe('Refunds within 30 days.');

    h.openai.enqueue({ kind: 'reply', vectors: [[0.8, -0.7, 0.1, 0, 0, 0.2, -0.3, 0.1]] });
    expect((await ask(openai, 'faq', 'How do I reset my password?')).cache).toBe('miss');
  });

  it('logs each embedding call as a row of its own, costed and tied to the request it served', async () => {
    h.openai.enqueue({ kind: 'reply', vectors: [[0.3, 0.1, 0.9, 0, 0.2, 0, 0.4, 0.1]], usage: { inputTokens: 1000, outputTokens: 0 } }, { kind: 'reply', text: 'Open 9 to 5.' });
    const asked = await ask(openai, 'faq', 'When are you open?');
    expect(asked.cache).toBe('miss');
    await h.gateway.logs.flush();
    const chat = await h.gateway.logs.get(asked.id);
    const { rows } = await h.gateway.logs.query({ route: 'embed', limit: 500 });
    const embedding = rows.find((row) => row.metadata?.['switchboard.request'] === asked.id);
    expect(embedding).toMatchObject({
      endpoint: 'embeddings',
      alias: 'embed',
      provider: 'openai',
      model: 'text-embedding-3-small',
      status: 200,
      inputTokens: 1000,
      keyId: chat?.keyId,
      metadata: { 'switchboard.purpose': 'semantic-cache', 'switchboard.request': asked.id },
    });
    // text-embedding-3-small: 1000 × $0.02/M, charged apart from the chat call's own cost.
    expect(embedding?.costUsd).toBeCloseTo(0.00002, 10);
    expect(embedding?.id).not.toBe(asked.id);
  });

  it('logs a failed embedding call, and the request still answers from upstream', async () => {
    h.openai.enqueue({ kind: 'error', status: 400 }, { kind: 'reply', text: 'Answered anyway.' });
    const asked = await ask(openai, 'faq', 'Is the embedding provider down?');
    expect(asked).toMatchObject({ cache: 'miss', text: 'Answered anyway.' });
    await h.gateway.logs.flush();
    const { rows } = await h.gateway.logs.query({ route: 'embed', status: 'error', limit: 500 });
    expect(rows.find((row) => row.metadata?.['switchboard.request'] === asked.id)).toMatchObject({ endpoint: 'embeddings', status: 400, costUsd: 0 });
  });
});
