import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../../gateway/src/gateway';
import type { RunningGateway } from '../../gateway/src/gateway';
import { MemorySecretStore } from '../../gateway/src/secrets/memory-secret-store';
import { KEYS, standardConfig, startHarness } from './harness';
import type { Fakes, Harness } from './harness';

/** A route guarding a provider quota, and a route that reaches it by reference. */
const QUOTA_ROUTES = `  quota:     { strategy: single, targets: [ { provider: openai, model: gpt-4o } ], limits: { rpm: 1 } }
  via-quota: { strategy: fallback, targets: [ { route: quota } ] }
  spare:      { strategy: single, targets: [ { provider: anthropic, model: claude-haiku-4-5 } ], limits: { rpm: 1 } }
  with-spare: { strategy: fallback, retry: { attempts: 0 }, targets: [ { provider: openai, model: gpt-4.1 }, { route: spare } ] }
  lb-a:       { strategy: single, targets: [ { provider: openai, model: gpt-4.1-mini } ], limits: { rpm: 1 } }
  lb-b:       { strategy: single, targets: [ { provider: anthropic, model: claude-opus-4-1 } ], limits: { rpm: 1 } }
  spread:     { strategy: loadbalance, targets: [ { route: lb-a }, { route: lb-b } ] }
`;
const TEAM_BUDGETS = `  team:alpha: { dailyUsd: 0.001 }
  team:beta:  { dailyUsd: 0.001 }
`;
const config = (fakes: Fakes, budgets = TEAM_BUDGETS): string => standardConfig(fakes, `${QUOTA_ROUTES}budgets:\n${budgets}`);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config });
});
afterAll(() => h.close());

const clientFor = (apiKey: string): OpenAI => new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey, maxRetries: 0 });
const ask = (client: OpenAI, model = 'gpt') => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

async function openaiPost(apiKey: string, body: Record<string, unknown>, url = h.gateway.url) {
  const res = await request(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as { error?: { message: string; code: string } } };
}

const rawChat = (apiKey: string, model = 'gpt', url = h.gateway.url) => openaiPost(apiKey, { model, messages: [{ role: 'user', content: 'hi' }] }, url);

async function anthropicPost(path: string, apiKey: string, body: Record<string, unknown>) {
  const res = await request(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  return {
    status: res.statusCode,
    headers: res.headers,
    body: (await res.body.json()) as { type?: string; error?: { type: string; message: string }; input_tokens?: number },
  };
}

describe('gateway keys', () => {
  it('works until revoked, and rotation retires the old plaintext', async () => {
    const { key, plaintext } = h.gateway.keys.create({ name: 'laptop' });
    expect((await ask(clientFor(plaintext))).choices[0]?.message.content).toBe('echo: hi');

    const rotated = h.gateway.keys.rotate(key.id);
    expect((await rawChat(plaintext)).status).toBe(401);
    expect((await rawChat(rotated.plaintext)).status).toBe(200);

    h.gateway.keys.revoke(key.id);
    expect((await rawChat(rotated.plaintext)).status).toBe(401);
  });

  it('carries its identity into the log and is refused routes it may not use', async () => {
    const { key, plaintext } = h.gateway.keys.create({ name: 'ci-bot', allowedRoutes: ['gpt'] });
    const { response } = await clientFor(plaintext).chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const row = await h.gateway.logs.get(response.headers.get('x-switchboard-request-id') ?? '');
    expect(row?.keyId).toBe(key.id);

    const refused = await rawChat(plaintext, 'claude');
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('route_not_allowed');
  });

  it('lists and finds only the models it may call', async () => {
    const { plaintext } = h.gateway.keys.create({ name: 'narrow', allowedRoutes: ['gpt', 'openai/gpt-4o-mini'] });
    const client = clientFor(plaintext);
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(['gpt', 'openai/gpt-4o-mini']);
    expect((await client.models.retrieve('gpt')).id).toBe('gpt');
    await expect(client.models.retrieve('claude')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    // The master key sees everything.
    const all: string[] = [];
    for await (const model of clientFor('sk-sb-test-key').models.list()) all.push(model.id);
    expect(all).toContain('claude');
  });

  it('is refused count_tokens on a route it may not use, as /v1/messages refuses it, without asking the provider', async () => {
    const messages = [{ role: 'user', content: 'how many tokens is this?' }];
    const limited = h.gateway.keys.create({ name: 'gpt-only', allowedRoutes: ['gpt'] }).plaintext;
    const seen = h.anthropic.requests.length;

    const viaMessages = await anthropicPost('/v1/messages', limited, { model: 'claude', max_tokens: 10, messages });
    const counted = await anthropicPost('/v1/messages/count_tokens', limited, { model: 'claude', messages });
    expect(counted.status).toBe(403);
    expect(counted.body).toEqual(viaMessages.body);
    expect(counted.body).toMatchObject({ type: 'error', error: { type: 'permission_error', message: "Gateway key 'gpt-only' may not use route 'claude'" } });
    // A pass-through model the key does not list is refused too.
    expect((await anthropicPost('/v1/messages/count_tokens', limited, { model: 'anthropic/claude-sonnet-4-5', messages })).status).toBe(403);
    expect(h.anthropic.requests.length).toBe(seen);

    const allowed = h.gateway.keys.create({ name: 'claude-ok', allowedRoutes: ['claude'] }).plaintext;
    const ok = await anthropicPost('/v1/messages/count_tokens', allowed, { model: 'claude', messages });
    expect(ok.status).toBe(200);
    expect(ok.body.input_tokens).toBeGreaterThan(0);
    expect(h.anthropic.requests.at(-1)?.path).toBe('/v1/messages/count_tokens');
  });
});

describe('rate limits', () => {
  it('admits exactly the limit under 200 parallel requests and answers the rest 429 with rate-limit headers', async () => {
    const { plaintext } = h.gateway.keys.create({ name: 'burst', limits: { rpm: 50 } });
    const results = await Promise.all(Array.from({ length: 200 }, () => rawChat(plaintext)));
    const ok = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    expect(ok).toHaveLength(50);
    expect(limited).toHaveLength(150);
    const sample = limited[0];
    expect(sample?.headers['retry-after']).toBeDefined();
    expect(sample?.headers['x-ratelimit-limit-requests']).toBe('50');
    expect(sample?.headers['x-ratelimit-remaining-requests']).toBe('0');
    expect(sample?.body.error?.code).toBe('rate_limit_exceeded');
    expect(ok[0]?.headers['x-ratelimit-limit-requests']).toBe('50');
  });

  it('frees a concurrency slot when a response ends, and when its client leaves mid-call', async () => {
    const { plaintext } = h.gateway.keys.create({ name: 'one-at-a-time', limits: { concurrent: 1 } });
    // Answered calls give the slot back: three in a row all get in.
    for (let i = 0; i < 3; i++) expect((await rawChat(plaintext)).status).toBe(200);
    // A call held upstream keeps it: a second one meanwhile is refused.
    h.openai.enqueue({ kind: 'hang' });
    const before = h.openai.requests.length;
    const leaving = new AbortController();
    const held = request(`${h.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${plaintext}` },
      body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'wait' }] }),
      signal: leaving.signal,
    }).catch(() => undefined);
    await expect.poll(() => h.openai.requests.length, { timeout: 5000 }).toBeGreaterThan(before);
    const refused = await rawChat(plaintext);
    expect(refused.status).toBe(429);
    expect(refused.body.error?.message).toContain('Too many requests in flight');
    // The client goes away: its slot comes back without waiting for the provider.
    leaving.abort();
    await held;
    await expect.poll(async () => (await rawChat(plaintext)).status, { timeout: 5000 }).toBe(200);
  });

  it('a call that fails gives its token reservation back, so the next one of its size fits', async () => {
    const { plaintext } = h.gateway.keys.create({ name: 'tpm-fail', limits: { tpm: 1000 } });
    const big = (): Promise<number> =>
      request(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${plaintext}` },
        body: JSON.stringify({ model: 'gpt', max_tokens: 800, messages: [{ role: 'user', content: 'hi' }] }),
      }).then(async (res) => (await res.body.text(), res.statusCode));
    for (const failure of [{ kind: 'error', status: 500 }, { kind: 'error', status: 400, message: 'bad' }] as const) {
      h.openai.enqueue(failure);
      expect(await big()).toBe(failure.status);
    }
    // Two reservations of ~808 tokens would have refused this one under a TPM of 1000.
    expect(await big()).toBe(200);
  });

  it("counts a request that reaches a route through another route against the route's limits", async () => {
    const { plaintext } = h.gateway.keys.create({ name: 'quota-user' });
    const through = await rawChat(plaintext, 'via-quota');
    expect(through.status).toBe(200);
    expect(through.headers['x-ratelimit-limit-requests']).toBe('1');
    expect(through.headers['x-ratelimit-remaining-requests']).toBe('0');
    // The one request a minute is spent, by whichever name it came.
    for (const model of ['quota', 'via-quota']) {
      const refused = await rawChat(plaintext, model);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(refused.body.error?.message).toMatch(/^Rate limit reached for route 'quota' on requests per minute \(RPM\): limit 1, used 1/);
    }
    // provider/model pass-through names no route, so no route's limits apply (docs/config.md).
    expect((await rawChat(plaintext, 'openai/gpt-4o')).status).toBe(200);
  });

  it('serves Claude-Code-sized max_tokens under a smaller TPM, refusing as too large only a prompt over the limit', async () => {
    const { plaintext } = h.gateway.keys.create({ name: 'tpm-claude-code', limits: { tpm: 20_000 } });
    const ask = (text: string) => anthropicPost('/v1/messages', plaintext, { model: 'claude', max_tokens: 32_000, messages: [{ role: 'user', content: text }] });
    // One after the other: the first call's reservation is settled to its real usage, so the
    // second is not held back for a minute.
    for (let i = 0; i < 2; i++) {
      const answered = await ask('hi');
      expect(answered.status).toBe(200);
      expect(answered.headers['x-ratelimit-limit-tokens']).toBe('20000');
    }
    const tooLarge = await ask('word '.repeat(100_000));
    expect(tooLarge.status).toBe(429);
    expect(tooLarge.headers['x-should-retry']).toBe('false');
    expect(tooLarge.body.error?.type).toBe('rate_limit_error');
    expect(tooLarge.body.error?.message).toMatch(/^Request too large for key 'tpm-claude-code' on tokens per minute \(TPM\): limit 20000, requested \d{5,}\.$/);
  });

  it("answers a refusal with the state of every limit: an RPM 429 tells the TPM's too, and a TPM 429 the RPM's", async () => {
    const both = h.gateway.keys.create({ name: 'rpm-and-tpm', limits: { rpm: 1, tpm: 100_000 } }).plaintext;
    expect((await rawChat(both)).status).toBe(200);
    const byRequests = await rawChat(both);
    expect(byRequests.status).toBe(429);
    expect(byRequests.body.error?.message).toContain('on requests per minute (RPM)');
    expect(byRequests.headers).toMatchObject({ 'x-ratelimit-limit-requests': '1', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-limit-tokens': '100000' });
    expect(Number(byRequests.headers['x-ratelimit-remaining-tokens'])).toBeGreaterThan(99_000);

    const tokens = h.gateway.keys.create({ name: 'tpm-first', limits: { rpm: 100, tpm: 1000 } }).plaintext;
    const big = { model: 'gpt', max_tokens: 900, messages: [{ role: 'user', content: 'hi' }] };
    // It really uses the whole minute's 1000 tokens, so not even the next prompt fits.
    h.openai.enqueue({ kind: 'reply', usage: { inputTokens: 100, outputTokens: 900 } });
    expect((await openaiPost(tokens, big)).status).toBe(200);
    const byTokens = await openaiPost(tokens, big);
    expect(byTokens.status).toBe(429);
    expect(byTokens.body.error?.message).toContain('on tokens per minute (TPM)');
    expect(byTokens.headers).toMatchObject({ 'x-ratelimit-limit-tokens': '1000', 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': '99' });
  });

  it("holds a fallback route to its limits only for the calls that reach it, never the ones its primary answers", async () => {
    h.resetFakes();
    const { plaintext } = h.gateway.keys.create({ name: 'spare-user' });
    // The primary answers: the spare route's one request a minute is not touched.
    for (let i = 0; i < 3; i++) {
      const answered = await rawChat(plaintext, 'with-spare');
      expect(answered.status).toBe(200);
      expect(answered.headers['x-switchboard-provider']).toBe('openai');
    }
    expect(h.anthropic.requests).toHaveLength(0);
    // The primary fails: the call falls back into the spare route and uses up its minute.
    h.openai.enqueue({ kind: 'error', status: 503 });
    const failedOver = await rawChat(plaintext, 'with-spare');
    expect(failedOver.status).toBe(200);
    expect(failedOver.headers['x-switchboard-provider']).toBe('anthropic');
    // Next failover: the spare route is full, so it is skipped without a call, and the caller
    // gets the primary's failure, as when there is no fallback at all.
    h.openai.enqueue({ kind: 'error', status: 503 });
    const refused = await rawChat(plaintext, 'with-spare');
    expect(refused.status).toBe(503);
    expect(h.anthropic.requests).toHaveLength(1);
    await h.gateway.logs.flush();
    const row = await h.gateway.logs.get(String(refused.headers['x-switchboard-request-id']));
    expect(row?.attempts.map((a) => [a.provider, a.status, a.outcome])).toEqual([
      ['openai', 503, 'failed'],
      ['anthropic', null, 'skipped'],
    ]);
    expect(row?.attempts[1]?.error).toMatch(/^Rate limit reached for route 'spare' on requests per minute \(RPM\): limit 1, used 1/);
    // The primary is still there for everyone.
    expect((await rawChat(plaintext, 'with-spare')).status).toBe(200);
  });

  it('moves a load-balanced call to a branch with room, and refuses only when every branch is full', async () => {
    h.resetFakes();
    const { plaintext } = h.gateway.keys.create({ name: 'spread-user' });
    const first = await rawChat(plaintext, 'spread');
    const second = await rawChat(plaintext, 'spread');
    expect([first.status, second.status]).toEqual([200, 200]);
    // Each branch took its one request a minute, whichever the weighted pick chose first.
    expect(new Set([first.headers['x-switchboard-provider'], second.headers['x-switchboard-provider']])).toEqual(new Set(['openai', 'anthropic']));
    const refused = await rawChat(plaintext, 'spread');
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('route_rate_limited');
    expect(refused.body.error?.message).toMatch(/^Rate limit reached for route 'lb-(a|b)' on requests per minute \(RPM\)/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(h.openai.requests.length + h.anthropic.requests.length).toBe(2);
  });

  it('the OpenAI SDK sees a RateLimitError', async () => {
    const { plaintext } = h.gateway.keys.create({ name: 'one-per-minute', limits: { rpm: 1 } });
    const client = clientFor(plaintext);
    await ask(client);
    await expect(ask(client)).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });
});

/** A second gateway on the same data dir and config, as after a restart, once the log is written. */
async function restarted(): Promise<RunningGateway> {
  await h.gateway.logs.flush();
  return startGateway({
    configPath: h.configPath,
    dataDir: h.dataDir,
    port: 0,
    secrets: new MemorySecretStore({ openai: KEYS.openai }),
    env: { SWITCHBOARD_API_KEY: 'sk-sb-test-key', TEST_GEMINI_KEY: KEYS.gemini },
    watchConfig: false,
    log: () => undefined,
  });
}

describe('budgets', () => {
  it('stops a key at its budget with a message naming the budget and its reset, and the spend survives a restart', async () => {
    const { key, plaintext } = h.gateway.keys.create({ name: 'frugal', budget: { dailyUsd: 0.001 } });
    h.openai.enqueue({ kind: 'reply', text: 'expensive', usage: { inputTokens: 10_000, outputTokens: 2_000 } });
    // gpt-4o-mini: 10k × $0.15/M + 2k × $0.60/M = $0.0027 > $0.001
    expect((await rawChat(plaintext)).status).toBe(200);
    const stopped = await rawChat(plaintext);
    expect(stopped.status).toBe(429);
    expect(stopped.body.error?.code).toBe('budget_exceeded');
    expect(stopped.body.error?.message).toMatch(/Daily budget of \$0\.001 for key 'frugal' is used up \(\$0\.0027 spent\); it resets \d{4}-\d{2}-\d{2}T00:00:00/);

    // A new gateway on the same data dir still knows the spend.
    const again = await restarted();
    try {
      expect(again.budgets.spent(`key:${key.id}`, 'daily')).toBeGreaterThan(0.001);
      const res = await rawChat(plaintext, 'gpt', again.url);
      expect(res.status).toBe(429);
      expect(res.body.error?.code).toBe('budget_exceeded');
    } finally {
      await again.close();
    }
  });

  it("stops a key at its hourly budget until the next hour, and a restart remembers the hour's spend", async () => {
    const { key, plaintext } = h.gateway.keys.create({ name: 'runaway-agent', budget: { hourlyUsd: 0.002, dailyUsd: 10 } });
    h.openai.enqueue({ kind: 'reply', text: 'expensive', usage: { inputTokens: 10_000, outputTokens: 2_000 } });
    expect((await rawChat(plaintext)).status).toBe(200);
    const stopped = await rawChat(plaintext);
    expect(stopped.status).toBe(429);
    expect(stopped.body.error?.message).toMatch(/^Hourly budget of \$0\.002 for key 'runaway-agent' is used up \(\$0\.0027 spent\); it resets \d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/);
    const again = await restarted();
    try {
      expect(again.budgets.spent(`key:${key.id}`, 'hourly')).toBeCloseTo(0.0027, 6);
      expect((await rawChat(plaintext, 'gpt', again.url)).status).toBe(429);
    } finally {
      await again.close();
    }
  });

  it('leaves spend with the team it was made in when the key moves to another team, across a restart', async () => {
    const mover = h.gateway.keys.create({ name: 'mover', team: 'alpha' });
    const alphaMate = h.gateway.keys.create({ name: 'alpha-mate', team: 'alpha' }).plaintext;
    const betaMate = h.gateway.keys.create({ name: 'beta-mate', team: 'beta' }).plaintext;
    h.openai.enqueue({ kind: 'reply', text: 'expensive', usage: { inputTokens: 10_000, outputTokens: 2_000 } });
    expect((await rawChat(mover.plaintext)).status).toBe(200);
    expect((await rawChat(alphaMate)).body.error?.code).toBe('budget_exceeded');
    h.gateway.keys.update(mover.key.id, { team: 'beta' });

    const again = await restarted();
    try {
      const stopped = await rawChat(alphaMate, 'gpt', again.url);
      expect(stopped.status).toBe(429);
      expect(stopped.body.error?.message).toMatch(/^Daily budget of \$0\.001 for team 'alpha' is used up \(\$0\.0027 spent\)/);
      // Beta was never charged for what the key spent in alpha.
      expect((await rawChat(betaMate, 'gpt', again.url)).status).toBe(200);
      expect((await rawChat(mover.plaintext, 'gpt', again.url)).status).toBe(200);
    } finally {
      await again.close();
    }
  });

  it('applies a global budget from the config', async () => {
    const fakes = { openai: h.openai, anthropic: h.anthropic, gemini: h.gemini };
    await h.writeConfig(config(fakes, `${TEAM_BUDGETS}  global: { dailyUsd: 0.000001 }\n`));
    await new Promise((resolve) => setTimeout(resolve, 400));
    const stopped = await rawChat('sk-sb-test-key');
    expect(stopped.status).toBe(429);
    expect(stopped.body.error?.message).toContain('the whole gateway');
    await h.writeConfig(config(fakes));
    await new Promise((resolve) => setTimeout(resolve, 400));
  });
});
