/**
 * Where the gateway is and how we authenticate, decided once at start-up. Inside the desktop app
 * the preload bridge says; in a browser (served by `switchboard serve`) the gateway is the page's
 * own origin and the admin token is typed in by the user and kept for the tab's session only.
 */
import type { SwitchboardBridge } from '../../../electron/preload/bridge';

export type InitialConnection =
  | { mode: 'desktop'; gatewayUrl: string; token: string }
  | { mode: 'desktop-failed'; message: string }
  | { mode: 'browser'; gatewayUrl: string; token: string | null };

/** sessionStorage key for the admin token in browser mode. */
export const TOKEN_STORAGE_KEY = 'switchboard.adminToken';

export interface ConnectionEnvironment {
  bridge: SwitchboardBridge | undefined;
  origin: string;
  storage: Pick<Storage, 'getItem'>;
}

export function detectConnection(env: ConnectionEnvironment): InitialConnection {
  if (env.bridge) {
    const gateway = env.bridge.gateway;
    return gateway.state === 'running'
      ? { mode: 'desktop', gatewayUrl: gateway.url, token: gateway.adminToken }
      : { mode: 'desktop-failed', message: gateway.message };
  }
  return { mode: 'browser', gatewayUrl: env.origin, token: env.storage.getItem(TOKEN_STORAGE_KEY) };
}
