import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, CredentialsDto, ProvidersDto, ProviderTestDto, SecretInfoDto } from '../../gateway/src/admin/api-types';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';
import { KEYS } from './harness';

const WRONG_KEY = 'sk-wrong-key-for-the-test-7777';

describe('admin API: credentials and connection tests', () => {
  let a: AdminHarness;
  let client: OpenAI;
  beforeAll(async () => {
    a = await startAdminHarness();
    client = new OpenAI({ baseURL: `${a.h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
  });
  afterAll(() => a.close());

  it('adds a provider, stores its key through the API and tests the connection against the real upstream', async () => {
    const created = await a.admin.call<ProvidersDto>('PUT', '/providers/extra', { provider: { type: 'openai-compatible', baseUrl: `${a.h.openai.url}/v1`, credential: 'extra-key' } });
    expect(created.body.providers.find((p) => p.name === 'extra')?.credential).toEqual({ source: 'memory:extra-key', present: false });
    const missing = await a.admin.call<ProviderTestDto>('POST', '/providers/extra/test');
    expect(missing.body).toMatchObject({ ok: false, message: expect.stringContaining('No key is set') });

    const stored = await a.admin.call<SecretInfoDto>('PUT', '/credentials/extra-key', { value: KEYS.openai });
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({ name: 'extra-key', backend: 'memory', lastFour: '0001' });

    const tested = await a.admin.call<ProviderTestDto>('POST', '/providers/extra/test');
    expect(tested.body).toMatchObject({ ok: true, status: 200 });
    expect(tested.body.models).toBeGreaterThan(0);
    expect(tested.body.latencyMs).toBeGreaterThanOrEqual(0);
    const listing = a.h.openai.requests.at(-1);
    expect(listing).toMatchObject({ method: 'GET', path: '/v1/models' });
  });

  it('reports the upstream message for a wrong key, and picks the new key up at once', async () => {
    await a.admin.call('PUT', '/credentials/extra-key', { value: WRONG_KEY });
    const tested = await a.admin.call<ProviderTestDto>('POST', '/providers/extra/test');
    expect(tested.body.ok).toBe(false);
    expect(tested.body.status).toBe(401);
    expect(tested.body.message).toContain('Incorrect API key provided');

    // Inference sees a changed credential too: without a fresh read the old key would still work.
    await a.admin.call('PUT', '/credentials/openai', { value: WRONG_KEY });
    const refused = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    await a.admin.call('PUT', '/credentials/openai', { value: KEYS.openai });
    const served = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'back' }] });
    expect(served.choices[0]?.message.content).toBe('echo: back');
  });

  it('tests each provider type with its own models list, and an unsaved config before saving it', async () => {
    const anthropic = await a.admin.call<ProviderTestDto>('POST', '/providers/anthropic/test');
    expect(anthropic.body).toMatchObject({ ok: true, status: 200 });
    expect(a.h.anthropic.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models' });
    const gemini = await a.admin.call<ProviderTestDto>('POST', '/providers/gemini/test');
    expect(gemini.body).toMatchObject({ ok: true, status: 200 });

    const unsaved = await a.admin.call<ProviderTestDto>('POST', '/providers/draft/test', { provider: { type: 'anthropic', baseUrl: a.h.anthropic.url, credential: 'anthropic' } });
    expect(unsaved.body).toMatchObject({ ok: true });
    const invalid = await a.admin.call<ApiErrorBody>('POST', '/providers/draft/test', { provider: { type: 'anthropic', apiKey: 'sk-literal-key-in-config' } });
    expect(invalid.status).toBe(400);

    const unreachable = await a.admin.call<ProviderTestDto>('POST', '/providers/draft/test', { provider: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' } });
    expect(unreachable.body.ok).toBe(false);
    expect(unreachable.body.message).toMatch(/refused|could not be reached/);
    expect((await a.admin.call('POST', '/providers/nope/test')).status).toBe(404);
  });

  it('lists secrets by name, backend and last four, and deletes them', async () => {
    const listed = await a.admin.call<CredentialsDto>('GET', '/credentials');
    expect(listed.body.backend).toBe('memory');
    expect(listed.body.writable).toBe(true);
    expect(listed.body.secrets).toContainEqual({ name: 'extra-key', backend: 'memory', lastFour: '7777' });
    expect(listed.body.secrets.every((s) => Object.keys(s).sort().join() === 'backend,lastFour,name')).toBe(true);

    expect((await a.admin.call<{ deleted: boolean }>('DELETE', '/credentials/extra-key')).body).toEqual({ deleted: true });
    expect((await a.admin.call<{ deleted: boolean }>('DELETE', '/credentials/extra-key')).body).toEqual({ deleted: false });
    const after = await a.admin.call<ProviderTestDto>('POST', '/providers/extra/test');
    expect(after.body).toMatchObject({ ok: false, message: expect.stringContaining('No key is set') });

    const badName = await a.admin.call<ApiErrorBody>('PUT', '/credentials/has%20space', { value: 'x'.repeat(20) });
    expect(badName.status).toBe(400);
    const empty = await a.admin.call<ApiErrorBody>('PUT', '/credentials/ok-name', { value: '' });
    expect(empty.status).toBe(400);
  });

  it('never returns a secret value in any response', () => {
    const everything = a.admin.transcript.join('\n');
    expect(a.admin.transcript.length).toBeGreaterThan(15);
    for (const secret of [KEYS.openai, KEYS.anthropic, KEYS.gemini, WRONG_KEY]) expect(everything).not.toContain(secret);
  });
});
