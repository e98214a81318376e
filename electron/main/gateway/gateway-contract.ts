/**
 * The part of the gateway's public API (gateway/src/index.ts) that the desktop shell uses,
 * restated here so the shell compiles on its own. index.ts passes the real `startGateway` where a
 * `StartGateway` is expected, so any disagreement with the gateway fails type-checking there.
 */
import type { SecretStore } from '../../../gateway/src/index';

export interface GatewayStartOptions {
  configPath: string;
  dataDir: string;
  port?: number;
  host?: string;
  secrets: SecretStore;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /**
   * Browser origins allowed to call the gateway cross-origin (CORS + Origin check): the desktop
   * renderer runs at app://switchboard (or the dev server) while the gateway is on 127.0.0.1.
   */
  allowedOrigins?: string[];
}

export interface RunningGatewayHandle {
  url: string;
  port: number;
  host: string;
  adminToken: string;
  close(): Promise<void>;
}

export type StartGateway = (options: GatewayStartOptions) => Promise<RunningGatewayHandle>;
