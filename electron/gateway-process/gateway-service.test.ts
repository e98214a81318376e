import { describe, expect, it } from 'vitest';
import type { LogRowDto } from '../../gateway/src/admin/api-types';
import { EventBus } from '../../gateway/src/events/event-bus';
import type { GatewayOptions } from '../../gateway/src/index';
import { MemorySecretStore } from '../../gateway/src/secrets/memory-secret-store';
import { createGatewayService, type GatewayServiceDeps, type HostedGateway } from './gateway-service';
import { SHUTDOWN_AFTER_GRACE_MS } from '../../gateway/src/server/shutdown-timing';
import { SHUTDOWN_DRAIN_MS, SHUTDOWN_FLUSH_TIMEOUT_MS, type ChildMessage, type ParentMessage } from './protocol';

const options = { configPath: '/u/gateway/config.yaml', dataDir: '/u/gateway', allowedOrigins: ['app://switchboard'] };
const start: ParentMessage = { type: 'start', options };

interface Closing {
  count: number;
  graceMs?: number;
  error?: Error;
}

/** A gateway double with a real EventBus and a pause switch; records how it was closed. */
function fakeGateway(port: number, closing: Closing, shutdownGraceMs = 10_000): HostedGateway & { events: EventBus } {
  let paused = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    host: '127.0.0.1',
    adminToken: 'sbadm-token',
    events: new EventBus(),
    logs: { spendByDay: async () => [{ requests: 2, costUsd: 0.5 }] },
    config: { current: () => ({ server: { shutdownGraceMs } }) },
    setPaused: (value) => void (paused = value),
    get paused() {
      return paused;
    },
    close: async (closeOptions) => {
      closing.count += 1;
      closing.graceMs = closeOptions?.graceMs;
      if (closing.error) throw closing.error;
    },
  };
}

function setUp(overrides: Partial<GatewayServiceDeps> & { taken?: Set<number>; failStarts?: number; shutdownGraceMs?: number } = {}) {
  const sent: ChildMessage[] = [];
  const logs: string[] = [];
  const started: GatewayOptions[] = [];
  const gateways: Array<HostedGateway & { events: EventBus }> = [];
  const closing: Closing = { count: 0 };
  let secretsOpened = 0;
  let failStarts = overrides.failStarts ?? 0;
  const taken = overrides.taken ?? new Set<number>();
  const service = createGatewayService({
    startGateway: async (startOptions) => {
      started.push(startOptions);
      if (failStarts > 0) {
        failStarts -= 1;
        throw new Error('config.yaml: routes.smart.default: unknown route "balanced"');
      }
      const gateway = fakeGateway(startOptions.port ?? 4000, closing, overrides.shutdownGraceMs);
      gateways.push(gateway);
      return gateway;
    },
    openSecrets: async () => (secretsOpened += 1, new MemorySecretStore()),
    readListenPreference: async () => ({ host: '127.0.0.1', port: 4000 }),
    choosePort: async (_host, preferred) => {
      let port = preferred;
      while (taken.has(port)) port += 1;
      return port;
    },
    send: (message) => sent.push(message),
    log: (line) => logs.push(line),
    now: () => Date.parse('2025-11-24T12:00:00Z'),
    statsIntervalMs: 0,
    ...overrides,
  });
  return { service, sent, logs, started, gateways, closing, secrets: () => secretsOpened };
}

const states = (sent: ChildMessage[]) => sent.filter((m) => m.type !== 'stats').map((m) => (m.type === 'ready' || m.type === 'paused' ? `${m.type} ${m.port}` : m.type));

describe('starting', () => {
  it('starts the gateway with main’s paths and origins on the preferred port, and says where', async () => {
    const { service, sent, started } = setUp();
    await service.handle(start);
    expect(started[0]).toMatchObject({ configPath: options.configPath, dataDir: options.dataDir, allowedOrigins: ['app://switchboard'], port: 4000 });
    expect(sent).toContainEqual({ type: 'ready', url: 'http://127.0.0.1:4000', port: 4000, adminToken: 'sbadm-token' });
  });

  it('takes the next free port when the preferred one is taken', async () => {
    const { service, sent } = setUp({ taken: new Set([4000, 4001]) });
    await service.handle(start);
    expect(states(sent)).toEqual(['ready 4002']);
  });

  it('tries the port main asks for first (the one used before a restart)', async () => {
    const { service, started } = setUp();
    await service.handle({ type: 'start', options: { ...options, preferredPort: 4007 } });
    expect(started[0]?.port).toBe(4007);
  });

  it('reports a failed start with the gateway’s reason and accepts another start', async () => {
    const { service, sent, secrets } = setUp({ failStarts: 1 });
    await service.handle(start);
    expect(sent).toEqual([{ type: 'failed', message: 'The gateway could not start: config.yaml: routes.smart.default: unknown route "balanced"' }]);
    await service.handle(start);
    expect(states(sent)).toEqual(['failed', 'ready 4000']);
    expect(secrets()).toBe(1);
  });

  it('answers a second start with the current state instead of starting twice', async () => {
    const { service, sent, started } = setUp();
    await service.handle(start);
    await service.handle(start);
    expect(started).toHaveLength(1);
    expect(states(sent)).toEqual(['ready 4000', 'ready 4000']);
  });
});

describe('pause and resume', () => {
  it('pauses and resumes the running gateway in place, on the same port, without closing it', async () => {
    const { service, sent, gateways, closing, started } = setUp();
    await service.handle(start);
    await service.handle({ type: 'pause' });
    expect(gateways[0]?.paused).toBe(true);
    await service.handle({ type: 'resume' });
    expect(gateways[0]?.paused).toBe(false);
    expect(closing.count).toBe(0);
    expect(started).toHaveLength(1);
    expect(states(sent)).toEqual(['ready 4000', 'paused 4000', 'ready 4000']);
  });

  it('runs commands in order: a pause sent during a slow start waits for it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const closing = { count: 0 };
    const { service, sent, gateways } = setUp({
      startGateway: async (o) => {
        await gate;
        const gateway = fakeGateway(o.port ?? 0, closing);
        gateways.push(gateway);
        return gateway;
      },
    });
    const starting = service.handle(start);
    const pausing = service.handle({ type: 'pause' });
    release();
    await Promise.all([starting, pausing]);
    expect(states(sent)).toEqual(['ready 4000', 'paused 4000']);
    expect(gateways[0]?.paused).toBe(true);
  });

  it('answers pause and resume that change nothing with the current state', async () => {
    const { service, sent } = setUp();
    await service.handle(start);
    await service.handle({ type: 'resume' });
    await service.handle({ type: 'pause' });
    await service.handle({ type: 'pause' });
    expect(states(sent)).toEqual(['ready 4000', 'ready 4000', 'paused 4000', 'paused 4000']);
  });

  it('says nothing to pause or resume before the gateway has started, or after it failed', async () => {
    const { service, sent } = setUp({ failStarts: 1 });
    await service.handle({ type: 'pause' });
    await service.handle(start);
    await service.handle({ type: 'resume' });
    expect(states(sent)).toEqual(['failed']);
  });
});

describe('what the tray and notifications hear', () => {
  const row = (costUsd: number) => ({ ts: Date.parse('2025-11-24T12:00:00Z'), costUsd }) as LogRowDto;

  it('reports today’s requests and spend, seeded from the log and counted live', async () => {
    const { service, sent, gateways } = setUp();
    await service.handle(start);
    await new Promise((resolve) => setTimeout(resolve, 0));
    gateways[0]?.events.publish({ type: 'request.finished', row: row(0.25) });
    expect(sent.filter((m) => m.type === 'stats').at(-1)).toEqual({ type: 'stats', stats: { day: '2025-11-24', requests: 3, costUsd: 0.75 } });
  });

  it('forwards breaker and budget events and a refused config, and nothing with request contents', async () => {
    const { service, sent, gateways } = setUp();
    await service.handle(start);
    const events = gateways[0]!.events;
    events.publish({ type: 'request.started', id: 'req_1', alias: 'gpt', ts: 1 });
    events.publish({ type: 'breaker.changed', breaker: { target: 'openai/gpt-4o', state: 'open', failures: 5, openedAt: 1, nextProbeAt: 2 } });
    const budget = { scope: 'global', period: 'month' as const, limitUsd: 100, spentUsd: 80, resetsAt: 3, alertAt: 0.8 };
    events.publish({ type: 'budget.alert', budget, threshold: 0.8 });
    const hourly = { ...budget, scope: 'key:agent', period: 'hour' as const };
    events.publish({ type: 'budget.alert', budget: hourly, threshold: 1 });
    events.publish({ type: 'config.applied', version: 2 });
    const issues = [{ path: 'routes.fast.targets.0.provider', message: 'unknown provider "opnai"', line: 5 }];
    events.publish({ type: 'config.rejected', message: 'line 5: routes.fast.targets.0.provider: unknown provider "opnai"', issues });
    expect(sent.filter((m) => m.type === 'event')).toEqual([
      { type: 'event', event: { type: 'breaker.changed', breaker: { target: 'openai/gpt-4o', state: 'open', failures: 5, openedAt: 1, nextProbeAt: 2 } } },
      { type: 'event', event: { type: 'budget.alert', budget, threshold: 0.8 } },
      { type: 'event', event: { type: 'budget.alert', budget: hourly, threshold: 1 } },
      { type: 'event', event: { type: 'config.rejected', message: 'line 5: routes.fast.targets.0.provider: unknown provider "opnai"' } },
    ]);
  });

  it('keeps counting while paused: calls under way when the user paused still finish', async () => {
    const { service, sent, gateways } = setUp();
    await service.handle(start);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await service.handle({ type: 'pause' });
    gateways[0]?.events.publish({ type: 'request.finished', row: row(0.25) });
    expect(sent.filter((m) => m.type === 'stats').at(-1)).toEqual({ type: 'stats', stats: { day: '2025-11-24', requests: 3, costUsd: 0.75 } });
  });

  it('stops listening to a gateway once it is shutting down', async () => {
    const { service, sent, gateways } = setUp();
    await service.handle(start);
    await service.handle({ type: 'shutdown' });
    const before = sent.length;
    gateways[0]?.events.publish({ type: 'breaker.changed', breaker: { target: 'x', state: 'open', failures: 1, openedAt: 1, nextProbeAt: null } });
    gateways[0]?.events.publish({ type: 'request.finished', row: row(0.25) });
    expect(sent).toHaveLength(before);
  });
});

describe('shutdown', () => {
  it('closes the gateway (which flushes its log), says so, and ignores anything after', async () => {
    const { service, sent, closing, started } = setUp();
    await service.handle(start);
    await service.handle({ type: 'shutdown' });
    expect(closing.count).toBe(1);
    expect(sent.at(-1)).toEqual({ type: 'flushed' });
    await service.handle(start);
    expect(started).toHaveLength(1);
    expect(sent.at(-1)).toEqual({ type: 'flushed' });
  });

  it('bounds the drain of in-flight calls so the flush answers before main gives up waiting', async () => {
    const { service, closing } = setUp({ shutdownGraceMs: 30_000 });
    await service.handle(start);
    await service.handle({ type: 'shutdown' });
    expect(closing.graceMs).toBe(SHUTDOWN_DRAIN_MS);
    expect(SHUTDOWN_DRAIN_MS + SHUTDOWN_AFTER_GRACE_MS).toBeLessThan(SHUTDOWN_FLUSH_TIMEOUT_MS);
  });

  it('keeps a shorter grace the user configured', async () => {
    const { service, closing } = setUp({ shutdownGraceMs: 1_500 });
    await service.handle(start);
    await service.handle({ type: 'shutdown' });
    expect(closing.graceMs).toBe(1_500);
  });

  it('closes a paused gateway too', async () => {
    const { service, sent, closing } = setUp();
    await service.handle(start);
    await service.handle({ type: 'pause' });
    await service.handle({ type: 'shutdown' });
    expect(closing.count).toBe(1);
    expect(sent.at(-1)).toEqual({ type: 'flushed' });
  });

  it('still answers when closing fails, and logs why', async () => {
    const { service, sent, closing, logs } = setUp();
    await service.handle(start);
    closing.error = new Error('SQLITE_FULL: database or disk is full');
    await service.handle({ type: 'shutdown' });
    expect(sent.at(-1)).toEqual({ type: 'flushed' });
    expect(logs.join('\n')).toContain('SQLITE_FULL');
  });
});
