/**
 * Hosts the gateway inside the desktop app: starts it once, remembers whether that worked (the
 * renderer shows either state), and closes it exactly once on quit. It runs in the main process
 * for now; moving it to a utilityProcess later means a new implementation of `GatewayHost`,
 * with the rest of the shell unchanged.
 */
import { join } from 'node:path';
import type { GatewayInfo } from '../../preload/bridge';
import type { GatewayStartOptions, RunningGatewayHandle, StartGateway } from './gateway-contract';

export interface GatewayHost {
  /** Starts the gateway once; later calls return the same outcome. Never rejects. */
  start(): Promise<GatewayInfo>;
  /** The current state, for the preload's synchronous query. */
  info(): GatewayInfo;
  /** The gateway URL while running, for the CSP's connect-src. */
  url(): string | undefined;
  readonly dataDir: string;
  /** Closes the gateway once (waiting for a start in progress); later calls share the result. */
  close(): Promise<void>;
}

export interface GatewayHostOptions {
  start: StartGateway;
  /** Electron's `app.getPath('userData')`. */
  userDataDir: string;
  secrets: GatewayStartOptions['secrets'];
  allowedOrigins: string[];
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** The gateway's own directory inside userData, apart from Electron's caches. */
export function gatewayPaths(userDataDir: string): { dataDir: string; configPath: string } {
  const dataDir = join(userDataDir, 'gateway');
  return { dataDir, configPath: join(dataDir, 'config.yaml') };
}

export function createGatewayHost(options: GatewayHostOptions): GatewayHost {
  const { dataDir, configPath } = gatewayPaths(options.userDataDir);
  let running: RunningGatewayHandle | undefined;
  let state: GatewayInfo = { state: 'failed', message: 'The gateway has not started yet.' };
  let starting: Promise<GatewayInfo> | undefined;
  let closing: Promise<void> | undefined;

  const startOnce = async (): Promise<GatewayInfo> => {
    try {
      running = await options.start({
        configPath,
        dataDir,
        secrets: options.secrets,
        allowedOrigins: options.allowedOrigins,
        ...(options.log ? { log: options.log } : {}),
        ...(options.env ? { env: options.env } : {}),
      });
      state = { state: 'running', url: running.url, adminToken: running.adminToken };
    } catch (error) {
      // Shown to the user as is; gateway error messages never carry secrets.
      const message = error instanceof Error ? error.message : String(error);
      state = { state: 'failed', message: `The gateway could not start: ${message}` };
    }
    return state;
  };

  return {
    dataDir,
    start() {
      if (closing) return Promise.resolve(state);
      starting ??= startOnce();
      return starting;
    },
    info: () => state,
    url: () => running?.url,
    close() {
      closing ??= (async () => {
        // A quit during startup must still close the gateway that startup is about to hand back.
        await starting;
        const gateway = running;
        running = undefined;
        state = { state: 'failed', message: 'The gateway has stopped.' };
        await gateway?.close();
      })();
      return closing;
    },
  };
}
