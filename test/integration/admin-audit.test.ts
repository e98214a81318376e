import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, AuditPageDto, ConfigDto, CreatedKeyDto } from '../../gateway/src/admin/api-types';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';
import { eventually } from './harness';

const SECRET = 'sk-live-audit-secret-value-9876';

describe('admin API: the audit log', () => {
  let a: AdminHarness;
  const audit = async (query = '') => (await a.admin.call<AuditPageDto>('GET', `/audit${query}`)).body;
  beforeAll(async () => {
    a = await startAdminHarness();
    expect(a.wired).toBe(true);
  });
  afterAll(() => a.close());

  it('records each key change with who made it, and never the key itself', async () => {
    const ua = { 'user-agent': 'audit-test/1.0' };
    const created = (await a.admin.call<CreatedKeyDto>('POST', '/keys', { name: 'laptop' }, { headers: ua })).body;
    await a.admin.call('PATCH', `/keys/${created.key.id}`, { team: 'ml', limits: { rpm: 10 } }, { headers: ua });
    const rotated = (await a.admin.call<CreatedKeyDto>('POST', `/keys/${created.key.id}/rotate`, {}, { headers: ua })).body;
    await a.admin.call('POST', `/keys/${created.key.id}/revoke`, undefined, { headers: ua });

    const page = await audit('?action=key');
    expect(page.entries.map((e) => [e.action, e.target])).toEqual([
      ['key.revoked', created.key.id],
      ['key.rotated', created.key.id],
      ['key.updated', created.key.id],
      ['key.created', created.key.id],
    ]);
    for (const entry of page.entries) expect(entry.actor).toEqual({ kind: 'admin-api', address: '127.0.0.1', client: 'audit-test/1.0' });
    expect(page.entries[3]?.summary).toBe(`Gateway key "laptop" (${created.key.prefix}…) created`);
    expect(page.entries[2]?.summary).toBe(`Gateway key "laptop" (${created.key.prefix}…) edited: team, limits`);
    expect(page.entries[1]?.summary).toMatch(/rotated; the old key stopped working at once$/);
    const text = JSON.stringify(page);
    expect(text).not.toContain(created.plaintext);
    expect(text).not.toContain(rotated.plaintext);
  });

  it('records credentials by name and last four, never their value', async () => {
    await a.admin.call('PUT', '/credentials/audit-cred', { value: SECRET });
    await a.admin.call('DELETE', '/credentials/audit-cred');
    // Deleting what is not there changed nothing: no entry.
    await a.admin.call('DELETE', '/credentials/audit-cred');
    const page = await audit('?action=credential');
    expect(page.entries.map((e) => e.summary)).toEqual(['Credential "audit-cred" removed from the memory store', 'Credential "audit-cred" stored in the memory store (…9876)']);
    expect(JSON.stringify(page)).not.toContain(SECRET);
  });

  it('records config saves from the API and hand edits of the file, applied or refused', async () => {
    const put = await a.admin.call('PUT', '/routes/audited', { route: { strategy: 'single', targets: [{ provider: 'openai', model: 'gpt-4.1-nano' }] } });
    expect(put.status).toBe(200);
    const saved = (await audit('?action=config.applied&limit=1')).entries[0];
    expect(saved).toMatchObject({ actor: { kind: 'admin-api', address: '127.0.0.1' }, summary: expect.stringMatching(/^v\d+: routes\.audited added$/) });

    const current = (await a.admin.call<ConfigDto>('GET', '/config')).body;
    await writeFile(a.h.configPath, current.text.replace('model: gpt-4.1-nano', 'model: gpt-4.1-mini'));
    const handEdit = await eventually(async () => {
      const entry = (await audit('?action=config.applied&limit=1')).entries[0];
      expect(entry?.actor).toEqual({ kind: 'config-file' });
      return entry;
    });
    expect(handEdit?.summary).toMatch(/routes\.audited\.targets\.0\.model: "gpt-4\.1-nano" → "gpt-4\.1-mini"/);
    expect(handEdit?.detail).toMatchObject({ changes: [{ path: 'routes.audited.targets.0.model', kind: 'changed', before: 'gpt-4.1-nano', after: 'gpt-4.1-mini' }] });

    const good = await readFile(a.h.configPath, 'utf8');
    await writeFile(a.h.configPath, `${good}\n  broken: { strategy: single, targets: [ { provider: nowhere, model: x } ] }\n`);
    const refused = await eventually(async () => {
      const entry = (await audit('?action=config.refused')).entries[0];
      expect(entry).toBeDefined();
      return entry;
    });
    expect(refused).toMatchObject({ actor: { kind: 'config-file' }, summary: expect.stringMatching(/^Hand edit refused, the config in use keeps serving: .*routes\.broken/) });
    // Undoing the broken edit puts back the config that never stopped serving: nothing changed.
    const before = (await audit()).entries[0]?.seq;
    await writeFile(a.h.configPath, good);
    await eventually(async () => expect((await a.admin.call<ConfigDto>('GET', '/config')).body.rejected).toBeNull());
    expect((await audit()).entries[0]?.seq).toBe(before);
  });

  it('records cache purges, breaker resets, and pausing from the app', async () => {
    await a.admin.call('POST', '/cache/purge', { route: 'gpt' });
    await a.admin.call('POST', '/breakers/reset', {});
    a.h.gateway.setPaused(true);
    a.h.gateway.setPaused(true);
    a.h.gateway.setPaused(false);
    const entries = (await audit('?limit=4')).entries;
    expect(entries.map((e) => [e.action, e.actor.kind, e.summary])).toEqual([
      ['gateway.resumed', 'app', 'Gateway resumed'],
      ['gateway.paused', 'app', 'Gateway paused: inference answers 503 until resumed'],
      ['breaker.reset', 'admin-api', 'Every circuit breaker reset'],
      ['cache.purged', 'admin-api', 'Cache of route "gpt" purged: 0 entries'],
    ]);
  });

  it('pages newest first, needs the admin token, and refuses a bad query', async () => {
    const first = await audit('?limit=2');
    expect(first.entries).toHaveLength(2);
    const next = await audit(`?limit=2&before=${first.nextCursor}`);
    expect(next.entries[0]!.seq).toBeLessThan(first.entries[1]!.seq);
    expect((await a.admin.call('GET', '/audit', undefined, { token: null })).status).toBe(401);
    const bad = await a.admin.call<ApiErrorBody>('GET', '/audit?action=DROP%20TABLE');
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('action');
  });
});
