import { describe, expect, it } from 'vitest';
import { GatewayApiError } from '../api/api-error';
import { FakeGatewayClient } from '../testing/fake-gateway-client';
import { testStore } from '../testing/test-store';

describe('providers slice', () => {
  it('adds a provider and stores its key, showing only the last four characters', async () => {
    const { state, fake } = testStore();
    await state().providers.load();
    const ok = await state().providers.save({ name: 'groq', config: { type: 'openai-compatible', preset: 'groq', credential: 'groq' }, key: 'gsk_live_abcd1234' });
    expect(ok).toBe(true);
    expect(fake.secrets.get('groq')).toBe('gsk_live_abcd1234');
    const groq = state().providers.items.find((p) => p.name === 'groq');
    expect(groq?.credential).toEqual({ source: 'memory:groq', present: true, lastFour: '1234' });
    // The key itself is nowhere in the UI state.
    expect(JSON.stringify(state().providers)).not.toContain('gsk_live_abcd1234');
  });

  it('keeps the form’s error and issues when the gateway refuses the provider', async () => {
    const { state, fake } = testStore();
    fake.failNext('putProvider', new GatewayApiError(400, 'Invalid config (1 problem)', { issues: [{ path: 'providers.box.baseUrl', message: 'must be an http(s) URL' }] }));
    expect(await state().providers.save({ name: 'box', config: { type: 'openai-compatible', baseUrl: 'ftp://x' } })).toBe(false);
    expect(state().providers.formError).toBe('Invalid config (1 problem)');
    expect(state().providers.formIssues).toEqual([{ path: 'providers.box.baseUrl', message: 'must be an http(s) URL' }]);
  });

  it('records a connection test result per provider', async () => {
    const { state, fake } = testStore();
    fake.testResult = { ok: false, latencyMs: 90, status: 401, message: 'Incorrect API key' };
    await state().providers.test('openai');
    expect(state().providers.tests.openai).toEqual({ running: false, error: null, result: { ok: false, latencyMs: 90, status: 401, message: 'Incorrect API key' } });
  });
});

describe('keys slice', () => {
  it('holds a created key’s plaintext until dismissed, and remembers it for Connect', async () => {
    const { state } = testStore();
    expect(await state().keys.create({ name: 'laptop', limits: { rpm: 60 } })).toBe(true);
    expect(state().keys.created?.plaintext).toBe('sk-sb-secret1xyz');
    expect(state().keys.items.map((k) => k.name)).toEqual(['laptop']);
    state().keys.dismissCreated();
    expect(state().keys.created).toBeNull();
    expect(state().keys.sessionPlaintext).toBe('sk-sb-secret1xyz');
  });

  it('revokes a key and says so', async () => {
    const { state } = testStore();
    await state().keys.create({ name: 'ci' });
    await state().keys.revoke('key_1');
    expect(state().keys.items[0]?.revokedAt).toBe(2_000);
    expect(state().notices.items.at(-1)?.tone).toBe('success');
  });

  it('saves new limits and budget on a key', async () => {
    const { state } = testStore();
    await state().keys.create({ name: 'ci' });
    expect(await state().keys.update('key_1', { limits: { rpm: 10 }, budget: { monthlyUsd: 5 } })).toBe(true);
    expect(state().keys.items[0]).toMatchObject({ limits: { rpm: 10 }, budget: { monthlyUsd: 5 } });
  });

  it('shows the gateway’s message when creating fails', async () => {
    const { state, fake } = testStore();
    fake.failNext('createKey', new GatewayApiError(400, 'name: required'));
    expect(await state().keys.create({ name: '' })).toBe(false);
    expect(state().keys.formError).toBe('name: required');
    expect(state().keys.created).toBeNull();
  });
});

describe('settings slice', () => {
  it('saves config text and reports issues with line numbers when refused', async () => {
    const { state, fake } = testStore();
    await state().settings.load();
    expect(await state().settings.saveText('server:\n  port: 4001\n')).toBe(true);
    expect(fake.configText).toBe('server:\n  port: 4001\n');
    expect(state().settings.config?.version).toBe(2);
    fake.failNext('putConfig', new GatewayApiError(400, 'Invalid config', { issues: [{ path: 'server.port', message: 'must be <= 65535', line: 2 }] }));
    expect(await state().settings.saveText('server:\n  port: 99999\n')).toBe(false);
    expect(state().settings.issues).toEqual([{ path: 'server.port', message: 'must be <= 65535', line: 2 }]);
  });
});

describe('cache slice', () => {
  it('purges one route and reloads the numbers', async () => {
    const { state, fake } = testStore();
    fake.cache = {
      overall: { hits: 10, misses: 10, hitRate: 0.5, savedUsd: 1, entries: 7, bytes: 700 },
      byRoute: [
        { route: 'a', hits: 5, misses: 5, hitRate: 0.5, savedUsd: 0.5, entries: 4, bytes: 400 },
        { route: 'b', hits: 5, misses: 5, hitRate: 0.5, savedUsd: 0.5, entries: 3, bytes: 300 },
      ],
    };
    await state().cache.load();
    await state().cache.purge('a');
    expect(state().cache.stats?.byRoute.find((r) => r.route === 'a')?.entries).toBe(0);
    expect(state().cache.stats?.overall.entries).toBe(3);
    expect(state().notices.items.at(-1)?.message).toBe('Purged 4 cached responses of a');
  });
});

describe('overview and live events', () => {
  it('marks a provider unhealthy when one of its breakers opens', async () => {
    const fake = new FakeGatewayClient();
    fake.overviewData = {
      requestsLastHour: 3,
      requestsPerMinute: [],
      spendTodayUsd: 0,
      spendMonthUsd: 0,
      cacheHitRate: null,
      savedMonthUsd: 0,
      latencyP50Ms: null,
      latencyP95Ms: null,
      providers: [{ name: 'anthropic', requests: 3, errors: 0, errorRate: 0, p50Ms: 300, breaker: 'closed' }],
      recentErrors: [],
    };
    const { state } = testStore(fake);
    await state().overview.load();
    state().live.connect();
    fake.emit({ type: 'breaker.changed', breaker: { target: 'anthropic/claude-sonnet-4-5', state: 'open', failures: 5, openedAt: 1, nextProbeAt: 2 } });
    expect(state().overview.data?.providers[0]?.breaker).toBe('open');
    expect(state().notices.items.at(-1)?.tone).toBe('warning');
    fake.emit({ type: 'breaker.changed', breaker: { target: 'anthropic/claude-sonnet-4-5', state: 'closed', failures: 0, openedAt: null, nextProbeAt: null } });
    expect(state().overview.data?.providers[0]?.breaker).toBe('closed');
  });

  it('shows a budget alert and a refused config file as notices', () => {
    const { state, fake } = testStore();
    state().live.connect();
    fake.emit({ type: 'budget.alert', budget: { scope: 'global', period: 'month', limitUsd: 100, spentUsd: 82, resetsAt: 0, alertAt: 0.8 }, threshold: 0.8 });
    fake.emit({ type: 'config.rejected', message: 'line 3: routes.x.strategy: unknown', issues: [] });
    expect(state().notices.items.map((n) => n.message)).toEqual([
      'Budget “global” is at 82% of $100.00 this month',
      'The config file was refused; the last good config keeps serving. line 3: routes.x.strategy: unknown',
    ]);
  });

  it('counts requests in flight from started to finished', async () => {
    const { state, fake } = testStore();
    state().live.connect();
    expect(state().live.status).toBe('open');
    fake.emit({ type: 'request.started', id: 'r1', alias: 'workhorse', ts: 1 });
    expect(state().live.inFlight).toEqual(['r1']);
    const { logRow } = await import('../testing/fake-gateway-client');
    fake.emit({ type: 'request.finished', row: logRow({ id: 'r1', ts: 2 }) });
    expect(state().live.inFlight).toEqual([]);
    expect(state().live.finished).toBe(1);
  });
});

describe('authentication', () => {
  it('sends the browser back to the token form when the gateway refuses the token', async () => {
    const fake = new FakeGatewayClient();
    const { state } = testStore(fake, 'browser');
    fake.failNext('listKeys', new GatewayApiError(401, 'Missing or invalid admin token'));
    await state().keys.load();
    expect(state().connection.token).toBeNull();
    expect(state().connection.authError).toBe('Missing or invalid admin token');
  });
});
