import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standardConfig, startHarness } from './harness';
import type { Harness } from './harness';

const ROUTES = `  inner:  { strategy: fallback, targets: [ { provider: openai, model: gpt-4o-mini }, { provider: anthropic, model: claude-haiku-4-5 } ], limits: { rpm: 1 } }
  inner2: { strategy: fallback, retry: { attempts: 0 }, targets: [ { provider: openai, model: gpt-4o-mini }, { provider: anthropic, model: claude-haiku-4-5 } ], limits: { rpm: 1 } }
  outer:  { strategy: fallback, retry: { attempts: 0 }, targets: [ { route: inner }, { provider: gemini, model: gemini-2.5-flash } ] }
  aa: &aa { strategy: single, targets: [ { provider: openai, model: gpt-4o } ], limits: { rpm: 1 } }
  bb: *aa
  c-a: { strategy: single, targets: [ { provider: openai, model: gpt-4.1-mini } ], limits: { concurrent: 1 } }
  c-b: { strategy: single, targets: [ { provider: anthropic, model: claude-opus-4-1 } ], limits: { concurrent: 1 } }
  c-spread: { strategy: fallback, retry: { attempts: 0 }, timeoutMs: 300ms, targets: [ { route: c-a }, { route: c-b } ] }
  f-a: { strategy: single, targets: [ { provider: openai, model: gpt-4.1 } ], limits: { rpm: 1 } }
  f-b: { strategy: single, targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ], limits: { rpm: 1 } }
  f-spread: { strategy: loadbalance, targets: [ { route: f-a }, { route: f-b } ] }
  g-a: { strategy: single, targets: [ { provider: openai, model: gpt-4.1-nano } ], limits: { rpm: 1 } }
  g-b: { strategy: single, targets: [ { provider: anthropic, model: claude-sonnet-4-0 } ], limits: { rpm: 1 } }
  g-spread: { strategy: loadbalance, targets: [ { route: g-a }, { route: g-b } ] }
  e-a: { strategy: single, targets: [ { provider: openai, model: text-embedding-3-small } ], limits: { rpm: 1 } }
  e-b: { strategy: single, targets: [ { provider: gemini, model: gemini-embedding-001 } ], limits: { rpm: 1 } }
  e-spread: { strategy: fallback, targets: [ { route: e-a }, { route: e-b } ] }
  h-primary: { strategy: single, targets: [ { provider: openai, model: gpt-4o-2024-08-06 } ] }
  h-spare: { strategy: single, targets: [ { provider: anthropic, model: claude-3-5-haiku-latest } ], limits: { rpm: 5 } }
  h-route: { strategy: fallback, retry: { attempts: 0 }, targets: [ { route: h-primary }, { route: h-spare } ] }
`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: (f) => standardConfig(f, ROUTES) });
});
afterAll(() => h.close());

async function chat(model: string, extra: Record<string, unknown> = {}) {
  const res = await request(`${h.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra }),
  });
  return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as { error?: { message: string; code: string } } };
}

// Route limits reached through other routes: branch routes are counted when tried (route-holds.ts).
describe('route limits through other routes', () => {
  it('counts a request once in a branch route, so it can fail over inside it (rpm 1)', async () => {
    h.resetFakes();
    h.openai.enqueue({ kind: 'error', status: 503 });
    const res = await chat('outer');
    expect(res.status).toBe(200);
    await h.gateway.logs.flush();
    const row = await h.gateway.logs.get(String(res.headers['x-switchboard-request-id']));
    expect(row?.attempts[1]?.error ?? '').not.toMatch(/route 'inner'/);
    // The request's first call in `inner` failed; its own failover inside `inner` is served by anthropic.
    expect(res.headers['x-switchboard-provider']).toBe('anthropic');
  });

  it('fails over inside the route the same way when it is named directly', async () => {
    h.resetFakes();
    h.openai.enqueue({ kind: 'error', status: 503 });
    const res = await chat('inner2');
    expect(res.headers['x-switchboard-provider']).toBe('anthropic');
  });

  it('gives a route aliased under another name (bb: *aa) a minute of its own', async () => {
    h.resetFakes();
    expect((await chat('bb')).status).toBe(200);
    const a = await chat('aa');
    expect(a.body.error?.message ?? '').not.toMatch(/route 'bb'/);
    expect(a.status).toBe(200);
  });

  it('refuses an Anthropic client with a RateLimitError and Retry-After when every branch is full', async () => {
    h.resetFakes();
    expect((await chat('f-spread')).status).toBe(200);
    expect((await chat('f-spread')).status).toBe(200);
    const client = new Anthropic({ baseURL: h.gateway.url, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    const err = await client.messages.create({ model: 'f-spread', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    const e = err as InstanceType<typeof Anthropic.RateLimitError>;
    expect(Number(e.headers?.get?.('retry-after') ?? (e.headers as unknown as Record<string, string>)?.['retry-after'])).toBeGreaterThan(0);
  });

  it("releases a branch route's concurrency slot when the client aborts mid-stream", async () => {
    h.resetFakes();
    h.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 200, text: 'one two three four five six seven eight' });
    const controller = new AbortController();
    const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'c-spread', stream: true, messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
    for await (const _ of stream) {
      controller.abort();
      break;
    }
    await new Promise((r) => setTimeout(r, 300));
    const next = await chat('c-spread');
    expect(next.status).toBe(200);
    expect(next.headers['x-switchboard-provider']).toBe('openai');
  });

  it("releases a branch route's concurrency slot after an upstream error and a timeout", async () => {
    h.resetFakes();
    h.openai.enqueue({ kind: 'error', status: 503 });
    expect((await chat('c-spread')).headers['x-switchboard-provider']).toBe('anthropic');
    h.openai.enqueue({ kind: 'hang' });
    expect((await chat('c-spread')).headers['x-switchboard-provider']).toBe('anthropic');
    const next = await chat('c-spread');
    expect(next.headers['x-switchboard-provider']).toBe('openai');
  });

  it('moves embeddings to the next branch, then refuses with 429 route_rate_limited', async () => {
    h.resetFakes();
    const post = async () => {
      const res = await request(`${h.gateway.url}/v1/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' },
        body: JSON.stringify({ model: 'e-spread', input: 'hello' }),
      });
      return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as { error?: { code: string } } };
    };
    const one = await post();
    const two = await post();
    const three = await post();
    expect([one.status, two.status]).toEqual([200, 200]);
    expect([one.headers['x-switchboard-provider'], two.headers['x-switchboard-provider']]).toEqual(['openai', 'gemini']);
    expect(three.status).toBe(429);
    expect(three.body.error?.code).toBe('route_rate_limited');
    expect(Number(three.headers['retry-after'])).toBeGreaterThan(0);
  });

  it("reports the rpm of the branch route that served the answer in x-ratelimit-*", async () => {
    h.resetFakes();
    h.openai.enqueue({ kind: 'error', status: 503 });
    const res = await chat('h-route');
    expect(res.status).toBe(200);
    expect(res.headers['x-switchboard-provider']).toBe('anthropic');
    expect(res.headers['x-ratelimit-limit-requests']).toBe('5');
  });

  it('gives the key back the request that every branch route refused before it reached a provider', async () => {
    h.resetFakes();
    const { plaintext } = h.gateway.keys.create({ name: 'k-spread', limits: { rpm: 3 } });
    const asKey = async (model: string) => {
      const res = await request(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${plaintext}` },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
      });
      return { status: res.statusCode, body: (await res.body.json()) as { error?: { code: string } } };
    };
    expect((await asKey('g-spread')).status).toBe(200);
    expect((await asKey('g-spread')).status).toBe(200);
    const refused = await asKey('g-spread');
    expect([refused.status, refused.body.error?.code]).toEqual([429, 'route_rate_limited']);
    // Two of the key's three requests a minute are used: the refused one cost it nothing.
    expect((await asKey('gpt')).status).toBe(200);
    expect((await asKey('gpt')).status).toBe(429);
  });
});

describe('limits edited live', () => {
  it("keep the minute's count and the calls in flight: a raised rpm admits only the difference, a raised concurrent one more call", async () => {
    const limited = (limits: string) => (f: Parameters<typeof standardConfig>[0]) => standardConfig(f, `  lim: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], limits: ${limits} }\n`);
    const live = await startHarness({ config: limited('{ rpm: 2, concurrent: 1 }') });
    const fakes = { openai: live.openai, anthropic: live.anthropic, gemini: live.gemini };
    const edit = async (limits: string): Promise<void> => {
      const version = live.gateway.config.version;
      await live.writeConfig(limited(limits)(fakes));
      await new Promise<void>((resolve) => {
        const unsubscribe = live.gateway.config.subscribe(() => {
          unsubscribe();
          resolve();
        });
        if (live.gateway.config.version !== version) resolve();
      });
    };
    const send = (stream = false) =>
      request(`${live.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' },
        body: JSON.stringify({ model: 'lim', stream, messages: [{ role: 'user', content: 'hi' }] }),
      });
    const status = async (stream = false): Promise<number> => {
      const res = await send(stream);
      await res.body.dump();
      return res.statusCode;
    };
    try {
      expect([await status(), await status(), await status()]).toEqual([200, 200, 429]);
      await edit('{ rpm: 3, concurrent: 1 }');
      expect([await status(), await status()]).toEqual([200, 429]);

      await edit('{ rpm: 100, concurrent: 1 }');
      live.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 50, text: 'one two three four' });
      const holding = await send(true);
      expect(await status()).toBe(429);
      await edit('{ rpm: 100, concurrent: 2 }');
      live.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 50, text: 'one two three four' });
      const second = await send(true);
      expect([second.statusCode, await status()]).toEqual([200, 429]);
      await Promise.all([holding.body.text(), second.body.text()]);
      expect(await status()).toBe(200);
    } finally {
      await live.close();
    }
  });
});
