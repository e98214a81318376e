/**
 * The admin API contract (`/admin/api/*`), shared by the server (gateway/src/admin) and the UI
 * (renderer/src/gateway-client.ts). Types only, no imports with runtime code, so the renderer
 * can compile against it. Every endpoint takes `Authorization: Bearer <admin token>`; errors
 * are `{ error: { message, type, code, param } }` (OpenAI's shape), and config validation
 * errors add `issues: ConfigIssueDto[]`.
 */

export interface ConfigIssueDto {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export interface ApiErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null; issues?: ConfigIssueDto[] };
}

/** GET /status */
export interface StatusDto {
  version: string;
  url: string;
  dataDir: string;
  configPath: string;
  configVersion: number;
  startedAt: number;
  secretsBackend: 'keychain' | 'env' | 'memory';
  auth: 'required' | 'open-on-loopback';
  logBodies: boolean;
}

/** GET /config → ConfigDto; PUT /config {text} → ConfigDto; POST /config/diff {text} → ConfigDiffDto */
export interface ConfigDto {
  version: number;
  path: string;
  /** The YAML as on disk (comments included). */
  text: string;
  /** The parsed config (validated; durations in ms). */
  config: unknown;
}

export interface ConfigChangeDto {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface ConfigDiffDto {
  changes: ConfigChangeDto[];
}

/** A route as written in the config (see docs/config.md). */
export type RouteDto = Record<string, unknown> & { strategy: string };

/** GET /routes → { routes: Record<name, RouteDto> }; PUT /routes/:name {route}; DELETE /routes/:name */
export interface RoutesDto {
  routes: Record<string, RouteDto>;
}

export interface CredentialStatusDto {
  /** `keychain:openai` style source, or `env:OPENAI_API_KEY`. */
  source: string;
  present: boolean;
  lastFour?: string;
}

/** GET /providers → { providers: ProviderDto[] }; PUT /providers/:name {provider}; DELETE /providers/:name */
export interface ProviderDto {
  name: string;
  config: Record<string, unknown> & { type: string };
  baseUrl: string;
  credential: CredentialStatusDto | null;
}

export interface ProviderPresetDto {
  id: string;
  label: string;
  type: string;
  baseUrl: string;
  requiresKey: boolean;
  models: string[];
}

/** POST /providers/:name/test → a real minimal call (GET models or a 1-token chat) through the provider. */
export interface ProviderTestDto {
  ok: boolean;
  latencyMs: number;
  status?: number;
  message?: string;
}

/** GET /credentials → { backend, writable, secrets }; PUT /credentials/:name {value}; DELETE /credentials/:name */
export interface SecretInfoDto {
  name: string;
  backend: 'keychain' | 'env' | 'memory';
  lastFour: string;
}

export interface CredentialsDto {
  backend: 'keychain' | 'env' | 'memory';
  writable: boolean;
  secrets: SecretInfoDto[];
}

export interface KeyLimitsDto {
  rpm?: number;
  tpm?: number;
  concurrent?: number;
}

export interface KeyBudgetDto {
  dailyUsd?: number;
  weeklyUsd?: number;
  monthlyUsd?: number;
}

/** GET /keys → { keys: GatewayKeyDto[] }; POST /keys → CreatedKeyDto; PATCH /keys/:id; POST /keys/:id/revoke; POST /keys/:id/rotate → CreatedKeyDto */
export interface GatewayKeyDto {
  id: string;
  name: string;
  /** A non-secret prefix for recognition, e.g. `sk-sb-AbCd…`. */
  prefix: string;
  user?: string;
  team?: string;
  tier?: string;
  allowedRoutes?: string[];
  limits?: KeyLimitsDto;
  budget?: KeyBudgetDto;
  createdAt: number;
  expiresAt?: number;
  revokedAt?: number;
  lastUsedAt?: number;
  /** Spend so far this month, USD. */
  spendMonthUsd?: number;
}

export interface CreatedKeyDto {
  key: GatewayKeyDto;
  /** Shown once; never returned again. */
  plaintext: string;
}

export interface AttemptDto {
  provider: string;
  model: string;
  status: number | null;
  latencyMs: number;
  error?: string;
  outcome: string;
}

/** One request log row. GET /logs?since&until&route&provider&model&status&keyId&text&limit&cursor → LogPageDto; GET /logs/:id */
export interface LogRowDto {
  id: string;
  ts: number;
  keyId: string | null;
  endpoint: 'chat' | 'messages' | 'embeddings';
  alias: string;
  route: string | null;
  provider: string | null;
  model: string | null;
  status: number;
  stream: boolean;
  latencyMs: number;
  ttftMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
  cache: string | null;
  savedUsd: number;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: AttemptDto[];
  user: string | null;
  metadata: Record<string, string> | null;
  requestBody: string | null;
  responseBody: string | null;
}

export interface LogPageDto {
  rows: LogRowDto[];
  nextCursor: string | null;
}

/** GET /stats/timeseries?since&until&bucket=minute|hour|day */
export interface TimeseriesPointDto {
  /** Bucket start, Unix ms. */
  t: number;
  requests: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  costUsd: number;
  cacheHits: number;
  cacheMisses: number;
  savedUsd: number;
}

/** GET /stats/spend?since&until&by=provider|model|route|key → per day, per group. */
export interface SpendPointDto {
  /** YYYY-MM-DD (UTC). */
  day: string;
  group: string;
  costUsd: number;
  requests: number;
}

/** GET /stats/overview */
export interface OverviewDto {
  requestsLastHour: number;
  requestsPerMinute: Array<{ t: number; requests: number; errors: number }>;
  spendTodayUsd: number;
  spendMonthUsd: number;
  cacheHitRate: number | null;
  savedMonthUsd: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  providers: Array<{ name: string; requests: number; errors: number; errorRate: number; p50Ms: number | null; breaker: 'closed' | 'open' | 'half-open' }>;
  recentErrors: LogRowDto[];
}

/** GET /cache/stats; POST /cache/purge {route?} → { purged: number } */
export interface CacheStatsDto {
  overall: CacheStatsRowDto;
  byRoute: Array<CacheStatsRowDto & { route: string }>;
}

export interface CacheStatsRowDto {
  hits: number;
  misses: number;
  hitRate: number | null;
  savedUsd: number;
  entries: number;
  bytes: number;
}

/** GET /breakers */
export interface BreakerDto {
  target: string;
  state: 'closed' | 'open' | 'half-open';
  failures: number;
  openedAt: number | null;
  nextProbeAt: number | null;
}

/** GET /budgets */
export interface BudgetStatusDto {
  scope: string;
  period: 'day' | 'week' | 'month';
  limitUsd: number;
  spentUsd: number;
  resetsAt: number;
  alertAt: number;
}

/** POST /try {model, prompt, system?} → runs one chat through the full pipeline (as the master key). */
export interface TryRequestDto {
  model: string;
  prompt: string;
  system?: string;
}

export interface TryResultDto {
  status: number;
  text: string | null;
  error: string | null;
  requestId: string | null;
  route: string | null;
  provider: string | null;
  model: string | null;
  attempts: AttemptDto[];
  latencyMs: number;
  costUsd: number;
}

/** Live events: GET /events (SSE, `id:` per event, honours Last-Event-ID). `data` is the JSON of one of these. */
export type GatewayEvent =
  | { type: 'request.started'; id: string; alias: string; ts: number }
  | { type: 'request.finished'; row: LogRowDto }
  | { type: 'breaker.changed'; breaker: BreakerDto }
  | { type: 'budget.alert'; budget: BudgetStatusDto; threshold: number }
  | { type: 'config.applied'; version: number }
  | { type: 'config.rejected'; message: string; issues: ConfigIssueDto[] };
