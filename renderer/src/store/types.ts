import type { ConnectionSlice } from './connection-slice';

/** The whole UI state: one slice per feature, each under its own key. */
export type AppState = ConnectionSlice;
