import { readFile } from 'node:fs/promises';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, RoutesDto } from '../../gateway/src/admin/api-types';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';
import { providersYaml } from './harness';

describe('admin API: route edits as the config file shows them', () => {
  let a: AdminHarness;
  let client: OpenAI;
  beforeAll(async () => {
    a = await startAdminHarness({
      config: (f) => `${providersYaml(f)}
routes:
  cheap:
    strategy: fallback
    targets:
      # first choice
      - { provider: openai, model: gpt-4o-mini }
      # when openai is down
      - provider: anthropic
        model: claude-haiku-4-5
`,
    });
    client = new OpenAI({ baseURL: `${a.h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
  });
  afterAll(() => a.close());

  it('moves a target with its comment when the targets are reordered (Move up), and back', async () => {
    const original = await readFile(a.h.configPath, 'utf8');
    const { routes, version } = (await a.admin.call<RoutesDto>('GET', '/routes')).body;
    const cheap = routes.cheap as { strategy: string; targets: unknown[] };
    const moved = await a.admin.call<RoutesDto>('PUT', '/routes/cheap', { route: { ...cheap, targets: [cheap.targets[1], cheap.targets[0]] }, baseVersion: version });
    expect(moved.status).toBe(200);

    const file = await readFile(a.h.configPath, 'utf8');
    expect(file).toContain(`    targets:
      # when openai is down
      - provider: anthropic
        model: claude-haiku-4-5
      # first choice
      - { provider: openai, model: gpt-4o-mini }
`);
    const answer = await client.chat.completions.create({ model: 'cheap', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(answer.response.headers.get('x-switchboard-provider')).toBe('anthropic');

    const back = await a.admin.call('PUT', '/routes/cheap', { route: cheap, baseVersion: moved.body.version });
    expect(back.status).toBe(200);
    expect(await readFile(a.h.configPath, 'utf8')).toBe(original);
  });

  it('refuses removing a provider a route uses, citing the line of the file where the route uses it', async () => {
    const file = await readFile(a.h.configPath, 'utf8');
    const refused = await a.admin.call<ApiErrorBody>('DELETE', '/providers/anthropic');
    expect(refused.status).toBe(400);
    const issue = refused.body.error.issues?.find((i) => i.path === 'routes.cheap.targets.1.provider');
    expect(file.split('\n')[(issue?.line ?? 0) - 1]).toBe('      - provider: anthropic');
    expect(refused.body.error.message).toContain(`line ${issue?.line}: routes.cheap.targets.1.provider: unknown provider "anthropic"`);
    expect(await readFile(a.h.configPath, 'utf8')).toBe(file);
  });

  it('names only the path of a problem in what the edit sent, which the file does not show', async () => {
    const refused = await a.admin.call<ApiErrorBody>('PUT', '/routes/cheap', { route: { strategy: 'single', targets: [{ provider: 'antropic', model: 'claude-haiku-4-5' }] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([{ path: 'routes.cheap.targets.0.provider', message: expect.stringContaining('unknown provider "antropic"') as string }]);
    expect(refused.body.error.message).not.toMatch(/line \d/);
  });
});
