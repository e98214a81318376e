import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, BreakersDto, CacheStatsDto, CreatedKeyDto, GatewayEvent, GatewayKeyDto, KeysDto, OverviewDto, StatusDto } from '../../gateway/src/admin/api-types';
import { connectAdminEvents } from '../../gateway/src/admin/admin-app';
import type { CacheAdmin } from '../../gateway/src/admin/deps';
import { KeyStore } from '../../gateway/src/keys/key-store';
import { BreakerRegistry } from '../../gateway/src/routing/breaker';
import { openDatabase } from '../../gateway/src/store/database';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';

const chat = (url: string, key: string) =>
  new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 }).chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] });

describe('admin API: gateway keys', () => {
  let a: AdminHarness;
  beforeAll(async () => {
    a = await startAdminHarness();
  });
  afterAll(() => a.close());

  it('creates a key that works at once, shows its plaintext only then, and lists it without it', async () => {
    const created = await a.admin.call<CreatedKeyDto>('POST', '/keys', { name: 'laptop', team: 'ml', limits: { rpm: 100 }, budget: { monthlyUsd: 5 } });
    expect(created.status).toBe(201);
    const { key, plaintext } = created.body;
    expect(plaintext).toMatch(/^sk-sb-/);
    expect(key).toMatchObject({ name: 'laptop', team: 'ml', limits: { rpm: 100 }, budget: { monthlyUsd: 5 }, status: 'active', spendMonthUsd: 0 });
    expect(plaintext.startsWith(key.prefix)).toBe(true);
    expect((await chat(a.h.gateway.url, plaintext)).choices[0]?.message.content).toBe('echo: hi');

    const listed = await a.admin.call<KeysDto>('GET', '/keys');
    expect(listed.body.keys.map((k) => k.id)).toContain(key.id);
    const one = await a.admin.call<GatewayKeyDto>('GET', `/keys/${key.id}`);
    expect(one.body.lastUsedAt).toBeGreaterThan(0);
    expect(listed.text + one.text).not.toContain(plaintext);
  });

  it('updates, rotates and revokes a key, each applied to the next request', async () => {
    const { key, plaintext } = (await a.admin.call<CreatedKeyDto>('POST', '/keys', { name: 'ci' })).body;
    const patched = await a.admin.call<GatewayKeyDto>('PATCH', `/keys/${key.id}`, { allowedRoutes: ['claude'], team: null });
    expect(patched.body.allowedRoutes).toEqual(['claude']);
    const refused = await chat(a.h.gateway.url, plaintext).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.PermissionDeniedError);
    await a.admin.call('PATCH', `/keys/${key.id}`, { allowedRoutes: null });

    const rotated = await a.admin.call<CreatedKeyDto>('POST', `/keys/${key.id}/rotate`);
    expect(rotated.body.key.id).toBe(key.id);
    expect(rotated.body.plaintext).not.toBe(plaintext);
    expect(await chat(a.h.gateway.url, plaintext).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((await chat(a.h.gateway.url, rotated.body.plaintext)).choices).toHaveLength(1);

    const revoked = await a.admin.call<GatewayKeyDto>('POST', `/keys/${key.id}/revoke`);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(Number) });
    expect(await chat(a.h.gateway.url, rotated.body.plaintext).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('refuses bad settings naming the field, and unknown ids with 404', async () => {
    const bad = await a.admin.call<ApiErrorBody>('POST', '/keys', { name: 'x', limits: { rpm: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('limits.rpm');
    for (const [method, path] of [['GET', '/keys/key_nope'], ['PATCH', '/keys/key_nope'], ['POST', '/keys/key_nope/revoke'], ['POST', '/keys/key_nope/rotate']] as const) {
      expect((await a.admin.call(method, path, method === 'PATCH' ? { name: 'y' } : undefined)).status).toBe(404);
    }
  });
});

describe('admin API: breakers and cache', () => {
  let a: AdminHarness;
  const breakers = new BreakerRegistry();
  const purges: Array<{ route?: string }> = [];
  const cache: CacheAdmin = {
    stats: () => ({ hits: 3, misses: 1, hitRate: 0.75, savedUsd: 0.5, entries: 2, bytes: 2048, routes: { gpt: { hits: 3, misses: 1, hitRate: 0.75, savedUsd: 0.5, entries: 2, bytes: 2048 } } }),
    purge: (filter = {}) => {
      purges.push(filter);
      return 2;
    },
  };
  const settings = { failures: 2, minRequests: 10, windowMs: 60_000, cooldownMs: 60_000 };
  beforeAll(async () => {
    a = await startAdminHarness({ deps: { breakers, cache } });
  });
  afterAll(() => a.close());

  it('shows an open breaker, in the overview too, announces it as an event, and resets it', async () => {
    const events: GatewayEvent[] = [];
    const unsubscribe = a.h.gateway.events.subscribe((stamped) => events.push(stamped.event));
    const disconnect = connectAdminEvents({ events: a.h.gateway.events, breakers });
    breakers.failure('openai/gpt-4o-mini', settings);
    breakers.failure('openai/gpt-4o-mini', settings);

    const listed = (await a.admin.call<BreakersDto>('GET', '/breakers')).body.breakers;
    expect(listed).toEqual([expect.objectContaining({ target: 'openai/gpt-4o-mini', state: 'open', failures: 2, nextProbeAt: expect.any(Number) })]);
    const overview = (await a.admin.call<OverviewDto>('GET', '/stats/overview')).body;
    expect(overview.providers.find((p) => p.name === 'openai')?.breaker).toBe('open');
    expect(overview.cacheHitRate).toBe(0.75);
    expect(events).toContainEqual({ type: 'breaker.changed', breaker: expect.objectContaining({ target: 'openai/gpt-4o-mini', state: 'open' }) });

    const reset = (await a.admin.call<BreakersDto>('POST', '/breakers/reset', { target: 'openai/gpt-4o-mini' })).body;
    expect(reset.breakers).toEqual([]);
    expect(events.at(-1)).toEqual({ type: 'breaker.changed', breaker: expect.objectContaining({ state: 'closed' }) });
    disconnect();
    unsubscribe();
  });

  it('reports cache stats with a per-route breakdown, and purges one route', async () => {
    const stats = (await a.admin.call<CacheStatsDto>('GET', '/cache/stats')).body;
    expect(stats.overall).toEqual({ hits: 3, misses: 1, hitRate: 0.75, savedUsd: 0.5, entries: 2, bytes: 2048 });
    expect(stats.byRoute).toEqual([{ route: 'gpt', hits: 3, misses: 1, hitRate: 0.75, savedUsd: 0.5, entries: 2, bytes: 2048 }]);
    expect((await a.admin.call('POST', '/cache/purge', { route: 'gpt' })).body).toEqual({ purged: 2 });
    expect(purges).toEqual([{ route: 'gpt' }]);
  });
});

describe('admin API: without the optional modules', () => {
  let a: AdminHarness;
  beforeAll(async () => {
    a = await startAdminHarness({ deps: { keys: undefined, budgets: undefined, breakers: undefined, cache: undefined, db: undefined, audit: undefined } });
  });
  afterAll(() => a.close());

  it('says which modules run, and answers their endpoints with 501', async () => {
    expect((await a.admin.call<StatusDto>('GET', '/status')).body.features).toEqual({ keys: false, cache: false, breakers: false, budgets: false, stats: false, audit: false });
    for (const [method, path] of [['GET', '/keys'], ['POST', '/keys'], ['GET', '/breakers'], ['POST', '/cache/purge'], ['GET', '/budgets'], ['GET', '/stats/overview'], ['GET', '/stats/timeseries'], ['GET', '/audit']] as const) {
      const response = await a.admin.call<ApiErrorBody>(method, path, method === 'POST' ? {} : undefined);
      expect({ path, status: response.status, code: response.body.error.code }).toEqual({ path, status: 501, code: 'not_available' });
    }
  });
});

describe('admin API: a database the disk will not let it write', () => {
  let a: AdminHarness;
  let dir: string;
  let readOnly: Database.Database;
  let keys: KeyStore;
  beforeAll(async () => {
    // What a full or read-only disk does to a write, without needing either: a key store on a
    // read-only connection.
    dir = await mkdtemp(path.join(tmpdir(), 'sb-readonly-'));
    const file = path.join(dir, 'switchboard.db');
    openDatabase(file).close();
    readOnly = new Database(file, { readonly: true });
    keys = new KeyStore(readOnly);
    a = await startAdminHarness({ deps: { keys } });
  });
  afterAll(async () => {
    await a.close();
    keys.close();
    readOnly.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says the database could not be written and what to check, not an anonymous failure', async () => {
    const response = await a.admin.call<ApiErrorBody>('POST', '/keys', { name: 'ci' });
    expect(response.status).toBe(500);
    expect(response.body.error).toMatchObject({
      code: 'store_write_failed',
      message:
        'The database could not be written (attempt to write a readonly database): check that the disk holding the data dir has free space and that this user may write to it, then try again',
    });
  });
});
