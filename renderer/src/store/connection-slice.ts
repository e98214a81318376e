/** The `connection` slice: where the gateway is, the admin token, and whether it answers. */
import type { StateCreator } from 'zustand';
import type { GatewayInfo } from '../../../electron/preload/bridge';
import { connectionFromGatewayInfo, TOKEN_STORAGE_KEY, type InitialConnection } from '../connection/detect-connection';
import { GatewayClient } from '../gateway-client';
import type { AppState } from './types';

export type HealthStatus = 'unknown' | 'checking' | 'running' | 'unreachable';

export interface ConnectionState {
  mode: 'desktop' | 'browser';
  /** Null only when the desktop app's gateway failed to start. */
  gatewayUrl: string | null;
  /** The admin token; null in a browser until the user enters it. */
  token: string | null;
  /** Why the desktop app's gateway is not running (failed, or still starting), if it is not. */
  startupError: string | null;
  /** The desktop shell's note about a running gateway (e.g. paused from the tray). */
  shellNotice: string | null;
  health: HealthStatus;
  /** A short reason when unreachable ("HTTP 503", "no response"). */
  healthDetail: string | null;
  lastCheckedAt: number | null;
  /** Why the last token was refused (browser mode), shown above the token form. */
  authError: string | null;
  /** Browser mode: remembers the token for this tab's session. */
  setToken(token: string): void;
  forgetToken(): void;
  /** The gateway refused the token (401): forget it and ask again, saying why. */
  rejectToken(message: string): void;
  /** Desktop: the shell reports a new gateway state (paused, resumed, crashed, restarted). */
  applyGatewayInfo(info: GatewayInfo): void;
  checkHealth(): Promise<void>;
}

export interface ConnectionSlice {
  connection: ConnectionState;
}

export interface ConnectionDeps {
  initial: InitialConnection;
  storage: Pick<Storage, 'setItem' | 'removeItem'>;
  createClient?: (baseUrl: string, token: string | null) => GatewayClient;
}

export function createConnectionSlice(deps: ConnectionDeps): StateCreator<AppState, [], [], ConnectionSlice> {
  const createClient = deps.createClient ?? ((url, token) => new GatewayClient(url, token));
  const { initial } = deps;

  return (set, get) => {
    const update = (patch: Partial<ConnectionState>): void =>
      set((state) => ({ connection: { ...state.connection, ...patch } }));

    return {
      connection: {
        mode: initial.mode === 'browser' ? 'browser' : 'desktop',
        gatewayUrl: initial.mode === 'desktop-failed' ? null : initial.gatewayUrl,
        token: initial.mode === 'desktop-failed' ? null : initial.token,
        startupError: initial.mode === 'desktop-failed' ? initial.message : null,
        shellNotice: initial.mode === 'desktop' ? (initial.notice ?? null) : null,
        health: 'unknown',
        healthDetail: null,
        lastCheckedAt: null,
        authError: null,

        setToken(token) {
          const trimmed = token.trim();
          if (!trimmed) return;
          deps.storage.setItem(TOKEN_STORAGE_KEY, trimmed);
          update({ token: trimmed, authError: null });
        },

        forgetToken() {
          deps.storage.removeItem(TOKEN_STORAGE_KEY);
          update({ token: null });
        },

        rejectToken(message) {
          // In the desktop app the token comes from the shell; asking the user would not help.
          if (get().connection.mode !== 'browser') return;
          deps.storage.removeItem(TOKEN_STORAGE_KEY);
          update({ token: null, authError: message });
        },

        applyGatewayInfo(info) {
          const next = connectionFromGatewayInfo(info);
          if (next.mode === 'desktop-failed') update({ startupError: next.message, shellNotice: null, health: 'unreachable', healthDetail: 'not started' });
          else if (next.mode === 'desktop') update({ gatewayUrl: next.gatewayUrl, token: next.token, startupError: null, shellNotice: next.notice ?? null, health: 'unknown' });
        },

        async checkHealth() {
          const { gatewayUrl, token, health, startupError } = get().connection;
          if (gatewayUrl === null || startupError !== null) {
            update({ health: 'unreachable', healthDetail: 'not started' });
            return;
          }
          if (health === 'checking') return;
          update({ health: 'checking' });
          const result = await createClient(gatewayUrl, token).health();
          update(
            result.status === 'running'
              ? { health: 'running', healthDetail: null, lastCheckedAt: result.checkedAt }
              : { health: 'unreachable', healthDetail: result.reason, lastCheckedAt: result.checkedAt },
          );
        },
      },
    };
  };
}
