/** The `connection` slice: where the gateway is, the admin token, and whether it answers. */
import type { StateCreator } from 'zustand';
import { TOKEN_STORAGE_KEY, type InitialConnection } from '../connection/detect-connection';
import { GatewayClient } from '../gateway-client';
import type { AppState } from './types';

export type HealthStatus = 'unknown' | 'checking' | 'running' | 'unreachable';

export interface ConnectionState {
  mode: 'desktop' | 'browser';
  /** Null only when the desktop app's gateway failed to start. */
  gatewayUrl: string | null;
  /** The admin token; null in a browser until the user enters it. */
  token: string | null;
  /** Why the desktop app's gateway did not start, if it did not. */
  startupError: string | null;
  health: HealthStatus;
  /** A short reason when unreachable ("HTTP 503", "no response"). */
  healthDetail: string | null;
  lastCheckedAt: number | null;
  /** Browser mode: remembers the token for this tab's session. */
  setToken(token: string): void;
  forgetToken(): void;
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
        health: 'unknown',
        healthDetail: null,
        lastCheckedAt: null,

        setToken(token) {
          const trimmed = token.trim();
          if (!trimmed) return;
          deps.storage.setItem(TOKEN_STORAGE_KEY, trimmed);
          update({ token: trimmed });
        },

        forgetToken() {
          deps.storage.removeItem(TOKEN_STORAGE_KEY);
          update({ token: null });
        },

        async checkHealth() {
          const { gatewayUrl, token, health } = get().connection;
          if (gatewayUrl === null) {
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
