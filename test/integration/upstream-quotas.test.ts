import Anthropic from '@anthropic-ai/sdk';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverviewDto, ProvidersDto } from '../../gateway/src/admin/api-types';
import { parseExposition, total } from '../../gateway/src/metrics/exposition.fixture';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';
import { sdkClients, standardConfig } from './harness';

describe('provider rate limits from their answers', () => {
  let a: AdminHarness;
  beforeAll(async () => {
    a = await startAdminHarness({ config: (fakes) => `server:\n  metrics: true\n${standardConfig(fakes)}` });
  });
  afterAll(() => a.close());
  const quotasOf = async (provider: string) => (await a.admin.call<ProvidersDto>('GET', '/providers')).body.providers.find((p) => p.name === provider)?.quotas;

  it("shows what OpenAI's last answer said is left, per model, streams included", async () => {
    const { openai } = sdkClients(a.h);
    expect(await quotasOf('openai')).toBeUndefined();
    const limits = (requests: number) => ({ 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': String(requests), 'x-ratelimit-reset-requests': '20s', 'x-ratelimit-limit-tokens': '200000', 'x-ratelimit-remaining-tokens': '199000', 'x-ratelimit-reset-tokens': '1m30s' });
    a.h.openai.enqueue({ kind: 'reply', headers: limits(499) });
    const before = Date.now();
    await openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] });
    a.h.openai.enqueue({ kind: 'reply', headers: limits(498) });
    const stream = await openai.chat.completions.create({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    for await (const chunk of stream) void chunk;

    const [quota] = (await quotasOf('openai')) ?? [];
    expect(quota).toMatchObject({ model: 'gpt-4o-mini', windows: { requests: { limit: 500, remaining: 498 }, tokens: { limit: 200_000, remaining: 199_000 } } });
    expect(quota?.seenAt).toBeGreaterThanOrEqual(before);
    expect(quota?.windows.tokens?.resetAt).toBeGreaterThanOrEqual(before + 90_000);
  });

  it('reads embeddings answers too', async () => {
    const { openai } = sdkClients(a.h);
    a.h.openai.enqueue({ kind: 'reply', headers: { 'x-ratelimit-limit-requests': '3000', 'x-ratelimit-remaining-requests': '2999' } });
    await openai.embeddings.create({ model: 'embed', input: 'vector me' });
    expect((await quotasOf('openai'))?.find((q) => q.model === 'text-embedding-3-small')?.windows.requests).toEqual({ limit: 3000, remaining: 2999, resetAt: null });
  });

  it("keeps what a 429 said, Anthropic's windows included, and serves them to Prometheus", async () => {
    const { anthropic } = sdkClients(a.h);
    const reset = new Date(Date.now() + 30_000).toISOString();
    a.h.anthropic.enqueue({
      kind: 'error',
      status: 429,
      headers: { 'retry-after': '30', 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': reset, 'anthropic-ratelimit-output-tokens-remaining': '1200' },
    });
    await expect(anthropic.messages.create({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    expect(await quotasOf('anthropic')).toEqual([
      { model: 'claude-sonnet-4-5', seenAt: expect.any(Number), windows: { requests: { limit: 50, remaining: 0, resetAt: Date.parse(reset) }, output_tokens: { limit: null, remaining: 1200, resetAt: null } } },
    ]);

    // The Overview warns of it beside the provider's health.
    const overview = (await a.admin.call<OverviewDto>('GET', '/stats/overview')).body;
    expect(overview.providers.find((p) => p.name === 'anthropic')?.quotaLow).toEqual({ model: 'claude-sonnet-4-5', window: 'requests', remaining: 0, limit: 50, resetAt: Date.parse(reset) });
    expect(overview.providers.find((p) => p.name === 'openai')?.quotaLow).toBeUndefined();

    const response = await request(`${a.h.gateway.url}/metrics`, { headers: { authorization: `Bearer ${a.h.gateway.adminToken}` } });
    const samples = parseExposition(await response.body.text());
    expect(total(samples, 'switchboard_upstream_ratelimit_remaining', { provider: 'anthropic', model: 'claude-sonnet-4-5', window: 'requests' })).toBe(0);
    expect(total(samples, 'switchboard_upstream_ratelimit_limit', { provider: 'anthropic', window: 'requests' })).toBe(50);
    expect(total(samples, 'switchboard_upstream_ratelimit_remaining', { provider: 'openai', model: 'gpt-4o-mini', window: 'requests' })).toBe(498);

    // Until the window refills, a route with another target goes there first, without the 429
    // Anthropic would answer; a route with no other target still tries it.
    const { openai } = sdkClients(a.h);
    const before = a.h.anthropic.requests.length;
    const { response: routed } = await openai.chat.completions.create({ model: 'workhorse', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(routed.headers.get('x-switchboard-provider')).toBe('openai');
    expect(a.h.anthropic.requests.length).toBe(before);
    await a.h.gateway.logs.flush();
    const row = await a.h.gateway.logs.get(routed.headers.get('x-switchboard-request-id') ?? '');
    expect(row?.attempts[0]).toMatchObject({ provider: 'anthropic', outcome: 'skipped', error: expect.stringMatching(/^provider rate limit spent \(requests: 0 left\) until it resets in \d+ s$/) });
    await anthropic.messages.create({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(a.h.anthropic.requests.length).toBe(before + 1);
  });
});
