/**
 * Budgets under parallel calls: each call holds its expected cost from admission until it
 * settles, so a burst cannot spend a budget several times over, and every way a call can end
 * gives its hold back.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway } from '../../gateway/src/gateway';
import { MemorySecretStore } from '../../gateway/src/secrets/memory-secret-store';
import { eventually, KEYS, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
providers:
  openai: { type: openai, credential: openai, baseUrl: ${fakes.openai.url}/v1 }
  azure: { type: azure, credential: azure, baseUrl: ${fakes.openai.url}, apiVersion: 2024-10-21 }
routes:
  deployment: { strategy: single, retry: { attempts: 0 }, targets: [ { provider: azure, model: prod-gpt4o } ] }
  metered:
    strategy: single
    retry: { attempts: 0 }
    targets: [ { provider: openai, model: gpt-4o-mini, price: { input: 10, output: 20 } } ]
`,
  });
});
afterAll(() => h.close());
beforeEach(() => h.openai.reset());

/** What one call costs as the fake answers it: 1,000 × $10/M in + 500 × $20/M out = $0.02. */
const CALL_USD = 0.02;
const usage = { inputTokens: 1_000, outputTokens: 500 };

function keyWith(budget: { dailyUsd: number }, limits?: { rpm: number }): { id: string; client: OpenAI } {
  const { key, plaintext } = h.gateway.keys.create({ name: `budget-${Math.random().toString(36).slice(2, 8)}`, budget, limits });
  return { id: key.id, client: new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: plaintext, maxRetries: 0 }) };
}

const ask = (client: OpenAI, options: { signal?: AbortSignal } = {}) => client.chat.completions.create({ model: 'metered', messages: [{ role: 'user', content: 'hi' }] }, options);

describe('a budget under parallel calls', () => {
  it('lets through only the calls it has room for, refusing the rest as held by calls in flight', async () => {
    // Room for one call and a half. Without reservations all eight would pass (nothing is spent
    // when they arrive) and spend $0.16.
    const budget = 0.03;
    const { id, client } = keyWith({ dailyUsd: budget });
    h.openai.setDefault({ kind: 'delay', ms: 300, then: { kind: 'reply', text: 'ok', usage } });

    const results = await Promise.allSettled(Array.from({ length: 8 }, () => ask(client)));
    const answered = results.filter((result) => result.status === 'fulfilled');
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    // The first call's prompt fits and its output reserve takes the rest of the room.
    expect(answered).toHaveLength(1);
    expect(refused).toHaveLength(7);
    for (const error of refused) {
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect(error).toMatchObject({ status: 429, code: 'budget_exceeded' });
      expect((error as Error).message).toMatch(/Daily budget of \$0\.03 for key 'budget-\w+' is held by calls in flight: \$0\.03 of the \$0\.03 left is reserved for them/);
    }
    const spent = (): number => h.gateway.budgets.spent(`key:${id}`, 'daily');
    expect(spent()).toBeCloseTo(CALL_USD, 10);
    expect(h.gateway.budgets.reservedUsd(`key:${id}`)).toBe(0);

    // What is left ($0.01) still admits a call whose prompt fits: it may cost more than that,
    // and is the one call that takes the budget past its limit, by at most its own cost.
    await ask(client);
    expect(spent()).toBeCloseTo(2 * CALL_USD, 10);
    expect(spent()).toBeLessThanOrEqual(budget + CALL_USD);
    const stopped = await ask(client).catch((error: unknown) => error);
    expect(stopped).toMatchObject({ status: 429, code: 'budget_exceeded' });
    expect((stopped as Error).message).toMatch(/is used up \(\$0\.04 spent\); it resets/);
  });
});

describe('the in-flight refusal as each client sees it', () => {
  it('comes in the Anthropic and Responses shapes, and an SDK retrying on its own gets through once the call in flight settles', async () => {
    const { id, client } = keyWith({ dailyUsd: 0.03 });
    const plaintext = client.apiKey;
    h.openai.setDefault({ kind: 'delay', ms: 600, then: { kind: 'reply', text: 'ok', usage } });
    // The first call's output reserve takes all the room while it runs.
    const first = ask(client);
    await eventually(() => expect(h.gateway.budgets.reservedUsd(`key:${id}`)).toBeGreaterThan(0));

    const anthropic = new Anthropic({ baseURL: h.gateway.url, apiKey: plaintext, maxRetries: 0 });
    const refusedAnthropic = await anthropic.messages.create({ model: 'metered', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(refusedAnthropic).toBeInstanceOf(Anthropic.RateLimitError);
    expect(refusedAnthropic).toMatchObject({ status: 429, error: { type: 'error', error: { type: 'rate_limit_error' } } });
    expect((refusedAnthropic as Error).message).toMatch(/is held by calls in flight/);
    expect((refusedAnthropic as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('1');
    expect((refusedAnthropic as InstanceType<typeof Anthropic.RateLimitError>).headers.get('x-should-retry')).toBe('true');

    const refusedResponses = await client.responses.create({ model: 'metered', input: 'hi' }).catch((error: unknown) => error);
    expect(refusedResponses).toBeInstanceOf(OpenAI.RateLimitError);
    expect(refusedResponses).toMatchObject({ status: 429, code: 'budget_exceeded', type: 'rate_limit_error' });

    // The SDK's default retries honour Retry-After: 1; by the second the first call has settled
    // for $0.02 of the $0.03 and given the rest back, and the retry's prompt fits.
    const retrying = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: plaintext, maxRetries: 2 });
    h.openai.setDefault({ kind: 'reply', text: 'ok', usage });
    const [answer] = await Promise.all([retrying.chat.completions.create({ model: 'metered', messages: [{ role: 'user', content: 'hi' }] }), first]);
    expect(answer.choices[0]?.message.content).toBe('ok');
    expect(h.gateway.budgets.reservedUsd(`key:${id}`)).toBe(0);
  });
});

describe('a target priced by the model it answers as', () => {
  it('reserves at the price of the model an Azure deployment last answered as', async () => {
    // `prod-gpt4o` names no model, so no price is known before the first answer names
    // gpt-4o-2024-11-20 ($2.50/M in, $10/M out): 1,000 in and 500 out cost $0.0075. Without a
    // reservation every parallel call would pass the budget.
    const { id, client } = keyWith({ dailyUsd: 0.02 });
    const served = { kind: 'reply' as const, text: 'ok', usage, model: 'gpt-4o-2024-11-20' };
    h.openai.setDefault(served);
    const call = () => client.chat.completions.create({ model: 'deployment', messages: [{ role: 'user', content: 'hi' }] });
    await call();
    const spent = (): number => h.gateway.budgets.spent(`key:${id}`, 'daily');
    expect(spent()).toBeCloseTo(0.0075, 10);

    h.openai.setDefault({ kind: 'delay', ms: 300, then: served });
    const results = await Promise.allSettled(Array.from({ length: 6 }, call));
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(5);
    for (const error of refused) expect(error.message).toMatch(/is held by calls in flight/);
    expect(spent()).toBeCloseTo(0.015, 10);
    expect(h.gateway.budgets.reservedUsd(`key:${id}`)).toBe(0);
  });
});

describe('a target priced by the model it answered as before a restart', () => {
  it('reserves from the first call after the restart, at the price its last logged answer named', async () => {
    const served = { kind: 'reply' as const, text: 'ok', usage, model: 'gpt-4o-2024-11-20' };
    h.openai.setDefault(served);
    const first = keyWith({ dailyUsd: 1 });
    await first.client.chat.completions.create({ model: 'deployment', messages: [{ role: 'user', content: 'hi' }] });
    await h.gateway.logs.flush();
    const again = await startGateway({
      configPath: h.configPath,
      dataDir: h.dataDir,
      port: 0,
      secrets: new MemorySecretStore({ azure: KEYS.openai }),
      env: { SWITCHBOARD_API_KEY: 'sk-sb-test-key' },
      watchConfig: false,
      log: () => undefined,
    });
    try {
      // $0.0075 a call: room for two. Before, the restarted gateway knew no price for the
      // deployment until it answered, reserved nothing, and let all six through.
      const { plaintext } = again.keys.create({ name: 'after-restart', budget: { dailyUsd: 0.015 } });
      const client = new OpenAI({ baseURL: `${again.url}/v1`, apiKey: plaintext, maxRetries: 0 });
      h.openai.setDefault({ kind: 'delay', ms: 300, then: served });
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => client.chat.completions.create({ model: 'deployment', messages: [{ role: 'user', content: 'hi' }] })));
      expect(results.filter((result) => result.status === 'fulfilled').length).toBeLessThanOrEqual(2);
      expect(results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason as Error)).toEqual(
        expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(/is held by calls in flight/) })]),
      );
    } finally {
      await again.close();
    }
  });
});

describe('budget holds come back on every path', () => {
  const held = (id: string): number => h.gateway.budgets.reservedUsd(`key:${id}`);

  it('after upstream errors, dropped connections and rate-limit refusals', async () => {
    const { id, client } = keyWith({ dailyUsd: 10 });
    h.openai.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'drop' }, { kind: 'drop' });
    const failed = await Promise.allSettled([ask(client), ask(client), ask(client), ask(client)]);
    expect(failed.every((result) => result.status === 'rejected')).toBe(true);
    expect(held(id)).toBe(0);

    // A key at its rpm: the budget is reserved first, then the limiter refuses.
    const limited = keyWith({ dailyUsd: 10 }, { rpm: 1 });
    await ask(limited.client);
    await expect(ask(limited.client)).rejects.toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(held(limited.id)).toBe(0);
  });

  it('after streams the client aborts, streams the provider cuts, and a client that hangs up while waiting', async () => {
    const { id, client } = keyWith({ dailyUsd: 10 });
    h.openai.enqueue(
      { kind: 'slow-stream', chunkDelayMs: 80, text: 'one two three four five six seven eight' },
      { kind: 'slow-stream', chunkDelayMs: 80, text: 'one two three four five six seven eight' },
    );
    const aborted = Array.from({ length: 2 }, async () => {
      const controller = new AbortController();
      const stream = await client.chat.completions.create({ model: 'metered', stream: true, messages: [{ role: 'user', content: 'hi' }] }, { signal: controller.signal });
      for await (const _chunk of stream) controller.abort();
    });
    // While they stream, both hold their reservation.
    await eventually(() => expect(held(id)).toBeGreaterThan(0));
    await Promise.allSettled(aborted);
    await eventually(() => expect(held(id)).toBe(0));

    h.openai.enqueue({ kind: 'stream-fail', afterChunks: 2 }, { kind: 'stream-fail', afterChunks: 1, mode: 'error-event' });
    const cut = Array.from({ length: 2 }, async () => {
      const stream = await client.chat.completions.create({ model: 'metered', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      for await (const _chunk of stream) {
        // Read until the provider cuts it.
      }
    });
    expect((await Promise.allSettled(cut)).every((result) => result.status === 'rejected')).toBe(true);
    await eventually(() => expect(held(id)).toBe(0));

    h.openai.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const waiting = ask(client, { signal: controller.signal });
    await eventually(() => expect(held(id)).toBeGreaterThan(0));
    controller.abort();
    await expect(waiting).rejects.toThrow();
    await eventually(() => expect(held(id)).toBe(0));
    expect(h.gateway.budgets.reservedScopes()).toEqual([]);
  });
});
