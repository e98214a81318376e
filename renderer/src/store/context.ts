/**
 * What every feature slice needs besides zustand's set/get: the GatewayClient for the current
 * URL and token (rebuilt when either changes), a clock, and one place that turns a failed call
 * into the message to show.
 */
import type { StoreApi } from 'zustand';
import { describeError, GatewayApiError } from '../api/api-error';
import type { GatewayClient } from '../gateway-client';
import type { AppState } from './types';

export interface SliceContext {
  /** Throws GatewayApiError (status 0) while there is no gateway to talk to. */
  client(): GatewayClient;
  now(): number;
  /** The message for a failed call. A 401 in the browser also sends the user back to the token form. */
  fail(error: unknown): string;
}

export type ClientFactory = (baseUrl: string, token: string | null) => GatewayClient;

export function createSliceContext(get: () => AppState, createClient: ClientFactory, now: () => number = Date.now): SliceContext {
  let cached: { url: string; token: string | null; client: GatewayClient } | undefined;
  return {
    client() {
      const { gatewayUrl, token } = get().connection;
      if (gatewayUrl === null) throw new GatewayApiError(0, 'The gateway is not running');
      if (!cached || cached.url !== gatewayUrl || cached.token !== token) cached = { url: gatewayUrl, token, client: createClient(gatewayUrl, token) };
      return cached.client;
    },
    now,
    fail(error) {
      const message = describeError(error);
      if (error instanceof GatewayApiError && error.status === 401) get().connection.rejectToken(message);
      return message;
    },
  };
}

type SetState = StoreApi<AppState>['setState'];

/** `patch({ loading: true })` for one slice key, leaving the other slices and fields alone. */
export function slicePatcher<K extends keyof AppState>(set: SetState, key: K): (patch: Partial<AppState[K]>) => void {
  return (patch) => set((state) => ({ [key]: { ...state[key], ...patch } }) as unknown as Partial<AppState>);
}
