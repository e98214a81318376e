/**
 * Where the gateway is and how we authenticate, decided once at start-up. Inside the desktop app
 * the preload bridge says; in a browser (served by `switchboard serve`) the gateway is the page's
 * own origin and the admin token is typed in by the user and kept for the tab's session only.
 */
import type { GatewayInfo, SwitchboardBridge } from '../../../electron/preload/bridge';

export type InitialConnection =
  | { mode: 'desktop'; gatewayUrl: string; token: string; notice?: string }
  | { mode: 'desktop-failed'; message: string }
  | { mode: 'browser'; gatewayUrl: string; token: string | null };

/** sessionStorage key for the admin token in browser mode. */
export const TOKEN_STORAGE_KEY = 'switchboard.adminToken';

export interface ConnectionEnvironment {
  bridge: SwitchboardBridge | undefined;
  origin: string;
  storage: Pick<Storage, 'getItem'>;
}

/** The desktop shell's view of its gateway, as a connection. A paused gateway keeps its URL. */
export function connectionFromGatewayInfo(info: GatewayInfo): InitialConnection {
  switch (info.state) {
    case 'running':
      return { mode: 'desktop', gatewayUrl: info.url, token: info.adminToken };
    case 'paused':
      return { mode: 'desktop', gatewayUrl: info.url, token: info.adminToken, notice: info.message };
    case 'starting':
    case 'failed':
      return { mode: 'desktop-failed', message: info.message };
  }
}

export function detectConnection(env: ConnectionEnvironment): InitialConnection {
  if (env.bridge) return connectionFromGatewayInfo(env.bridge.gateway);
  return { mode: 'browser', gatewayUrl: env.origin, token: env.storage.getItem(TOKEN_STORAGE_KEY) };
}
