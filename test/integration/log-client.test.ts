import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogPageDto } from '../../gateway/src/admin/api-types';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';

describe('the log names the app that made each call', () => {
  let a: AdminHarness;
  const logs = async (query = '') => {
    await a.h.gateway.logs.flush();
    return (await a.admin.call<LogPageDto>('GET', `/logs${query}`)).body.rows;
  };
  beforeAll(async () => {
    a = await startAdminHarness();
  });
  afterAll(() => a.close());

  it("keeps each SDK's User-Agent, and finds calls by it", async () => {
    const openai = new OpenAI({ baseURL: `${a.h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    const anthropic = new Anthropic({ baseURL: a.h.gateway.url, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    await openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'from openai' }] });
    await anthropic.messages.create({ model: 'claude', max_tokens: 20, messages: [{ role: 'user', content: 'from anthropic' }] });

    const [fromAnthropic, fromOpenAI] = await logs('?limit=2');
    expect(fromOpenAI?.client).toMatch(/^OpenAI\/JS \d/);
    expect(fromAnthropic?.client).toMatch(/^Anthropic\/JS \d/);
    const found = await logs(`?text=${encodeURIComponent('Anthropic/JS')}`);
    expect(found.map((row) => row.id)).toContain(fromAnthropic?.id);
    expect(found.map((row) => row.id)).not.toContain(fromOpenAI?.id);
  });

  it('cuts a long User-Agent, keeps refusals attributed too, and leaves out an absent one', async () => {
    const call = (headers: Record<string, string>) =>
      request(`${a.h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }),
      }).then((response) => response.body.text());
    await call({ authorization: 'Bearer sk-sb-test-key', 'user-agent': `claude-cli/2.0.1 (external, cli) ${'x'.repeat(5_000)}` });
    await call({ 'user-agent': 'curl/8.5.0' });
    await call({ authorization: 'Bearer sk-sb-test-key' });

    const [none, refused, long] = await logs('?limit=3');
    expect(long?.client).toHaveLength(201);
    expect(long?.client).toMatch(/^claude-cli\/2\.0\.1 \(external, cli\) x+…$/);
    expect(refused).toMatchObject({ status: 401, client: 'curl/8.5.0' });
    expect(none?.client).toBeNull();
  });

  it('keeps no key a script put in its User-Agent', async () => {
    // The log, its live events and the Logs page keep no credential: a homemade client that
    // names itself with its own key (or a GitHub token) is kept as the app, not the secret.
    const gatewayKey = `sk-sb-${'Ab3dE'.repeat(8)}xY9`;
    const github = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
    await request(`${a.h.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key', 'user-agent': `nightly-eval/1.4 (${gatewayKey}; ${github})` },
      body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }),
    }).then((response) => response.body.text());

    const [row] = await logs('?limit=1');
    expect(row?.client).toBe('nightly-eval/1.4 ([secret]; [secret])');
    expect(await logs(`?text=${encodeURIComponent(github.slice(0, 12))}`)).toEqual([]);
  });
});
