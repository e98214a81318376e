/**
 * Background runs (`background: true` on the Responses API) that nobody asks after through the
 * gateway: a client that polls OpenAI directly, or never. The gateway looks at each run it holds
 * itself, so the run is charged to the key that started it all the same, and its budget hold
 * goes back. The fake OpenAI moves a run on at each read, as a real one finishes in time.
 */
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, KEYS, standardConfig, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => standardConfig(fakes, `  metered: { strategy: single, targets: [ { provider: openai, model: gpt-5.1, price: { input: 10, output: 20 } } ] }\n`),
    backgroundRunChecks: { firstCheckMs: 40, maxCheckMs: 80 },
  });
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const keyWith = (dailyUsd: number) => {
  const { key, plaintext } = h.gateway.keys.create({ name: `bg-${Math.random().toString(36).slice(2, 8)}`, budget: { dailyUsd } });
  return { id: key.id, client: new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: plaintext, maxRetries: 0 }) };
};
const reads = (id: string) => h.openai.requests.filter((r) => r.method === 'GET' && r.path === `/v1/responses/${id}`).length;
const rowsFor = async (id: string) => {
  await h.gateway.logs.flush();
  return (await h.gateway.logs.query({ limit: 50 })).rows.filter((row) => row.alias === `GET /v1/responses/${id}`);
};

describe('a background run nobody asks after through the gateway', () => {
  it('is looked at until it ends, then charged to the key that started it, in a row of its own', async () => {
    const alice = keyWith(1);
    const queued = await alice.client.responses.create({ model: 'metered', input: 'Research this overnight', background: true });
    expect(queued.status).toBe('queued');
    expect(h.gateway.budgets.reservedUsd(`key:${alice.id}`)).toBeGreaterThan(0);
    const [row] = await eventually(async () => {
      const found = await rowsFor(queued.id);
      if (found.length === 0) throw new Error('not charged yet');
      return found;
    });
    // queued → in_progress → completed: the gateway's second read found it done.
    expect(reads(queued.id)).toBe(2);
    expect(row).toMatchObject({ endpoint: 'responses', keyId: alice.id, provider: 'openai', status: 200, metadata: { 'switchboard.purpose': 'background-run' } });
    expect(row?.inputTokens).toBeGreaterThan(0);
    const cost = ((row?.inputTokens ?? 0) * 10 + (row?.outputTokens ?? 0) * 20) / 1e6;
    expect(row?.costUsd).toBeCloseTo(cost, 10);
    expect(h.gateway.budgets.spent(`key:${alice.id}`, 'daily')).toBeCloseTo(cost, 10);
    expect(h.gateway.budgets.reservedUsd(`key:${alice.id}`)).toBe(0);
  });

  it('is charged once when its client polls through the gateway too', async () => {
    const bob = keyWith(1);
    const queued = await bob.client.responses.create({ model: 'metered', input: 'Poll me', background: true });
    let done = await bob.client.responses.retrieve(queued.id);
    while (done.status !== 'completed') done = await bob.client.responses.retrieve(queued.id);
    // Time for several more looks, had the gateway kept looking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const charged = (await h.gateway.logs.query({ limit: 50 })).rows.filter((row) => row.keyId === bob.id && row.costUsd > 0);
    expect(charged).toHaveLength(1);
    expect(h.gateway.budgets.reservedUsd(`key:${bob.id}`)).toBe(0);
  });

  it('gives its hold back, charging nothing, when it is deleted at the provider', async () => {
    const carol = keyWith(1);
    const queued = await carol.client.responses.create({ model: 'metered', input: 'Deleted elsewhere', background: true });
    // The client deletes it at OpenAI itself, not through the gateway.
    const deleted = await request(`${h.openai.url}/v1/responses/${queued.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${KEYS.openai}` } });
    expect(deleted.statusCode).toBe(200);
    await deleted.body.dump();
    await eventually(async () => {
      if (h.gateway.budgets.reservedUsd(`key:${carol.id}`) !== 0) throw new Error('still held');
    });
    expect(h.gateway.budgets.spent(`key:${carol.id}`, 'daily')).toBe(0);
    expect(await rowsFor(queued.id)).toHaveLength(0);
  });
});
