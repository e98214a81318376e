/**
 * The gateway's life inside the utility process: start, pause, resume and shut down on main's
 * command, reporting each state back. Pausing only switches inference off (the gateway answers
 * 503 "paused"), so the port, the admin API and the window's UI stay up throughout. Commands run
 * one at a time, in order, so a pause that arrives during a start waits for the start to finish.
 * Everything with side effects is injected, so the state machine is tested without Electron (and
 * with the real gateway).
 */
import type { GatewayOptions, RunningGateway, SecretStore } from '../../gateway/src/index';
import { createStatsReporter, type SpendSource } from './daily-stats';
import type { ListenPreference } from './port-choice';
import { forwardedEventSchema, SHUTDOWN_DRAIN_MS, type ChildMessage, type GatewayStartOptions, type ParentMessage } from './protocol';

/** The part of a running gateway the service uses. */
export type HostedGateway = Pick<RunningGateway, 'url' | 'port' | 'host' | 'adminToken' | 'setPaused' | 'paused' | 'close'> & {
  events: Pick<RunningGateway['events'], 'subscribe'>;
  logs: SpendSource;
  config: { current(): { server: { shutdownGraceMs: number } } };
};

export interface GatewayServiceDeps {
  startGateway(options: GatewayOptions): Promise<HostedGateway>;
  /** Opened once, on the first start (the keychain probe can take a moment). */
  openSecrets(): Promise<SecretStore>;
  readListenPreference(configPath: string): Promise<ListenPreference>;
  choosePort(host: string, preferred: number): Promise<number>;
  send(message: ChildMessage): void;
  log(line: string): void;
  now(): number;
  /** Shortest time between two stats reports. Default 1 s. */
  statsIntervalMs?: number;
  /** The longest shutdown lets in-flight calls run. Default SHUTDOWN_DRAIN_MS. */
  maxShutdownGraceMs?: number;
}

export interface GatewayService {
  /** Queues one command; resolves when it (and every command before it) has been handled. */
  handle(message: ParentMessage): Promise<void>;
  /** Periodic housekeeping: starts a new day's stats after midnight UTC. */
  tick(): void;
}

/** `serving` covers paused too: the gateway keeps its port, health, admin API and UI while paused. */
type Phase =
  | { name: 'idle' }
  | { name: 'serving'; gateway: HostedGateway; detach: () => void }
  | { name: 'failed' }
  | { name: 'stopped' };

export function createGatewayService(deps: GatewayServiceDeps): GatewayService {
  let phase: Phase = { name: 'idle' };
  let secrets: Promise<SecretStore> | undefined;
  let queue: Promise<void> = Promise.resolve();
  const stats = createStatsReporter({ send: (s) => deps.send({ type: 'stats', stats: s }), now: deps.now, intervalMs: deps.statsIntervalMs ?? 1_000 });
  const maxGraceMs = deps.maxShutdownGraceMs ?? SHUTDOWN_DRAIN_MS;

  /** Repeats the current state, so a command that changes nothing still gets its answer. */
  const resendState = () => {
    if (phase.name !== 'serving') return;
    const { gateway } = phase;
    const at = { url: gateway.url, port: gateway.port, adminToken: gateway.adminToken };
    deps.send(gateway.paused ? { type: 'paused', ...at } : { type: 'ready', ...at });
  };

  const attach = (gateway: HostedGateway): (() => void) => {
    void stats.seed(gateway.logs).catch((error: unknown) => deps.log(`[switchboard] could not read today's totals: ${describe(error)}`));
    // Subscribed in the same tick as the seed's read: see StatsReporter.seed.
    const unsubscribe = gateway.events.subscribe(({ event }) => {
      if (event.type === 'request.finished') return stats.record(event.row.ts, event.row.costUsd);
      if (event.type !== 'breaker.changed' && event.type !== 'budget.alert' && event.type !== 'config.rejected') return;
      const forwarded = forwardedEventSchema.safeParse(event);
      if (forwarded.success) deps.send({ type: 'event', event: forwarded.data });
      else deps.log(`[switchboard] not forwarding a malformed ${event.type} event`);
    });
    return unsubscribe;
  };

  const launch = async (options: GatewayStartOptions): Promise<void> => {
    try {
      const preference = await deps.readListenPreference(options.configPath);
      const port = await deps.choosePort(preference.host, options.preferredPort ?? preference.port);
      secrets ??= deps.openSecrets().catch((error: unknown) => {
        secrets = undefined; // try again on the next start
        throw error;
      });
      const gateway = await deps.startGateway({
        configPath: options.configPath,
        dataDir: options.dataDir,
        secrets: await secrets,
        allowedOrigins: options.allowedOrigins,
        port,
        log: deps.log,
      });
      phase = { name: 'serving', gateway, detach: attach(gateway) };
      resendState();
    } catch (error) {
      phase = { name: 'failed' };
      // Gateway error messages never carry secrets; this one is shown in the window and tray.
      deps.send({ type: 'failed', message: `The gateway could not start: ${describe(error)}` });
    }
  };

  const commands: { [T in ParentMessage['type']]: (message: Extract<ParentMessage, { type: T }>) => Promise<void> } = {
    async start(message) {
      if (phase.name !== 'idle' && phase.name !== 'failed') return resendState();
      await launch(message.options);
    },
    async pause() {
      // Calls already under way finish (and are counted); new ones get 503 "paused".
      if (phase.name === 'serving') phase.gateway.setPaused(true);
      resendState();
    },
    async resume() {
      if (phase.name === 'serving') phase.gateway.setPaused(false);
      resendState();
    },
    async shutdown() {
      const current = phase;
      phase = { name: 'stopped' };
      stats.stop();
      try {
        if (current.name === 'serving') {
          current.detach();
          // A user's shorter grace is kept; a longer one would outlast main's wait for `flushed`.
          const graceMs = Math.min(current.gateway.config.current().server.shutdownGraceMs, maxGraceMs);
          await current.gateway.close({ graceMs });
        }
      } catch (error) {
        deps.log(`[switchboard] the gateway did not close cleanly: ${describe(error)}`);
      }
      deps.send({ type: 'flushed' });
    },
  };

  const run = (message: ParentMessage): Promise<void> => {
    if (phase.name === 'stopped') return Promise.resolve();
    const command = commands[message.type] as (m: ParentMessage) => Promise<void>;
    return command(message);
  };

  return {
    handle(message) {
      const next = queue.then(() => run(message));
      queue = next.catch((error: unknown) => deps.log(`[switchboard] ${message.type} failed: ${describe(error)}`));
      return queue;
    },
    tick: () => stats.rollover(),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
