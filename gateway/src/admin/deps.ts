/**
 * What the admin API needs from the running gateway. The optional modules (gateway keys, the
 * response cache, circuit breakers, budgets) are described by the small interfaces below, so
 * the admin API compiles and is testable without them; their endpoints answer 501 while absent.
 * The interfaces are shaped after the real classes (KeyStore, ResponseCache, BreakerRegistry,
 * BudgetTracker) so those can be passed as they are.
 */
import type { AuditLog, AuditPage, AuditQuery } from '../audit/audit-log';
import type { AuditRecorder } from '../audit/audit-types';
import type { CacheStats } from '../cache/counters';
import type { ForeignRequestsDto } from './api-types';
import type { ResponseCache } from '../cache/response-cache';
import type { ConfigManager } from '../config/config-manager';
import type { EventBus } from '../events/event-bus';
import type { KeyStore } from '../keys/key-store';
import type { LocalCandidate } from '../providers/local-servers';
import type { IssuedKey, KeyRecord } from '../keys/key-types';
import type { KeyCreateInput, KeyRotateInput, KeyUpdateInput } from '../keys/key-schemas';
import type { BudgetAlert, BudgetSubjects, BudgetTracker, BudgetUsage } from '../limits/budgets';
import type { BudgetPeriod } from '../limits/budget-periods';
import type { RequestMetrics } from '../metrics/request-metrics';
import type { ProviderRegistry } from '../providers/registry';
import type { BreakerChange, BreakerRegistry, BreakerSnapshot } from '../routing/breaker';
import type { SecretStore } from '../secrets/secret-store';
import type { SqliteDatabase } from '../store/database';
import type { UpstreamQuota } from '../upstream/upstream-quotas';
import type { LogStore, SpendReader } from '../store/log-types';

export type Awaitable<T> = T | Promise<T>;

/** Gateway key lifecycle (keys/KeyStore). A missing key is `undefined` or a GatewayError not_found. */
export interface KeyAdmin {
  list(): Awaitable<KeyRecord[]>;
  get(id: string): Awaitable<KeyRecord | undefined>;
  create(input: KeyCreateInput): Awaitable<IssuedKey>;
  update(id: string, patch: KeyUpdateInput): Awaitable<KeyRecord | undefined>;
  revoke(id: string): Awaitable<KeyRecord | undefined>;
  rotate(id: string, options?: KeyRotateInput): Awaitable<IssuedKey | undefined>;
}

/** The response cache (cache/ResponseCache). */
export interface CacheAdmin {
  stats(): CacheStats;
  purge(filter?: { route?: string }): number;
}

/** Circuit breakers (routing/BreakerRegistry). */
export interface BreakerAdmin {
  snapshot(): BreakerSnapshot[];
  reset(target?: string): void;
  onChange(listener: (change: BreakerChange) => void): () => void;
}

/** USD budgets (limits/BudgetTracker). */
export interface BudgetAdmin {
  usage(subjects: BudgetSubjects, at?: number): BudgetUsage[];
  spent(scope: string, period: BudgetPeriod, at?: number): number;
  onAlert(listener: (alert: BudgetAlert) => void): () => void;
}

/** The audit log (audit/AuditLog): changes made through the admin API are recorded here. */
export interface AuditAdmin extends AuditRecorder {
  list(query?: AuditQuery): AuditPage;
}

export interface AdminDeps {
  adminToken: string;
  /** The master gateway key: POST /try calls the gateway's own /v1 surface with it. */
  apiKey: string;
  config: ConfigManager;
  logs: LogStore & SpendReader;
  /** The gateway's SQLite database, read for stats (request_log). Stats answer 501 without it. */
  db?: SqliteDatabase;
  providers: ProviderRegistry;
  secrets: SecretStore;
  events: EventBus;
  /** The environment `apiKey: env:VAR` references are read from. */
  env: NodeJS.ProcessEnv;
  /** The gateway's own base URL; a function because the port is known only once it listens. */
  selfUrl: () => string;
  dataDir: string;
  /** Unix ms the gateway started. */
  startedAt: number;
  /** The app's version, for GET /status. */
  version?: string;
  keys?: KeyAdmin;
  cache?: CacheAdmin;
  breakers?: BreakerAdmin;
  budgets?: BudgetAdmin;
  audit?: AuditAdmin;
  /** Call counters for GET /metrics (metrics/request-metrics.ts). */
  metrics?: RequestMetrics;
  /** Provider rate limits as their answers state them (upstream/upstream-quotas.ts). */
  quotas?: { snapshot(): UpstreamQuota[] };
  /** Inference calls being answered now. */
  inFlight?: () => number;
  /** The built renderer (out/renderer), served at `/` in headless mode when present. */
  uiDir?: string;
  /** Requests the ingress guard refused for a foreign Host or Origin, for GET /status. */
  foreignRequests?: () => ForeignRequestsDto;
  /** SSE keep-alive comment interval (default 15 s; tests shorten it). */
  sseKeepAliveMs?: number;
  /** Where GET /local-servers looks for model servers on this machine (default: the local presets' addresses). */
  localCandidates?: readonly LocalCandidate[];
}

/**
 * The real modules fit these interfaces: if one of them changes shape, this fails to compile
 * here rather than in the wiring.
 */
type Fits<T extends true> = T;
export type RealModulesFit = [
  Fits<KeyStore extends KeyAdmin ? true : false>,
  Fits<ResponseCache extends CacheAdmin ? true : false>,
  Fits<BreakerRegistry extends BreakerAdmin ? true : false>,
  Fits<BudgetTracker extends BudgetAdmin ? true : false>,
  Fits<AuditLog extends AuditAdmin ? true : false>,
];
