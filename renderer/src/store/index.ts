/**
 * The one zustand store, made of feature slices. Components read it through `useAppStore` with a
 * selector per value, so they re-render only when that value changes.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { detectConnection } from '../connection/detect-connection';
import { createConnectionSlice, type ConnectionDeps } from './connection-slice';
import type { AppState } from './types';

export type { AppState } from './types';
export type { ConnectionState, HealthStatus } from './connection-slice';

export type AppStoreDeps = ConnectionDeps;

/** Builds a store; the app makes one, tests make as many as they like. */
export function createAppStore(deps: AppStoreDeps): StoreApi<AppState> {
  return createStore<AppState>()((...args) => ({
    ...createConnectionSlice(deps)(...args),
  }));
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

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(getAppStore(), selector);
}
