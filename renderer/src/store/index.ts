/**
 * The one zustand store, made of feature slices. Components read it through `useAppStore` with a
 * selector per value, so they re-render only when that value changes.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { detectConnection } from '../connection/detect-connection';
import { GatewayClient } from '../gateway-client';
import { createAuditSlice } from './audit-slice';
import { createCacheSlice } from './cache-slice';
import { createConnectionSlice, type ConnectionDeps } from './connection-slice';
import { createSliceContext } from './context';
import { createCostsSlice } from './costs-slice';
import { createKeysSlice } from './keys-slice';
import { createLiveSlice } from './live-slice';
import { createLogsSlice } from './logs-slice';
import { createNoticesSlice } from './notices-slice';
import { createOverviewSlice } from './overview-slice';
import { createProvidersSlice } from './providers-slice';
import { createRoutesSlice } from './routes-slice';
import { createSettingsSlice } from './settings-slice';
import type { AppState } from './types';

export type { AppState } from './types';
export type { ConnectionState, HealthStatus } from './connection-slice';

export interface AppStoreDeps extends ConnectionDeps {
  now?: () => number;
}

/** Builds a store; the app makes one, tests make as many as they like. */
export function createAppStore(deps: AppStoreDeps): StoreApi<AppState> {
  const createClient = deps.createClient ?? ((url: string, token: string | null) => new GatewayClient(url, token));
  return createStore<AppState>()((set, get, api) => {
    const ctx = createSliceContext(get, createClient, deps.now);
    return {
      ...createConnectionSlice({ ...deps, createClient })(set, get, api),
      ...createNoticesSlice()(set, get, api),
      ...createLiveSlice(ctx)(set, get, api),
      ...createOverviewSlice(ctx)(set, get, api),
      ...createRoutesSlice(ctx)(set, get, api),
      ...createLogsSlice(ctx)(set, get, api),
      ...createCacheSlice(ctx)(set, get, api),
      ...createCostsSlice(ctx)(set, get, api),
      ...createProvidersSlice(ctx)(set, get, api),
      ...createKeysSlice(ctx)(set, get, api),
      ...createSettingsSlice(ctx)(set, get, api),
      ...createAuditSlice(ctx)(set, get, api),
    };
  });
}

let appStore: StoreApi<AppState> | undefined;

/** The app's store, created on first use from the page's environment (bridge or browser). */
export function getAppStore(): StoreApi<AppState> {
  appStore ??= createAppStore({
    initial: detectConnection({
      bridge: window.switchboard,
      origin: window.location.origin,
      storage: window.sessionStorage,
    }),
    storage: window.sessionStorage,
  });
  return appStore;
}

/** Tests render components against a store of their own. */
export function setAppStore(store: StoreApi<AppState> | undefined): void {
  appStore = store;
}

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(getAppStore(), selector);
}
