import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutesDto } from '../../gateway/src/admin/api-types';
import { parseConfig } from '../../gateway/src/config/load';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';
import { providersYaml } from './harness';

describe('admin API: routes that use YAML merge keys', () => {
  let a: AdminHarness;
  beforeAll(async () => {
    a = await startAdminHarness({
      config: (f) => `x-resilient: &resilient
  retry: { attempts: 4 }
  timeoutMs: 20s

${providersYaml(f)}
routes:
  fast:
    <<: *resilient
    targets: [{ provider: openai, model: gpt-4o-mini }]
  slow:
    <<: *resilient
    targets: [{ provider: openai, model: gpt-4o }]
`,
    });
  });
  afterAll(() => a.close());

  it('shows a route with the values it merges in, not a literal "<<" key', async () => {
    const { routes } = (await a.admin.call<RoutesDto>('GET', '/routes')).body;
    const fast = routes.fast as Record<string, unknown>;
    expect(Object.keys(fast)).not.toContain('<<');
    expect(fast).toMatchObject({ timeoutMs: '20s', retry: { attempts: 4 } });
  });

  it('saves an edited route with its values in full in place of the merge key, and leaves the others merging', async () => {
    const { routes, version } = (await a.admin.call<RoutesDto>('GET', '/routes')).body;
    const res = await a.admin.call('PUT', '/routes/fast', { route: Object.assign({}, routes.fast, { timeoutMs: '30s' }), baseVersion: version });
    expect(res.status).toBe(200);
    const file = await readFile(a.h.configPath, 'utf8');
    const fast = file.slice(file.indexOf('  fast:'), file.indexOf('  slow:'));
    expect(fast).not.toContain('<<');
    expect(fast).toContain('timeoutMs: 30s');
    expect(file.slice(file.indexOf('  slow:'))).toContain('<<: *resilient');
    const config = parseConfig(file);
    expect(config.routes.fast).toMatchObject({ timeoutMs: 30_000, retry: { attempts: 4 } });
    expect(config.routes.slow).toMatchObject({ timeoutMs: 20_000, retry: { attempts: 4 } });
  });
});
