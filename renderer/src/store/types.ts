import type { AuditSlice } from './audit-slice';
import type { CacheSlice } from './cache-slice';
import type { ConnectionSlice } from './connection-slice';
import type { CostsSlice } from './costs-slice';
import type { KeysSlice } from './keys-slice';
import type { LiveSlice } from './live-slice';
import type { LogsSlice } from './logs-slice';
import type { NoticesSlice } from './notices-slice';
import type { OverviewSlice } from './overview-slice';
import type { ProvidersSlice } from './providers-slice';
import type { RoutesSlice } from './routes-slice';
import type { SettingsSlice } from './settings-slice';

/** The whole UI state: one slice per feature, each under its own key. */
export type AppState = ConnectionSlice &
  LiveSlice &
  NoticesSlice &
  OverviewSlice &
  RoutesSlice &
  LogsSlice &
  CacheSlice &
  CostsSlice &
  ProvidersSlice &
  KeysSlice &
  SettingsSlice &
  AuditSlice;
