/**
 * The gateway's life inside the utility process: start, pause, resume and shut down on main's
 * command, reporting each state back. Commands run one at a time, in order, so a pause that
 * arrives during a start waits for the start to finish. Everything with side effects is
 * injected, so the state machine is tested without Electron (and with the real gateway).
 */
import type { GatewayOptions, RunningGateway, SecretStore } from '../../gateway/src/index';
import { createStatsReporter, type SpendSource } from './daily-stats';
import type { PausedServer } from './paused-server';
import type { ListenPreference } from './port-choice';
import { forwardedEventSchema, type ChildMessage, type GatewayStartOptions, type ParentMessage } from './protocol';

/** The part of a running gateway the service uses. */
export type HostedGateway = Pick<RunningGateway, 'url' | 'port' | 'host' | 'adminToken' | 'close'> & {
  events: Pick<RunningGateway['events'], 'subscribe'>;
  logs: SpendSource;
};

export interface GatewayServiceDeps {
  startGateway(options: GatewayOptions): Promise<HostedGateway>;
  /** Opened once, on the first start (the keychain probe can take a moment). */
  openSecrets(): Promise<SecretStore>;
  readListenPreference(configPath: string): Promise<ListenPreference>;
  choosePort(host: string, preferred: number): Promise<number>;
  servePaused(host: string, port: number): Promise<PausedServer>;
  send(message: ChildMessage): void;
  log(line: string): void;
  now(): number;
  /** Shortest time between two stats reports. Default 1 s. */
  statsIntervalMs?: number;
}

export interface GatewayService {
  /** Queues one command; resolves when it (and every command before it) has been handled. */
  handle(message: ParentMessage): Promise<void>;
  /** Periodic housekeeping: starts a new day's stats after midnight UTC. */
  tick(): void;
}

interface Listening {
  host: string;
  port: number;
  url: string;
  adminToken: string;
}

type Phase =
  | { name: 'idle' }
  | { name: 'running'; gateway: HostedGateway; detach: () => void }
  | { name: 'paused'; at: Listening; standIn: PausedServer | undefined }
  | { name: 'failed' }
  | { name: 'stopped' };

export function createGatewayService(deps: GatewayServiceDeps): GatewayService {
  let phase: Phase = { name: 'idle' };
  let startOptions: GatewayStartOptions | undefined;
  let secrets: Promise<SecretStore> | undefined;
  let queue: Promise<void> = Promise.resolve();
  const stats = createStatsReporter({ send: (s) => deps.send({ type: 'stats', stats: s }), now: deps.now, intervalMs: deps.statsIntervalMs ?? 1_000 });

  const listening = (gateway: HostedGateway): Listening => ({ host: gateway.host, port: gateway.port, url: gateway.url, adminToken: gateway.adminToken });

  /** Repeats the current state, so a command that changes nothing still gets its answer. */
  const resendState = () => {
    if (phase.name === 'running') deps.send({ type: 'ready', ...strip(listening(phase.gateway)) });
    else if (phase.name === 'paused') deps.send({ type: 'paused', ...strip(phase.at) });
  };

  const attach = (gateway: HostedGateway): (() => void) => {
    void stats.seed(gateway.logs).catch((error: unknown) => deps.log(`[switchboard] could not read today's totals: ${describe(error)}`));
    // Subscribed in the same tick as the seed's read: see StatsReporter.seed.
    const unsubscribe = gateway.events.subscribe(({ event }) => {
      if (event.type === 'request.finished') return stats.record(event.row.ts, event.row.costUsd);
      if (event.type !== 'breaker.changed' && event.type !== 'budget.alert') return;
      const forwarded = forwardedEventSchema.safeParse(event);
      if (forwarded.success) deps.send({ type: 'event', event: forwarded.data });
      else deps.log(`[switchboard] not forwarding a malformed ${event.type} event`);
    });
    return unsubscribe;
  };

  const launch = async (options: GatewayStartOptions, preferredPort: number | undefined): Promise<void> => {
    try {
      const preference = await deps.readListenPreference(options.configPath);
      const port = await deps.choosePort(preference.host, preferredPort ?? preference.port);
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
      phase = { name: 'running', gateway, detach: attach(gateway) };
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
      startOptions = message.options;
      await launch(message.options, message.options.preferredPort);
    },
    async pause() {
      if (phase.name !== 'running') return resendState();
      const { gateway, detach } = phase;
      detach();
      // close() finishes in-flight calls and flushes the request log.
      await gateway.close().catch((error: unknown) => deps.log(`[switchboard] the gateway did not close cleanly: ${describe(error)}`));
      const at = listening(gateway);
      const standIn = await deps.servePaused(at.host, at.port).catch((error: unknown) => {
        deps.log(`[switchboard] paused, but could not hold port ${at.port}: ${describe(error)}`);
        return undefined;
      });
      phase = { name: 'paused', at, standIn };
      resendState();
    },
    async resume() {
      if (phase.name !== 'paused' || !startOptions) return resendState();
      const { at, standIn } = phase;
      await standIn?.close();
      // The same port as before when it is still free, so clients keep working.
      await launch(startOptions, at.port);
    },
    async shutdown() {
      const current = phase;
      phase = { name: 'stopped' };
      stats.stop();
      try {
        if (current.name === 'running') {
          current.detach();
          await current.gateway.close();
        } else if (current.name === 'paused') {
          await current.standIn?.close();
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

function strip(at: Listening): { url: string; port: number; adminToken: string } {
  return { url: at.url, port: at.port, adminToken: at.adminToken };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
