import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedKeyDto, LogPageDto } from '../../gateway/src/admin/api-types';
import { parseExposition, total } from '../../gateway/src/metrics/exposition.fixture';
import type { Sample } from '../../gateway/src/metrics/exposition.fixture';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';
import { eventually, sdkClients, standardConfig } from './harness';
import type { Fakes } from './harness';

const config = (metrics: boolean) => (fakes: Fakes) => `server:\n  metrics: ${metrics}\n${standardConfig(fakes)}budgets:\n  global: { monthlyUsd: 50 }\n`;

describe('GET /metrics (Prometheus)', () => {
  let a: AdminHarness;
  let url: string;
  let keyId: string;
  const scrape = async (headers: Record<string, string> = { authorization: `Bearer ${a.h.gateway.adminToken}` }) => {
    const response = await request(`${url}/metrics`, { headers });
    return { status: response.statusCode, type: response.headers['content-type'], text: await response.body.text() };
  };
  const samples = async (): Promise<Sample[]> => parseExposition((await scrape()).text);

  beforeAll(async () => {
    a = await startAdminHarness({ config: config(true) });
    url = a.h.gateway.url;
    const created = (await a.admin.call<CreatedKeyDto>('POST', '/keys', { name: 'ci', team: 'platform' })).body;
    keyId = created.key.id;
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: created.plaintext, maxRetries: 0, defaultHeaders: { 'user-agent': 'aider/0.86.1' } });
    for (let i = 0; i < 3; i++) {
      a.h.openai.enqueue({ kind: 'reply', usage: { inputTokens: 1000, outputTokens: 500 } });
      await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: `call ${i}` }] });
    }
    a.h.openai.enqueue({ kind: 'reply', usage: { inputTokens: 10, outputTokens: 4 } });
    const stream = await client.chat.completions.create({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'stream it' }] });
    for await (const chunk of stream) void chunk;
    a.h.openai.enqueue({ kind: 'error', status: 500, message: 'upstream exploded' });
    await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'fails' }] }).catch(() => undefined);
    // Counted once its row is made, which is just after the caller has its answer.
    await eventually(async () => expect((await a.admin.call<LogPageDto>('GET', '/logs')).body.rows).toHaveLength(5));
  });
  afterAll(() => a.close());

  it('counts the calls made through the gateway by route, provider, model, key, team, app and status', async () => {
    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE switchboard_requests_total counter\n');
    const s = parseExposition(text);
    const mine = { route: 'gpt', provider: 'openai', model: 'gpt-4o-mini', key: keyId, team: 'platform', app: 'aider' };
    expect(total(s, 'switchboard_requests_total', { ...mine, endpoint: 'chat', status: '200' })).toBe(4);
    expect(total(s, 'switchboard_requests_total', { ...mine, endpoint: 'chat', status: '500' })).toBe(1);
    expect(total(s, 'switchboard_tokens_total', { ...mine, type: 'input' })).toBe(3010);
    expect(total(s, 'switchboard_tokens_total', { ...mine, type: 'output' })).toBe(1504);
    // gpt-4o-mini: $0.15 input and $0.60 output per million tokens.
    expect(total(s, 'switchboard_cost_usd_total', mine)).toBeCloseTo((3010 * 0.15 + 1504 * 0.6) / 1e6, 12);
    expect(total(s, 'switchboard_request_duration_seconds_count', { route: 'gpt' })).toBe(5);
    expect(total(s, 'switchboard_time_to_first_token_seconds_count', { route: 'gpt' })).toBe(1);
  });

  it('reads breakers, budgets, cache and the process at scrape time', async () => {
    const s = await samples();
    expect(total(s, 'switchboard_budget_limit_usd', { scope: 'global', period: 'month' })).toBe(50);
    expect(total(s, 'switchboard_budget_spent_usd', { scope: 'global', period: 'month' })).toBeCloseTo((3010 * 0.15 + 1504 * 0.6) / 1e6, 12);
    expect(total(s, 'switchboard_circuit_breaker_state', { target: 'openai/gpt-4o-mini' })).toBe(0);
    // No route of this config caches: the cache is there, and empty.
    expect(s.filter((x) => x.name === 'switchboard_cache_entries').map((x) => x.value)).toEqual([0]);
    expect(total(s, 'switchboard_info')).toBe(1);
    expect(total(s, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('counts the calls being answered now', async () => {
    a.h.openai.enqueue({ kind: 'delay', ms: 400 });
    const client = sdkClients(a.h).openai;
    const pending = client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'slow' }] });
    await eventually(async () => expect(total(await samples(), 'switchboard_requests_in_flight')).toBe(1));
    await pending;
    await eventually(async () => expect(total(await samples(), 'switchboard_requests_in_flight')).toBe(0));
  });

  it('needs the admin token: a gateway key or nothing gets 401, and no counters', async () => {
    const refusedHeaders: Record<string, string>[] = [{}, { authorization: 'Bearer sk-sb-test-key' }];
    for (const headers of refusedHeaders) {
      const refused = await scrape(headers);
      expect(refused.status).toBe(401);
      expect(refused.text).not.toContain('switchboard_requests_total');
    }
  });

  it('refuses a foreign Host or a foreign browser Origin, as every gateway path does', async () => {
    const foreigners: Record<string, string>[] = [{ host: 'evil.example' }, { origin: 'https://evil.example' }];
    for (const foreign of foreigners) {
      const refused = await scrape({ authorization: `Bearer ${a.h.gateway.adminToken}`, ...foreign });
      expect(refused.status).toBe(403);
      expect(refused.text).not.toContain('switchboard_requests_total');
    }
  });

  it('answers 404 metrics_off, saying how to turn them on, once server.metrics is off, and counts nothing meanwhile', async () => {
    await a.h.writeConfig(config(false)(a.h));
    await eventually(async () => expect((await scrape()).status).toBe(404));
    expect((await scrape()).text).toContain('set server.metrics: true');
    const client = sdkClients(a.h).openai;
    await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'unmetered' }] });
    await eventually(async () => expect((await a.admin.call<LogPageDto>('GET', '/logs')).body.rows).toHaveLength(7));
    await a.h.writeConfig(config(true)(a.h));
    await eventually(async () => expect((await scrape()).status).toBe(200));
    // The five before, and the slow one; not the call made while metrics were off.
    expect(total(await samples(), 'switchboard_requests_total')).toBe(6);
  });
});
