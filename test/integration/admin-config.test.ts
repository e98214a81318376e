import { readFile, writeFile } from 'node:fs/promises';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, ConfigDiffDto, ConfigDto, ProviderPresetsDto, ProvidersDto, RoutesDto, StatusDto } from '../../gateway/src/admin/api-types';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';
import { eventually } from './harness';

describe('admin API: auth and headers', () => {
  let a: AdminHarness;
  beforeAll(async () => {
    a = await startAdminHarness();
  });
  afterAll(() => a.close());

  it('refuses calls without the admin token, or with a wrong one, with 401', async () => {
    const missing = await a.admin.call<ApiErrorBody>('GET', '/status', undefined, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('invalid_admin_token');
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    const wrong = await a.admin.call<ApiErrorBody>('GET', '/config', undefined, { token: `${a.admin.token}x` });
    expect(wrong.status).toBe(401);
    // The gateway key is not an admin token.
    const gatewayKey = await a.admin.call('GET', '/config', undefined, { token: a.h.gateway.apiKey });
    expect(gatewayKey.status).toBe(401);
  });

  it('accepts ?token= on the events stream only', async () => {
    const response = await request(`${a.admin.url}/admin/api/config?token=${encodeURIComponent(a.admin.token)}`);
    await response.body.text();
    expect(response.statusCode).toBe(401);
  });

  it('answers with cache-control: no-store, errors included', async () => {
    const ok = await a.admin.call<StatusDto>('GET', '/status');
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.body).toMatchObject({ configPath: a.h.configPath, secretsBackend: 'memory', auth: 'required', logBodies: false });
    const unknown = await a.admin.call('GET', '/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['cache-control']).toBe('no-store');
  });

  it('refuses a body that is not JSON without quoting it back', async () => {
    const response = await a.admin.call<ApiErrorBody>('PUT', '/config', '{"text": sk-not-json-secret-1234', {});
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_json');
    expect(response.text).not.toContain('sk-not-json-secret');
  });
});

describe('admin API: config', () => {
  let a: AdminHarness;
  let client: OpenAI;
  beforeAll(async () => {
    a = await startAdminHarness();
    client = new OpenAI({ baseURL: `${a.h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
  });
  afterAll(() => a.close());

  it('reads the file as text and parsed, writes it back with its comments, and applies it live', async () => {
    const before = (await a.admin.call<ConfigDto>('GET', '/config')).body;
    expect(before.text).toContain('workhorse:');
    expect(before.config).toMatchObject({ routes: { gpt: { strategy: 'single' } } });
    const text = `# Written from the admin API: keep this note\n${before.text.replace('model: gpt-4o-mini } ] }', 'model: gpt-4o } ] }')}`;

    const saved = await a.admin.call<ConfigDto>('PUT', '/config', { text, baseVersion: before.version });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(before.version + 1);
    expect(saved.body.text).toBe(text);
    expect(await readFile(a.h.configPath, 'utf8')).toContain('# Written from the admin API: keep this note');

    const { response } = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe('gpt-4o');
  });

  it('refuses an invalid config with 400 and issues naming the path, and keeps serving the old one', async () => {
    const current = (await a.admin.call<ConfigDto>('GET', '/config')).body;
    const broken = `${current.text}\n  broken: { strategy: single, targets: [ { provider: nowhere, model: x } ] }\n`;
    const response = await a.admin.call<ApiErrorBody>('PUT', '/config', { text: broken });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_config');
    const issue = response.body.error.issues?.find((i) => i.path === 'routes.broken.targets.0.provider');
    expect(issue?.message).toContain('nowhere');
    expect(issue?.line).toBeGreaterThan(0);
    expect(await readFile(a.h.configPath, 'utf8')).toBe(current.text);
    expect((await a.admin.call<ConfigDto>('GET', '/config')).body.version).toBe(current.version);
  });

  it('diffs posted text against the running config, path by path', async () => {
    const current = (await a.admin.call<ConfigDto>('GET', '/config')).body;
    const next = current.text.replace('- { provider: openai, model: gpt-4o-mini }', '- { provider: openai, model: gpt-5.1 }') + '\n  spare: { strategy: single, targets: [ { provider: openai, model: gpt-4o } ] }\n';
    const response = await a.admin.call<ConfigDiffDto>('POST', '/config/diff', { text: next });
    expect(response.status).toBe(200);
    expect(response.body.changes).toContainEqual({ path: 'routes.workhorse.targets.1.model', kind: 'changed', before: 'gpt-4o-mini', after: 'gpt-5.1' });
    expect(response.body.changes).toContainEqual(expect.objectContaining({ path: 'routes.spare', kind: 'added' }));
    expect(response.body.changes).toHaveLength(2);
    // A diff changes nothing.
    expect((await a.admin.call<ConfigDto>('GET', '/config')).body.version).toBe(current.version);

    const invalid = await a.admin.call<ApiErrorBody>('POST', '/config/diff', { text: 'routes: [oops' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.issues?.[0]?.message).toContain('YAML syntax');
  });

  it('refuses a write based on an older version with 409', async () => {
    const current = (await a.admin.call<ConfigDto>('GET', '/config')).body;
    const response = await a.admin.call<ApiErrorBody>('PUT', '/config', { text: current.text, baseVersion: current.version - 1 });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('config_conflict');
  });
});

describe('admin API: routes and providers', () => {
  let a: AdminHarness;
  let client: OpenAI;
  let baseline: string;
  beforeAll(async () => {
    a = await startAdminHarness();
    client = new OpenAI({ baseURL: `${a.h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    const text = (await a.admin.call<ConfigDto>('GET', '/config')).body.text;
    baseline = text.replace('routes:\n', 'routes:\n  # Hand-written note about routes\n');
    await a.admin.call('PUT', '/config', { text: baseline });
  });
  afterAll(() => a.close());

  it('creates, updates and deletes a route live, keeping comments and layout elsewhere', async () => {
    const created = await a.admin.call<RoutesDto>('PUT', '/routes/fresh', { route: { strategy: 'single', targets: [{ provider: 'openai', model: 'gpt-5.1' }] } });
    expect(created.status).toBe(200);
    expect(created.body.routes.fresh).toEqual({ strategy: 'single', targets: [{ provider: 'openai', model: 'gpt-5.1' }] });
    const first = await client.chat.completions.create({ model: 'fresh', messages: [{ role: 'user', content: 'new alias' }] }).withResponse();
    expect(first.data.choices[0]?.message.content).toBe('echo: new alias');
    expect(first.response.headers.get('x-switchboard-model')).toBe('gpt-5.1');

    const updated = await a.admin.call<RoutesDto>('PUT', '/routes/fresh', { route: { strategy: 'fallback', targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-5' }, { provider: 'openai', model: 'gpt-5.1' }] } });
    expect(updated.status).toBe(200);
    const second = await client.chat.completions.create({ model: 'fresh', messages: [{ role: 'user', content: 'again' }] }).withResponse();
    expect(second.response.headers.get('x-switchboard-provider')).toBe('anthropic');

    // Everything that was there is byte for byte the same (comment, aligned one-line entries);
    // the new route follows, its targets written one per line like the others.
    const file = await readFile(a.h.configPath, 'utf8');
    expect(file.startsWith(baseline.trimEnd())).toBe(true);
    expect(file.slice(baseline.trimEnd().length)).toBe(
      '\n  fresh:\n    strategy: fallback\n    targets:\n      - { provider: anthropic, model: claude-sonnet-4-5 }\n      - { provider: openai, model: gpt-5.1 }\n',
    );

    const deleted = await a.admin.call<RoutesDto>('DELETE', '/routes/fresh');
    expect(deleted.status).toBe(200);
    expect(deleted.body.routes).not.toHaveProperty('fresh');
    const gone = await client.chat.completions.create({ model: 'fresh', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError);
    expect((await a.admin.call('DELETE', '/routes/fresh')).status).toBe(404);
  });

  it('refuses an invalid route with the path of the problem', async () => {
    const response = await a.admin.call<ApiErrorBody>('PUT', '/routes/bad', { route: { strategy: 'single', targets: [{ provider: 'openai' }] } });
    expect(response.status).toBe(400);
    expect(response.body.error.issues?.map((i) => i.path)).toContain('routes.bad.targets.0.model');
  });

  it('lists providers as written with their credential status, and edits them', async () => {
    const listed = await a.admin.call<ProvidersDto>('GET', '/providers');
    const openai = listed.body.providers.find((p) => p.name === 'openai');
    expect(openai).toMatchObject({ config: { type: 'openai', credential: 'openai' }, baseUrl: `${a.h.openai.url}/v1`, credential: { source: 'memory:openai', present: true, lastFour: '0001' } });
    const gemini = listed.body.providers.find((p) => p.name === 'gemini');
    expect(gemini?.credential).toMatchObject({ source: 'env:TEST_GEMINI_KEY', present: true });

    const created = await a.admin.call<ProvidersDto>('PUT', '/providers/groq', { provider: { type: 'openai-compatible', preset: 'groq', credential: 'groq' } });
    expect(created.status).toBe(200);
    expect(created.body.providers.find((p) => p.name === 'groq')).toMatchObject({ baseUrl: 'https://api.groq.com/openai/v1', credential: { source: 'memory:groq', present: false } });
    expect((await a.admin.call('DELETE', '/providers/groq')).status).toBe(200);

    // A provider that routes still use cannot go.
    const inUse = await a.admin.call<ApiErrorBody>('DELETE', '/providers/openai');
    expect(inUse.status).toBe(400);
    expect(inUse.body.error.issues?.map((i) => i.path)).toContain('routes.gpt.targets.0.provider');
  });

  it('lists provider presets', async () => {
    const response = await a.admin.call<ProviderPresetsDto>('GET', '/providers/presets');
    expect((await a.admin.call<ProviderPresetsDto>('GET', '/presets')).body).toEqual(response.body);
    expect(response.body.presets).toContainEqual(expect.objectContaining({ id: 'ollama', type: 'openai-compatible', requiresKey: false, baseUrl: 'http://127.0.0.1:11434/v1' }));
    expect(response.body.presets).toContainEqual(expect.objectContaining({ id: 'anthropic', type: 'anthropic', baseUrl: 'https://api.anthropic.com' }));
  });
});

describe('admin API: edits never overwrite what was saved in the file by hand', () => {
  let a: AdminHarness;
  let original: string;
  beforeAll(async () => {
    a = await startAdminHarness();
    original = await readFile(a.h.configPath, 'utf8');
  });
  afterAll(() => a.close());

  const gptRoute = { route: { strategy: 'single', targets: [{ provider: 'openai', model: 'gpt-4o' }] } };

  it('refuses edits with 409 while the file holds a hand edit the gateway rejected, and keeps that edit', async () => {
    const current = (await a.admin.call<ConfigDto>('GET', '/config')).body;
    // A half-finished hand edit: the route names a provider not added yet.
    const halfDone = `${original}  # my new route, provider coming next\n  mine: { strategy: single, targets: [ { provider: groq, model: llama-3.3-70b } ] }\n`;
    await writeFile(a.h.configPath, halfDone);
    await eventually(async () => expect((await a.admin.call<ConfigDto>('GET', '/config')).body.rejected).toBeTruthy());

    for (const response of [
      await a.admin.call<ApiErrorBody>('PUT', '/routes/gpt', { ...gptRoute, baseVersion: current.version }),
      await a.admin.call<ApiErrorBody>('DELETE', '/providers/gemini'),
      await a.admin.call<ApiErrorBody>('PUT', '/config', { text: current.text, baseVersion: current.version }),
    ]) {
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('config_changed_on_disk');
      expect(response.body.error.message).toMatch(/config\.yaml changed on disk since it was loaded, and it does not validate \(line \d+: routes\.mine\.targets\.0\.provider/);
    }
    expect(await readFile(a.h.configPath, 'utf8')).toBe(halfDone);

    // Once the file is fixed (here: the change undone), edits go through again.
    await writeFile(a.h.configPath, original);
    await eventually(async () => expect((await a.admin.call<ConfigDto>('GET', '/config')).body.rejected).toBeNull());
    const version = (await a.admin.call<ConfigDto>('GET', '/config')).body.version;
    expect((await a.admin.call('PUT', '/routes/gpt', { ...gptRoute, baseVersion: version })).status).toBe(200);
  });

  it('loads a hand edit saved just before the edit (not reloaded yet) and refuses an edit made from the version before it', async () => {
    const before = (await a.admin.call<ConfigDto>('GET', '/config')).body;
    const handEdit = before.text.replace('routes:\n', 'routes:\n  # hand note\n');
    await writeFile(a.h.configPath, handEdit);
    // No waiting: the watcher's debounce has not fired yet, so the version has not moved.
    const put = await a.admin.call<ApiErrorBody>('PUT', '/routes/claude', { route: { strategy: 'single', targets: [{ provider: 'anthropic', model: 'claude-haiku-4-5' }] }, baseVersion: before.version });
    expect(put.status).toBe(409);
    expect(put.body.error.code).toBe('config_conflict');
    expect(put.body.error.message).toMatch(/reload/);
    expect(await readFile(a.h.configPath, 'utf8')).toBe(handEdit);
    const after = (await a.admin.call<ConfigDto>('GET', '/config')).body;
    expect(after.text).toBe(handEdit);
    expect(after.version).toBe(before.version + 1);
  });

  it('applies an edit sent without baseVersion on top of a hand edit saved just before it', async () => {
    const before = (await a.admin.call<ConfigDto>('GET', '/config')).body;
    const handEdit = before.text.replace('routes:\n', 'routes:\n  # second hand note\n');
    await writeFile(a.h.configPath, handEdit);
    const put = await a.admin.call<RoutesDto>('PUT', '/routes/extra', gptRoute);
    expect(put.status).toBe(200);
    const file = await readFile(a.h.configPath, 'utf8');
    expect(file).toContain('# second hand note');
    expect(file).toContain('extra:');
  });

  it('refuses a whole-file write over a hand edit it just found, even without baseVersion', async () => {
    const before = (await a.admin.call<ConfigDto>('GET', '/config')).body;
    const handEdit = `# third hand note\n${before.text}`;
    await writeFile(a.h.configPath, handEdit);
    const put = await a.admin.call<ApiErrorBody>('PUT', '/config', { text: `${before.text}# from the UI\n` });
    expect(put.status).toBe(409);
    expect(await readFile(a.h.configPath, 'utf8')).toBe(handEdit);
  });
});
