/**
 * Calls on a stored Responses API answer by id (retrieve, input_items, cancel, delete), relayed
 * to the provider that stored it: OpenAI, or Azure with `nativeResponses`. Only the gateway key
 * that made a response (or the master key) reaches it.
 */
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway } from '../../gateway/src/gateway';
import { MemorySecretStore } from '../../gateway/src/secrets/memory-secret-store';
import { eventually, KEYS, standardConfig, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let master: OpenAI;
const clientFor = (apiKey: string): OpenAI => new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey, maxRetries: 0 });
/** The newest log rows, the queue written first. */
const rows = async (limit: number) => {
  await h.gateway.logs.flush();
  return (await h.gateway.logs.query({ limit })).rows;
};

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) =>
      standardConfig(fakes, `  gpt5: { strategy: single, targets: [ { provider: openai, model: gpt-5.1 } ] }\n  gpt5-cached: { strategy: single, targets: [ { provider: openai, model: gpt-5.1 } ], cache: { ttl: 600s } }\n  metered: { strategy: single, targets: [ { provider: openai, model: gpt-5.1, price: { input: 10, output: 20 } } ] }\n  az-native: { strategy: single, targets: [ { provider: az-native, model: prod-gpt5 } ] }\n`).replace(
        '\nroutes:',
        `\n  az-native: { type: azure, credential: azure, baseUrl: ${fakes.openai.url}, nativeResponses: true }\nroutes:`,
      ),
  });
  master = clientFor('sk-sb-test-key');
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

describe('a response OpenAI stored for a call through the gateway', () => {
  it('is retrieved, its input listed and deleted through the gateway, each relayed to OpenAI with its key', async () => {
    const created = await master.responses.create({ model: 'gpt5', input: 'Remember this' });
    const retrieved = await master.responses.retrieve(created.id);
    expect(retrieved).toMatchObject({ id: created.id, object: 'response', status: 'completed' });
    expect(retrieved.output_text).toBe(created.output_text);
    const items = await master.responses.inputItems.list(created.id);
    expect(items.data).toEqual([expect.objectContaining({ type: 'message', role: 'user' })]);
    // Not a background response: OpenAI refuses to cancel it, and the caller hears why.
    const cancel = await master.responses.cancel(created.id).catch((e: unknown) => e);
    expect(cancel).toBeInstanceOf(OpenAI.BadRequestError);
    expect((cancel as Error).message).toContain('Only responses created with background=true can be cancelled');
    await master.responses.delete(created.id);
    expect(h.openai.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['POST', '/v1/responses', `Bearer ${KEYS.openai}`],
      ['GET', `/v1/responses/${created.id}`, `Bearer ${KEYS.openai}`],
      ['GET', `/v1/responses/${created.id}/input_items`, `Bearer ${KEYS.openai}`],
      ['POST', `/v1/responses/${created.id}/cancel`, `Bearer ${KEYS.openai}`],
      ['DELETE', `/v1/responses/${created.id}`, `Bearer ${KEYS.openai}`],
    ]);
    // Deleted: the gateway forgets it, and answers without asking OpenAI.
    await expect(master.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(h.openai.requests).toHaveLength(5);
  });

  it('is known from a streamed call too', async () => {
    const stream = await master.responses.create({ model: 'gpt5', input: 'Stream it', stream: true });
    let id = '';
    for await (const event of stream) if (event.type === 'response.completed') id = event.response.id;
    expect(id).toMatch(/^resp_fake/);
    expect((await master.responses.retrieve(id)).id).toBe(id);
  });

  it('is reachable only with the gateway key that made it, or the master key; another key gets the same 404 as an unknown id', async () => {
    const alice = clientFor(h.gateway.keys.create({ name: 'alice' }).plaintext);
    const bob = clientFor(h.gateway.keys.create({ name: 'bob' }).plaintext);
    const created = await alice.responses.create({ model: 'gpt5', input: 'Mine' });
    expect((await alice.responses.retrieve(created.id)).id).toBe(created.id);
    const refused = await bob.responses.retrieve(created.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.NotFoundError);
    expect((refused as Error).message).toContain('no provider stored a response with this id for this key');
    await expect(bob.responses.delete(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect((await master.responses.retrieve(created.id)).id).toBe(created.id);
  });

  it('is forgotten once OpenAI says it has no such response any more', async () => {
    const created = await master.responses.create({ model: 'gpt5', input: 'Short-lived' });
    // Deleted at OpenAI directly, not through the gateway (or expired there).
    await request(`${h.openai.url}/v1/responses/${created.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${KEYS.openai}` } });
    h.resetFakes();
    const gone = await master.responses.retrieve(created.id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError);
    expect((gone as Error).message).toContain(`Response with id '${created.id}' not found`);
    await expect(master.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(h.openai.requests).toHaveLength(1);
  });

  it('is not recorded when the call said store: false, since OpenAI keeps nothing', async () => {
    const created = await master.responses.create({ model: 'gpt5', input: 'Forget it', store: false });
    await expect(master.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(h.openai.requests).toHaveLength(1);
  });
});

describe('calls by id in the log and the limits', () => {

  it('leaves a row for each call, under the provider that answered it, with no cost', async () => {
    const created = await master.responses.create({ model: 'gpt5', input: 'Log me' });
    await master.responses.retrieve(created.id);
    await master.responses.inputItems.list(created.id);
    await master.responses.cancel(created.id).catch(() => undefined);
    await master.responses.delete(created.id);
    await master.responses.retrieve(created.id).catch(() => undefined);

    const [again, deleted, cancelled, items, retrieved] = await rows(5);
    const path = `/v1/responses/${created.id}`;
    expect(retrieved).toMatchObject({ endpoint: 'responses', alias: `GET ${path}`, keyId: 'master', provider: 'openai', model: created.model, status: 200, costUsd: 0, route: null });
    expect(retrieved?.attempts).toEqual([expect.objectContaining({ provider: 'openai', model: created.model, status: 200, outcome: 'ok' })]);
    expect(items).toMatchObject({ alias: `GET ${path}/input_items`, provider: 'openai', model: null, status: 200 });
    expect(cancelled).toMatchObject({ alias: `POST ${path}/cancel`, provider: 'openai', status: 400 });
    expect(cancelled?.errorMessage).toContain('Only responses created with background=true can be cancelled');
    expect(cancelled?.attempts).toEqual([expect.objectContaining({ provider: 'openai', status: 400, outcome: 'failed' })]);
    expect(deleted).toMatchObject({ alias: `DELETE ${path}`, provider: 'openai', status: 200 });
    // Answered by the gateway itself: no provider was asked.
    expect(again).toMatchObject({ alias: `GET ${path}`, provider: null, status: 404, errorCode: 'response_not_found', attempts: [] });
    // The log finds every call on a response by its id.
    const found = await h.gateway.logs.query({ text: created.id, limit: 10 });
    expect(found.rows).toHaveLength(5);
  });

  it("counts against the key's rate limits, and is refused in the Responses API's shape past them", async () => {
    const limited = clientFor(h.gateway.keys.create({ name: 'by-id-rpm', limits: { rpm: 2 } }).plaintext);
    const created = await limited.responses.create({ model: 'gpt5', input: 'Count me' });
    const { response } = await limited.responses.retrieve(created.id).withResponse();
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    const refused = await limited.responses.retrieve(created.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toMatch(/^\d+$/);
    // Refused before the provider was asked.
    expect(h.openai.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    const [row] = await rows(1);
    expect(row).toMatchObject({ alias: `GET /v1/responses/${created.id}`, status: 429, errorCode: 'rate_limit_exceeded' });
  });
});

describe('a background run', () => {

  it('is queued through the gateway, polled by id, and charged once, by the poll that finds it done', async () => {
    const queued = await master.responses.create({ model: 'gpt5', input: 'Think at length', background: true });
    expect(queued).toMatchObject({ status: 'queued', background: true, usage: null });
    const running = await master.responses.retrieve(queued.id).withResponse();
    expect(running.data.status).toBe('in_progress');
    expect(running.response.headers.get('x-switchboard-cost-usd')).toBeNull();
    const done = await master.responses.retrieve(queued.id).withResponse();
    expect(done.data.status).toBe('completed');
    expect(done.data.output_text).not.toBe('');
    const charged = Number(done.response.headers.get('x-switchboard-cost-usd'));
    expect(charged).toBeGreaterThan(0);
    const again = await master.responses.retrieve(queued.id);
    expect(again.status).toBe('completed');

    const [third, second, first, create] = await rows(4);
    expect(create).toMatchObject({ endpoint: 'responses', alias: 'gpt5', status: 200, costUsd: 0 });
    expect(first).toMatchObject({ alias: `GET /v1/responses/${queued.id}`, costUsd: 0, inputTokens: 0 });
    // The poll that found it done carries its usage and cost; no other call is charged for it.
    expect(second?.costUsd).toBeCloseTo(charged, 8);
    expect(second).toMatchObject({ provider: 'openai', model: 'gpt-5.1', inputTokens: done.data.usage?.input_tokens, outputTokens: done.data.usage?.output_tokens });
    expect(third?.costUsd).toBe(0);
    expect(third?.inputTokens).toBe(0);
  });

  it('is kept for polling without store, and a cancel settles it', async () => {
    const queued = await master.responses.create({ model: 'gpt5', input: 'Run me', background: true, store: false });
    const cancelled = await master.responses.cancel(queued.id).withResponse();
    expect(cancelled.data.status).toBe('cancelled');
    // Cancelled before it used anything it reports: settled at no cost, and not charged again.
    expect(Number(cancelled.response.headers.get('x-switchboard-cost-usd'))).toBe(0);
    expect((await master.responses.retrieve(queued.id)).status).toBe('cancelled');
    const [retrieved] = await rows(1);
    expect(retrieved?.costUsd).toBe(0);
  });

  it('is never answered from the cache, where the same call in the foreground is', async () => {
    const ask = (background: boolean) => master.responses.create({ model: 'gpt5-cached', input: 'Same question', store: false, background }).withResponse();
    expect((await ask(false)).response.headers.get('x-switchboard-cache')).toBe('miss');
    expect((await ask(false)).response.headers.get('x-switchboard-cache')).toBe('hit');
    const first = await ask(true);
    const second = await ask(true);
    expect(second.response.headers.get('x-switchboard-cache')).toBe('bypass');
    expect(second.data.id).not.toBe(first.data.id);
    expect(h.openai.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('is refused, saying why, on a route that translates for another provider', async () => {
    const refused = await master.responses.create({ model: 'claude', input: 'In the background', background: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as Error).message).toContain("'background: true'");
    expect((refused as Error).message).toContain('only works when the request goes to an OpenAI provider');
    expect(h.anthropic.requests).toHaveLength(0);
  });
});

describe('a background run and the budgets', () => {
  const keyWith = (dailyUsd: number, limits?: { tpm: number }) => {
    const { key, plaintext } = h.gateway.keys.create({ name: `bg-${Math.random().toString(36).slice(2, 8)}`, budget: { dailyUsd }, limits });
    return { id: key.id, client: clientFor(plaintext) };
  };

  it("holds the run's expected cost while it goes on, then charges what it cost to the key that started it", async () => {
    // Room for one run: its prompt fits, and the output it may write takes the rest.
    const alice = keyWith(0.03, { tpm: 1_000_000 });
    const held = () => h.gateway.budgets.reservedUsd(`key:${alice.id}`);
    const queued = await alice.client.responses.create({ model: 'metered', input: 'Research this', background: true });
    expect(held()).toBeGreaterThan(0.02);
    const refused = await alice.client.responses.create({ model: 'metered', input: 'And this', background: true }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 429, code: 'budget_exceeded' });

    // The master key polls it (the UI, a script): the run is still Alice's to pay.
    await master.responses.retrieve(queued.id);
    const done = await master.responses.retrieve(queued.id).withResponse();
    expect(done.data.status).toBe('completed');
    const usage = done.data.usage!;
    const cost = (usage.input_tokens * 10 + usage.output_tokens * 20) / 1e6;
    expect(held()).toBe(0);
    expect(h.gateway.budgets.spent(`key:${alice.id}`, 'daily')).toBeCloseTo(cost, 10);
    const [row] = await rows(1);
    expect(row).toMatchObject({ keyId: alice.id, alias: `GET /v1/responses/${queued.id}`, inputTokens: usage.input_tokens });
    expect(row?.costUsd).toBeCloseTo(cost, 10);
    // With its hold back, the budget has room for another run.
    expect((await alice.client.responses.create({ model: 'metered', input: 'Next', background: true })).status).toBe('queued');
  });

  it("counts the run's tokens against the TPM of the call that charges it", async () => {
    const bob = keyWith(1, { tpm: 1_000_000 });
    const queued = await bob.client.responses.create({ model: 'metered', input: 'Count my tokens', background: true });
    const running = await bob.client.responses.retrieve(queued.id).withResponse();
    const before = Number(running.response.headers.get('x-ratelimit-remaining-tokens'));
    const done = await bob.client.responses.retrieve(queued.id);
    // A call's headers tell the state it was admitted in: the next call sees the run's tokens counted.
    const next = await bob.client.responses.retrieve(queued.id).withResponse();
    const after = Number(next.response.headers.get('x-ratelimit-remaining-tokens'));
    expect(before - after).toBe(done.usage!.input_tokens + done.usage!.output_tokens);
  });

  it('is charged by a delete that finds it ended, so deleting it unread does not lose its cost', async () => {
    const carol = keyWith(1);
    const queued = await carol.client.responses.create({ model: 'metered', input: 'Delete me unread', background: true });
    await carol.client.responses.retrieve(queued.id); // in progress: nothing to charge yet
    // The fake finishes the run on the next read, the one the delete makes first.
    const deleted = await carol.client.responses.delete(queued.id).withResponse();
    expect(Number(deleted.response.headers.get('x-switchboard-cost-usd'))).toBeGreaterThan(0);
    expect(h.gateway.budgets.spent(`key:${carol.id}`, 'daily')).toBeGreaterThan(0);
    expect(h.gateway.budgets.reservedUsd(`key:${carol.id}`)).toBe(0);
    const [row] = await rows(1);
    expect(row).toMatchObject({ alias: `DELETE /v1/responses/${queued.id}`, keyId: carol.id });
    expect(row?.costUsd).toBeGreaterThan(0);
  });

  it('keeps its hold when its client leaves the stream, and is charged by the poll that finds it done', async () => {
    const dave = keyWith(1, { tpm: 1_000_000 });
    const held = () => h.gateway.budgets.reservedUsd(`key:${dave.id}`);
    h.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 150 });
    const controller = new AbortController();
    const stream = await dave.client.responses.create({ model: 'metered', input: 'Stream, then run on', background: true, stream: true }, { signal: controller.signal });
    let id: string | undefined;
    const read = (async () => {
      for await (const event of stream) {
        if (event.type === 'response.created') {
          id = event.response.id;
          controller.abort();
        }
      }
    })().catch(() => undefined);
    await read;
    expect(id).toMatch(/^resp_/);
    // The run goes on at OpenAI: its expected cost stays held, and the cut stream is charged nothing.
    await eventually(() => expect(held()).toBeGreaterThan(0));
    const [cut] = await eventually(async () => {
      const found = await rows(1);
      expect(found[0]?.status).toBe(499);
      return found;
    });
    expect(cut).toMatchObject({ keyId: dave.id, alias: 'metered', costUsd: 0 });
    expect(h.gateway.budgets.spent(`key:${dave.id}`, 'daily')).toBe(0);
    // Polled to its end (the master key polls, as a UI would), it is Dave's to pay.
    let done = await master.responses.retrieve(id!);
    while (done.status !== 'completed') done = await master.responses.retrieve(id!);
    const usage = done.usage!;
    expect(h.gateway.budgets.spent(`key:${dave.id}`, 'daily')).toBeCloseTo((usage.input_tokens * 10 + usage.output_tokens * 20) / 1e6, 10);
    expect(held()).toBe(0);
  });

  it('resumes its stream after the last event its client read, and is charged by the event that ends it', async () => {
    const fay = keyWith(1, { tpm: 1_000_000 });
    // Slow enough that the client leaves while the run goes on, so the create call charges nothing.
    h.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 100 });
    const stream = await fay.client.responses.create({ model: 'metered', input: 'Stream, drop, come back', background: true, stream: true });
    let id = '';
    let last = -1;
    // The client drops the stream after its third event.
    for await (const event of stream) {
      if (event.type === 'response.created') id = event.response.id;
      last = event.sequence_number;
      if (last === 2) break;
    }
    expect(last).toBe(2);
    // The gateway notes the cut stream's run (its owner, its hold) once it sees the client gone.
    await eventually(async () => expect((await rows(3)).some((row) => row.keyId === fay.id && row.status === 499)).toBe(true));
    const resumed = await fay.client.responses.retrieve(id, { stream: true, starting_after: last }).withResponse();
    const events: Array<{ type: string; sequence_number: number }> = [];
    for await (const event of resumed.data) events.push(event);
    // Every event after the last one read, in order, to the one that ends the run.
    expect(events[0]?.sequence_number).toBe(3);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => 3 + i));
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(h.openai.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/responses/${id}`, query: { stream: 'true', starting_after: '2' } });
    const done = (events.at(-1) as unknown as { response: OpenAI.Responses.Response }).response;
    const cost = (done.usage!.input_tokens * 10 + done.usage!.output_tokens * 20) / 1e6;
    expect(h.gateway.budgets.spent(`key:${fay.id}`, 'daily')).toBeCloseTo(cost, 10);
    expect(h.gateway.budgets.reservedUsd(`key:${fay.id}`)).toBe(0);
    // Streamed to its end once, it is charged once: a poll afterwards carries nothing.
    const polled = await fay.client.responses.retrieve(id).withResponse();
    expect(polled.response.headers.get('x-switchboard-cost-usd')).toBeNull();
    const charged = (await rows(5)).filter((found) => found.alias === `GET /v1/responses/${id}` && found.costUsd > 0);
    expect(charged).toHaveLength(1);
    expect(charged[0]).toMatchObject({ keyId: fay.id, stream: true, status: 200 });
    expect(charged[0]?.costUsd).toBeCloseTo(cost, 10);
  });

  it('refuses to stream a response that was no background run, in OpenAI words', async () => {
    const created = await master.responses.create({ model: 'gpt5', input: 'Not in the background' });
    const refused = await master.responses.retrieve(created.id, { stream: true }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, error: { param: 'stream' } });
  });

  it('is charged to the key that started it by a gateway restarted since, which forgot its hold', async () => {
    const erin = keyWith(1);
    const queued = await erin.client.responses.create({ model: 'metered', input: 'Outlive a restart', background: true });
    const again = await startGateway({
      configPath: h.configPath,
      dataDir: h.dataDir,
      port: 0,
      secrets: new MemorySecretStore({ openai: KEYS.openai, azure: KEYS.openai }),
      env: { SWITCHBOARD_API_KEY: 'sk-sb-test-key', TEST_GEMINI_KEY: KEYS.gemini, TEST_LOCAL_KEY: KEYS.openai },
      watchConfig: false,
      log: () => undefined,
    });
    try {
      // The master key polls it through the restarted gateway: the run is still Erin's to pay.
      const poller = new OpenAI({ baseURL: `${again.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
      let done = await poller.responses.retrieve(queued.id);
      while (done.status !== 'completed') done = await poller.responses.retrieve(queued.id);
      const usage = done.usage!;
      expect(again.budgets.spent(`key:${erin.id}`, 'daily')).toBeCloseTo((usage.input_tokens * 10 + usage.output_tokens * 20) / 1e6, 10);
      await again.logs.flush();
      const [row] = (await again.logs.query({ limit: 1 })).rows;
      expect(row).toMatchObject({ keyId: erin.id, alias: `GET /v1/responses/${queued.id}`, inputTokens: usage.input_tokens });
    } finally {
      await again.close();
    }
  });

  it('is logged under its method and path when the call by id is refused before it is relayed', async () => {
    const stranger = clientFor('sk-sb-not-a-key');
    await expect(stranger.responses.retrieve('resp_refused')).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const [row] = await rows(1);
    expect(row).toMatchObject({ alias: 'GET /v1/responses/resp_refused', status: 401, endpoint: 'responses' });
  });
});

describe('a response an Azure deployment with nativeResponses stored', () => {
  it('is retrieved from Azure’s v1 API with the api-key', async () => {
    const created = await master.responses.create({ model: 'az-native', input: 'On Azure' });
    expect((await master.responses.retrieve(created.id)).id).toBe(created.id);
    const sent = h.openai.requests.at(-1);
    expect([sent?.method, sent?.path, sent?.headers['api-key']]).toEqual(['GET', `/openai/v1/responses/${created.id}`, KEYS.openai]);
  });
});
