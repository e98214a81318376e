import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../gateway/src/events/event-bus';
import { MemorySecretStore } from '../../../gateway/src/secrets/memory-secret-store';
import { createGatewayService } from '../../gateway-process/gateway-service';
import type { DailyStats, ForwardedEvent } from '../../gateway-process/protocol';
import { FakeGatewayProcess, listeningOn, obedient, type FakeBehaviour } from '../testing/fake-gateway-process';
import { createGatewayProcessHost, type GatewayProcessHostOptions } from './gateway-process-host';
import type { GatewayStatus } from './gateway-status';

const startOptions = { configPath: '/u/Switchboard/gateway/config.yaml', dataDir: '/u/Switchboard/gateway', allowedOrigins: ['app://switchboard'] };

function setUp(behaviours: FakeBehaviour | FakeBehaviour[] = obedient(), extra: Partial<GatewayProcessHostOptions> = {}) {
  const processes: FakeGatewayProcess[] = [];
  const logs: string[] = [];
  const statuses: GatewayStatus[] = [];
  const pick = (i: number) => (Array.isArray(behaviours) ? (behaviours[i] ?? behaviours.at(-1)!) : behaviours);
  const host = createGatewayProcessHost({
    fork: () => {
      const process = new FakeGatewayProcess(pick(processes.length));
      processes.push(process);
      return process;
    },
    startOptions,
    log: (line) => logs.push(line),
    ...extra,
  });
  host.onStatus((status) => statuses.push(status));
  return { host, processes, logs, statuses, latest: () => processes.at(-1)! };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('starting', () => {
  it('starts the gateway process with its data dir and config, and reports where it listens', async () => {
    const { host, processes } = setUp();
    expect(await host.start()).toEqual({ state: 'running', ...listeningOn(4000) });
    expect(processes[0]?.received[0]).toEqual({ type: 'start', options: startOptions });
    expect(host.info()).toEqual({ state: 'running', url: 'http://127.0.0.1:4000', adminToken: 'sbadm-token' });
    expect(host.url()).toBe('http://127.0.0.1:4000');
  });

  it('shows a failed start and leaves the next step to the user', async () => {
    vi.useFakeTimers();
    const { host, processes } = setUp((message, process) => {
      if (message.type === 'start') process.reply({ type: 'failed', message: 'The gateway could not start: config.yaml line 3: unknown provider' });
    });
    const started = host.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(await started).toEqual({ state: 'failed', message: 'The gateway could not start: config.yaml line 3: unknown provider', retrying: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(processes).toHaveLength(1);
    expect(host.info()).toEqual({ state: 'failed', message: 'The gateway could not start: config.yaml line 3: unknown provider' });
  });

  it('opens the window anyway when the process never answers', async () => {
    vi.useFakeTimers();
    const { host } = setUp(() => undefined, { commandTimeoutMs: 5_000 });
    const started = host.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await started).toEqual({ state: 'starting' });
    expect(host.info()).toEqual({ state: 'starting', message: 'The gateway is starting…' });
  });

  it('forks only once however often start is called', async () => {
    const { host, processes } = setUp();
    await Promise.all([host.start(), host.start()]);
    expect(processes).toHaveLength(1);
  });
});

describe('pause and resume', () => {
  it('pauses and resumes the gateway, keeping its URL', async () => {
    const { host, latest } = setUp();
    await host.start();
    expect(await host.pause()).toEqual({ state: 'paused', ...listeningOn(4000) });
    expect(host.info()).toMatchObject({ state: 'paused', url: 'http://127.0.0.1:4000', message: expect.stringContaining('503 "paused"') });
    expect(host.url()).toBe('http://127.0.0.1:4000');
    expect(await host.resume()).toEqual({ state: 'running', ...listeningOn(4000) });
    expect(latest().received.map((m) => m.type)).toEqual(['start', 'pause', 'resume']);
  });

  it('does nothing for a pause that makes no sense in the current state', async () => {
    const { host, latest } = setUp();
    await host.start();
    await host.resume();
    await host.pause();
    await host.pause();
    expect(latest().received.map((m) => m.type)).toEqual(['start', 'pause']);
  });
});

describe('crashes', () => {
  it('restarts a crashed gateway after a backoff, on the port it had', async () => {
    vi.useFakeTimers();
    const { host, processes, latest } = setUp(obedient(4001));
    const started = host.start();
    await vi.advanceTimersByTimeAsync(0);
    await started;
    latest().crash(134);
    expect(host.status()).toEqual({ state: 'failed', message: 'The gateway stopped unexpectedly (exit code 134); restarting in 500 ms.', retrying: true });
    await vi.advanceTimersByTimeAsync(499);
    expect(processes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(processes).toHaveLength(2);
    expect(latest().received[0]).toEqual({ type: 'start', options: { ...startOptions, preferredPort: 4001 } });
    expect(host.status()).toEqual({ state: 'running', ...listeningOn(4001) });
  });

  it('lets a restart the user asks for take the port from the config again (a changed server.port applies)', async () => {
    vi.useFakeTimers();
    const { host, processes, latest } = setUp([obedient(4000), obedient(4100)]);
    host.start();
    await vi.advanceTimersByTimeAsync(0);
    const restarted = host.restart();
    await vi.advanceTimersByTimeAsync(0);
    expect(processes).toHaveLength(2);
    expect(latest().received[0]).toEqual({ type: 'start', options: startOptions });
    expect(await restarted).toEqual({ state: 'running', ...listeningOn(4100) });
  });

  it('keeps a paused gateway paused when its process is restarted after a crash', async () => {
    vi.useFakeTimers();
    const { host, latest, statuses } = setUp();
    host.start();
    await vi.advanceTimersByTimeAsync(0);
    await host.pause();
    latest().crash();
    await vi.advanceTimersByTimeAsync(500);
    expect(latest().received.map((m) => m.type)).toEqual(['start', 'pause']);
    expect(host.status()).toEqual({ state: 'paused', ...listeningOn(4000) });
    // Never `running` in between: the new process is paused before the shell says anything.
    expect(statuses.slice(statuses.findIndex((s) => s.state === 'failed')).map((s) => s.state)).toEqual(['failed', 'starting', 'paused']);
  });

  it('waits longer after each crash in a row', async () => {
    vi.useFakeTimers();
    const { host, latest } = setUp();
    host.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().crash();
    await vi.advanceTimersByTimeAsync(500);
    latest().crash();
    expect(host.status()).toMatchObject({ message: expect.stringContaining('restarting in 1 s') });
  });

  it('gives up after five crashes within a minute, until the user restarts it', async () => {
    vi.useFakeTimers();
    const { host, processes, latest } = setUp();
    host.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let crash = 1; crash <= 5; crash += 1) {
      latest().crash();
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(processes).toHaveLength(5);
    expect(host.status()).toEqual({
      state: 'failed',
      message: 'The gateway stopped unexpectedly 5 times within 60 s, so Switchboard stopped restarting it. Choose "Restart gateway" in the tray menu to try again.',
      retrying: false,
    });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(processes).toHaveLength(5);

    const restarted = host.restart();
    await vi.advanceTimersByTimeAsync(0);
    expect(await restarted).toEqual({ state: 'running', ...listeningOn(4000) });
    latest().crash();
    expect(host.status()).toMatchObject({ retrying: true });
  });
});

describe('quitting', () => {
  it('asks the gateway to flush, waits for it, then stops the process for good', async () => {
    vi.useFakeTimers();
    const { host, processes, statuses } = setUp();
    host.start();
    await vi.advanceTimersByTimeAsync(0);
    await host.shutdown();
    const process = processes[0]!;
    expect(process.received.at(-1)).toEqual({ type: 'shutdown' });
    expect(process.killed).toBe(true);
    expect(statuses.at(-1)).toEqual({ state: 'stopped' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(processes).toHaveLength(1);
  });

  it('stops waiting for a gateway that never flushes', async () => {
    vi.useFakeTimers();
    const { host, processes, logs } = setUp((message, process) => {
      if (message.type === 'start') process.reply({ type: 'ready', ...listeningOn(4000) });
    }, { flushTimeoutMs: 3_000 });
    host.start();
    await vi.advanceTimersByTimeAsync(0);
    let done = false;
    const quitting = host.shutdown().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2_999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await quitting;
    expect(processes[0]?.killed).toBe(true);
    expect(logs).toContain('[switchboard] the gateway did not flush within 3000 ms; stopping it anyway');
  });

  it('cancels a pending restart', async () => {
    vi.useFakeTimers();
    const { host, processes, latest } = setUp();
    host.start();
    await vi.advanceTimersByTimeAsync(0);
    latest().crash();
    await host.shutdown();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(processes).toHaveLength(1);
    expect(host.status()).toEqual({ state: 'stopped' });
    expect(await host.start()).toEqual({ state: 'stopped' });
  });

  it('runs once however often quit asks', async () => {
    const { host, processes } = setUp();
    await host.start();
    await Promise.all([host.shutdown(), host.shutdown()]);
    expect(processes[0]?.received.filter((m) => m.type === 'shutdown')).toHaveLength(1);
  });
});

describe('messages from the process', () => {
  it('hands today’s stats and gateway events to their listeners', async () => {
    const { host, latest } = setUp();
    const stats: DailyStats[] = [];
    const events: ForwardedEvent[] = [];
    host.onStats((s) => stats.push(s));
    host.onEvent((e) => events.push(e));
    await host.start();
    latest().reply({ type: 'stats', stats: { day: '2025-11-24', requests: 7, costUsd: 0.42 } });
    const breaker = { target: 'anthropic/claude-sonnet-4-5', state: 'open', failures: 5, openedAt: 1, nextProbeAt: 30_001 } as const;
    latest().reply({ type: 'event', event: { type: 'breaker.changed', breaker } });
    expect(stats).toEqual([{ day: '2025-11-24', requests: 7, costUsd: 0.42 }]);
    expect(host.stats()).toEqual({ day: '2025-11-24', requests: 7, costUsd: 0.42 });
    expect(events).toEqual([{ type: 'breaker.changed', breaker }]);
  });

  it('ignores malformed messages and never logs what they carried', async () => {
    const { host, latest, logs } = setUp();
    await host.start();
    latest().reply({ type: 'ready', url: 'file:///etc/passwd', port: 1, adminToken: 'sbadm-leaked' });
    latest().reply('ready');
    expect(host.status()).toEqual({ state: 'running', ...listeningOn(4000) });
    expect(logs).toEqual(['[switchboard] ignored a malformed message from the gateway process', '[switchboard] ignored a malformed message from the gateway process']);
  });
});

describe('against the real utility-process service', () => {
  /** The process side played by the real service (with a gateway double), across structuredClone. */
  const serviceBacked: FakeBehaviour = (() => {
    const services = new WeakMap<FakeGatewayProcess, ReturnType<typeof createGatewayService>>();
    return (message, process) => {
      let service = services.get(process);
      if (!service) {
        service = createGatewayService({
          startGateway: async (o) => {
            let paused = false;
            return {
              url: `http://127.0.0.1:${o.port}`,
              port: o.port ?? 0,
              host: '127.0.0.1',
              adminToken: 'sbadm-token',
              events: new EventBus(),
              logs: { spendByDay: async () => [{ requests: 3, costUsd: 1.5 }] },
              config: { current: () => ({ server: { shutdownGraceMs: 10_000 } }) },
              setPaused: (value) => void (paused = value),
              get paused() {
                return paused;
              },
              close: async () => undefined,
            };
          },
          openSecrets: async () => new MemorySecretStore(),
          readListenPreference: async () => ({ host: '127.0.0.1', port: 4000 }),
          choosePort: async (_host, port) => port + 1,
          send: (m) => process.reply(m),
          log: () => undefined,
          now: () => Date.parse('2025-11-24T10:00:00Z'),
        });
        services.set(process, service);
      }
      void service.handle(message);
    };
  })();

  it('speaks the same protocol on both ends', async () => {
    const { host } = setUp(serviceBacked);
    expect(await host.start()).toEqual({ state: 'running', ...listeningOn(4001) });
    await flush();
    expect(host.stats()).toEqual({ day: '2025-11-24', requests: 3, costUsd: 1.5 });
    expect(await host.pause()).toEqual({ state: 'paused', ...listeningOn(4001) });
    expect(await host.resume()).toEqual({ state: 'running', ...listeningOn(4001) });
    await host.shutdown();
    expect(host.status()).toEqual({ state: 'stopped' });
  });
});
