/**
 * Hosts the gateway in an Electron utility process: forks it, tells it to start, follows its
 * state from its messages, restarts it with backoff when it dies, and on quit asks it to flush
 * its log and waits (bounded) for the answer. Electron's `utilityProcess.fork` is injected, so
 * all of this is tested with a fake process.
 */
import type { GatewayInfo } from '../../preload/bridge';
import { parseChildMessage, SHUTDOWN_FLUSH_TIMEOUT_MS, type DailyStats, type ForwardedEvent, type GatewayStartOptions, type ParentMessage } from '../../gateway-process/protocol';
import { gatewayUrlOf, toGatewayInfo, type GatewayStatus } from './gateway-status';
import { createRestartPolicy, type RestartPolicy } from './restart-policy';

/** The part of Electron's UtilityProcess the host uses. */
export interface GatewayChildProcess {
  postMessage(message: ParentMessage): void;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface GatewayProcessHostOptions {
  fork(): GatewayChildProcess;
  startOptions: Omit<GatewayStartOptions, 'preferredPort'>;
  log(line: string): void;
  restartPolicy?: RestartPolicy;
  now?: () => number;
  /** How long quitting waits for the gateway to finish in-flight calls and flush. Default SHUTDOWN_FLUSH_TIMEOUT_MS (8 s). */
  flushTimeoutMs?: number;
  /** How long start, pause and resume wait for an answer. Default 20 s (a first start probes the keychain). */
  commandTimeoutMs?: number;
}

export interface GatewayProcessHost {
  /** Forks the process; resolves with the first settled state (or `starting` on timeout). */
  start(): Promise<GatewayStatus>;
  status(): GatewayStatus;
  /** The state as the window's bridge reports it. */
  info(): GatewayInfo;
  /** The gateway URL while it holds its port, for the CSP's connect-src. */
  url(): string | undefined;
  stats(): DailyStats | undefined;
  pause(): Promise<GatewayStatus>;
  resume(): Promise<GatewayStatus>;
  /** Stops the current process (if any) and starts a fresh one, forgetting past crashes. */
  restart(): Promise<GatewayStatus>;
  /** Flushes and stops the gateway for good; later calls share the result. */
  shutdown(): Promise<void>;
  onStatus(listener: (status: GatewayStatus) => void): () => void;
  onStats(listener: (stats: DailyStats) => void): () => void;
  onEvent(listener: (event: ForwardedEvent) => void): () => void;
}

interface Child {
  process: GatewayChildProcess;
  /** Set when the shell stops it on purpose: its exit is then not a crash. */
  stopping: boolean;
  exited: Promise<void>;
  flushed: Promise<void>;
  markExited(): void;
  markFlushed(): void;
}

export function createGatewayProcessHost(options: GatewayProcessHostOptions): GatewayProcessHost {
  const policy = options.restartPolicy ?? createRestartPolicy();
  const now = options.now ?? Date.now;
  const flushTimeoutMs = options.flushTimeoutMs ?? SHUTDOWN_FLUSH_TIMEOUT_MS;
  const commandTimeoutMs = options.commandTimeoutMs ?? 20_000;
  const statusListeners = new Set<(status: GatewayStatus) => void>();
  const statsListeners = new Set<(stats: DailyStats) => void>();
  const eventListeners = new Set<(event: ForwardedEvent) => void>();
  let status: GatewayStatus = { state: 'starting' };
  let stats: DailyStats | undefined;
  let child: Child | undefined;
  let lastPort: number | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let spawned = false;
  let shuttingDown: Promise<void> | undefined;
  /** The user paused the gateway: a process restarted after a crash must not start serving. */
  let wantPaused = false;

  const setStatus = (next: GatewayStatus) => {
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  /** Resolves with the first status that satisfies `done`, or the current one after `timeoutMs`. */
  const waitFor = (done: (s: GatewayStatus) => boolean, timeoutMs: number): Promise<GatewayStatus> => {
    if (done(status)) return Promise.resolve(status);
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        statusListeners.delete(check);
        resolve(status);
      };
      const check = (s: GatewayStatus) => void (done(s) && finish());
      const timer = setTimeout(finish, timeoutMs);
      statusListeners.add(check);
    });
  };

  const onMessage = (self: Child, data: unknown) => {
    const message = parseChildMessage(data);
    // The payload is not logged: it may hold the admin token.
    if (!message) return options.log('[switchboard] ignored a malformed message from the gateway process');
    if (message.type === 'flushed') return self.markFlushed();
    if (message.type === 'stats') {
      stats = message.stats;
      for (const listener of statsListeners) listener(message.stats);
      return;
    }
    if (message.type === 'event') {
      for (const listener of eventListeners) listener(message.event);
      return;
    }
    if (self.stopping || shuttingDown) return;
    if (message.type === 'failed') return setStatus({ state: 'failed', message: message.message, retrying: false });
    lastPort = message.port;
    if (message.type === 'ready' && wantPaused) return self.process.postMessage({ type: 'pause' });
    const at = { url: message.url, port: message.port, adminToken: message.adminToken };
    setStatus(message.type === 'ready' ? { state: 'running', ...at } : { state: 'paused', ...at });
  };

  const onExit = (self: Child, code: number) => {
    self.markExited();
    if (child === self) child = undefined;
    if (self.stopping || shuttingDown) return;
    const decision = policy.onCrash(now());
    if (decision.action === 'give-up') {
      const seconds = Math.round(decision.windowMs / 1000);
      return setStatus({
        state: 'failed',
        message: `The gateway stopped unexpectedly ${decision.crashesInWindow} times within ${seconds} s, so Switchboard stopped restarting it. Choose "Restart gateway" in the tray menu to try again.`,
        retrying: false,
      });
    }
    const wait = decision.delayMs < 1000 ? `${decision.delayMs} ms` : `${Math.round(decision.delayMs / 1000)} s`;
    setStatus({ state: 'failed', message: `The gateway stopped unexpectedly (exit code ${code}); restarting in ${wait}.`, retrying: true });
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      spawn();
    }, decision.delayMs);
  };

  const spawn = () => {
    setStatus({ state: 'starting' });
    let markExited!: () => void;
    let markFlushed!: () => void;
    const exited = new Promise<void>((resolve) => (markExited = resolve));
    const flushed = new Promise<void>((resolve) => (markFlushed = resolve));
    let proc: GatewayChildProcess;
    try {
      proc = options.fork();
    } catch (error) {
      return setStatus({ state: 'failed', message: `The gateway process could not be started: ${describe(error)}`, retrying: false });
    }
    const self: Child = { process: proc, stopping: false, exited, flushed, markExited, markFlushed };
    child = self;
    proc.on('message', (data) => onMessage(self, data));
    proc.on('exit', (code) => onExit(self, code));
    proc.on('spawn', () => {
      // After a crash, the port it had, so clients configured with that URL keep working.
      const start = { ...options.startOptions, ...(lastPort !== undefined ? { preferredPort: lastPort } : {}) };
      proc.postMessage({ type: 'start', options: start });
    });
  };

  /** Asks a process to flush and stop; kills it when it does not answer in time. */
  const stopChild = async (self: Child) => {
    self.stopping = true;
    self.process.postMessage({ type: 'shutdown' });
    if (!(await settlesWithin(Promise.race([self.flushed, self.exited]), flushTimeoutMs))) {
      options.log(`[switchboard] the gateway did not flush within ${flushTimeoutMs} ms; stopping it anyway`);
    }
    self.process.kill();
    await settlesWithin(self.exited, 2_000);
  };

  const settled = (s: GatewayStatus) => s.state !== 'starting';

  return {
    start() {
      if (!spawned && !shuttingDown) {
        spawned = true;
        spawn();
      }
      return waitFor(settled, commandTimeoutMs);
    },
    status: () => status,
    info: () => toGatewayInfo(status),
    url: () => gatewayUrlOf(status),
    stats: () => stats,
    pause() {
      if (status.state !== 'running' || !child) return Promise.resolve(status);
      wantPaused = true;
      child.process.postMessage({ type: 'pause' });
      return waitFor((s) => s.state !== 'running', commandTimeoutMs);
    },
    resume() {
      if (status.state !== 'paused' || !child) return Promise.resolve(status);
      wantPaused = false;
      child.process.postMessage({ type: 'resume' });
      return waitFor((s) => s.state !== 'paused', commandTimeoutMs);
    },
    async restart() {
      if (shuttingDown) return status;
      policy.reset();
      wantPaused = false;
      // A fresh start reads the port from the config, where the user may have changed it; only
      // a restart after a crash keeps the port the clients were using.
      lastPort = undefined;
      clearTimeout(restartTimer);
      restartTimer = undefined;
      spawned = true;
      setStatus({ state: 'starting' });
      if (child) await stopChild(child);
      if (shuttingDown) return status;
      spawn();
      return waitFor(settled, commandTimeoutMs);
    },
    shutdown() {
      shuttingDown ??= (async () => {
        clearTimeout(restartTimer);
        restartTimer = undefined;
        if (child) await stopChild(child);
        setStatus({ state: 'stopped' });
      })();
      return shuttingDown;
    },
    onStatus: (listener) => subscribe(statusListeners, listener),
    onStats: (listener) => subscribe(statsListeners, listener),
    onEvent: (listener) => subscribe(eventListeners, listener),
  };
}

function subscribe<T>(set: Set<(value: T) => void>, listener: (value: T) => void): () => void {
  set.add(listener);
  return () => void set.delete(listener);
}

/** Whether `promise` settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
