/**
 * The admin API contract (`/admin/api/*`), shared by the server (gateway/src/admin) and the UI
 * (renderer/src/gateway-client.ts). Types only, no imports with runtime code (store/log-types.ts
 * is types only too), so the renderer can compile against it. Every endpoint takes `Authorization: Bearer <admin token>`; errors
 * are `{ error: { message, type, code, param } }` (OpenAI's shape), and config validation
 * errors add `issues: ConfigIssueDto[]`.
 */
import type { AuditEntry } from '../audit/audit-types';
import type { AttemptRecord, LogQuery, LogRecord } from '../store/log-types';

/** GET /logs query: the store's own filters. */
export type LogQueryDto = LogQuery;

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
  /** Which optional modules this gateway runs; endpoints of an absent one answer 501. */
  features?: { keys: boolean; cache: boolean; breakers: boolean; budgets: boolean; stats: boolean; audit?: boolean };
  /**
   * Requests refused since start for a foreign Host (DNS rebinding) or browser Origin (a page on
   * another site). They are an attack signal and get no log row, so this is where they show.
   */
  foreignRequests?: ForeignRequestsDto;
}

export interface ForeignRequestsDto {
  host: number;
  origin: number;
  /** The latest: when (Unix ms), which check, and the Host or Origin it carried (cut to 100 characters). */
  last: { at: number; reason: 'host' | 'origin'; value: string } | null;
}

/** GET /config → ConfigDto; PUT /config {text} → ConfigDto; POST /config/diff {text} → ConfigDiffDto */
export interface ConfigDto {
  version: number;
  path: string;
  /** The YAML as on disk (comments included). */
  text: string;
  /** The parsed config (validated; durations in ms). */
  config: unknown;
  /** Set when the file on disk was edited into something invalid: the text above is the last good one still serving. */
  rejected?: { message: string; issues: ConfigIssueDto[] } | null;
}

/**
 * PUT /config body. `baseVersion` (optional) is the version the edit started from: when the
 * config changed since (a hand edit, another window), the write is refused with 409
 * `config_conflict` instead of silently overwriting it. The same field is accepted by
 * PUT/DELETE on /routes/:name and /providers/:name (in the body; DELETE takes `?baseVersion=`).
 * Every write also checks the file on disk first: a hand edit the gateway rejected refuses it
 * with 409 `config_changed_on_disk` (the file is never overwritten), and one not reloaded yet
 * is loaded, after which an older `baseVersion` gets the 409 `config_conflict`.
 */
export interface ConfigWriteDto {
  text: string;
  baseVersion?: number;
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
  /** The config version these routes are from (mutations answer with the new one). */
  version?: number;
}

export interface CredentialStatusDto {
  /** `keychain:openai` style source, or `env:OPENAI_API_KEY`. */
  source: string;
  present: boolean;
  lastFour?: string;
}

/**
 * GET /providers → ProvidersDto; PUT /providers/:name {provider} → ProvidersDto;
 * DELETE /providers/:name → ProvidersDto (400 with issues while a route still uses it).
 * `config` is the provider as written in the YAML (env refs and credential names, never values).
 */
export interface ProvidersDto {
  providers: ProviderDto[];
  version?: number;
}

export interface ProviderDto {
  name: string;
  config: Record<string, unknown> & { type: string };
  baseUrl: string;
  credential: CredentialStatusDto | null;
  /** What the provider's last answer for each model said is left of its rate limits (only models whose answers carried rate-limit headers). */
  quotas?: ProviderQuotaDto[];
}

/** A rate-limit window running out: a model's, of one provider. */
export interface QuotaLowDto {
  model: string;
  window: 'requests' | 'tokens' | 'input_tokens' | 'output_tokens';
  remaining: number;
  limit: number | null;
  resetAt: number | null;
}

/** One model's rate limits as its provider's last answer stated them. */
export interface ProviderQuotaDto {
  model: string;
  /** Unix ms of that answer. */
  seenAt: number;
  /** `requests` and `tokens` (OpenAI and compatible servers; Anthropic also `input_tokens` and `output_tokens`). */
  windows: Partial<Record<'requests' | 'tokens' | 'input_tokens' | 'output_tokens', { limit: number | null; remaining: number; resetAt: number | null }>>;
}

export interface ProviderPresetDto {
  id: string;
  label: string;
  type: string;
  baseUrl: string;
  requiresKey: boolean;
  models: string[];
}

/**
 * GET /local-servers → LocalServersDto: model servers running on the gateway's machine (Ollama,
 * LM Studio, vLLM at their default addresses) that list their models, and which provider already
 * points at each (`provider`, null when none does).
 */
export interface LocalServerDto {
  preset: string;
  label: string;
  baseUrl: string;
  /** Up to 50 of the model ids it lists. */
  models: string[];
  modelCount: number;
  provider: string | null;
}

export interface LocalServersDto {
  servers: LocalServerDto[];
}

/** GET /providers/presets (also GET /presets) → ProviderPresetsDto: the native provider types, then the openai-compatible presets. */
export interface ProviderPresetsDto {
  presets: ProviderPresetDto[];
}

/**
 * POST /providers/:name/test → a real minimal call (GET models or a 1-token chat) through the provider.
 * Body (optional): `{ provider }` tests that unsaved provider config instead of the saved one,
 * so the UI can check a key before saving.
 */
export interface ProviderTestRequestDto {
  provider?: Record<string, unknown>;
}

export interface ProviderTestDto {
  ok: boolean;
  latencyMs: number;
  status?: number;
  message?: string;
  /** How many models the provider listed, when the test was a models list. */
  models?: number;
}

/**
 * GET /credentials → CredentialsDto; PUT /credentials/:name {value} → SecretInfoDto;
 * DELETE /credentials/:name → { deleted: boolean }. Providers pick up a changed key at once.
 */
export interface SecretInfoDto {
  name: string;
  backend: 'keychain' | 'env' | 'memory';
  lastFour: string;
}

/** PUT /credentials/:name body. The answer is the SecretInfoDto; the value is never returned. */
export interface CredentialSetDto {
  value: string;
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
  hourlyUsd?: number;
  dailyUsd?: number;
  weeklyUsd?: number;
  monthlyUsd?: number;
  /** Soft threshold (0–1] for the budget.alert event; default 0.8. */
  alertAt?: number;
}

/** POST /keys body. `expiresAt`: Unix ms or an ISO 8601 instant with a zone. */
export interface KeyCreateDto {
  name: string;
  user?: string;
  team?: string;
  tier?: string;
  allowedRoutes?: string[];
  limits?: KeyLimitsDto;
  budget?: KeyBudgetDto;
  expiresAt?: number | string;
}

/** PATCH /keys/:id body: a field left out stays, `null` clears it; objects are replaced whole. */
export type KeyUpdateDto = { [K in keyof KeyCreateDto]?: KeyCreateDto[K] | null };

/** POST /keys/:id/rotate body (optional): how long the old plaintext keeps working (`10m` or ms; default 0). */
export interface KeyRotateDto {
  graceMs?: number | string;
}

/** GET /keys → KeysDto; GET /keys/:id → GatewayKeyDto */
export interface KeysDto {
  keys: GatewayKeyDto[];
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
  status?: 'active' | 'expired' | 'revoked';
  updatedAt?: number;
  rotatedAt?: number;
  /** Until when the plaintext replaced by the last rotation still works. */
  previousValidUntil?: number;
}

export interface CreatedKeyDto {
  key: GatewayKeyDto;
  /** Shown once; never returned again. */
  plaintext: string;
}

/** One upstream attempt within a request (the log's own record type). */
export type AttemptDto = AttemptRecord;

/**
 * One request log row, exactly as stored (see gateway/src/store/log-types.ts).
 * GET /logs?since&until&route&provider&model&status&keyId&text&limit&cursor → LogPageDto; GET /logs/:id
 */
export type LogRowDto = LogRecord;

export interface LogPageDto {
  rows: LogRowDto[];
  nextCursor: string | null;
}

/**
 * One audit log entry: a change to the gateway's setup (config, gateway keys, credentials,
 * cache purge, breaker reset, pause), who made it and when. Never holds a secret value.
 * GET /audit?before&limit&action (`key.created`, or a family: `key`) → AuditPageDto, newest first.
 */
export type AuditEntryDto = AuditEntry;

export interface AuditPageDto {
  entries: AuditEntryDto[];
  /** `before` for the next, older page; null on the last. */
  nextCursor: number | null;
}

/**
 * GET /stats/timeseries?since&until&bucket=minute|hour|day[&route&provider&model&keyId] → TimeseriesDto.
 * Defaults: until = the end of the current bucket; since = 1 h (minute), 24 h (hour) or 30 days (day)
 * before (60, 24 or 30 points); at most 1,500
 * buckets. Buckets are aligned to UTC and every bucket in the range is present (zeros when idle).
 * Latency percentiles are over the bucket's successful requests (status < 400), nearest-rank.
 */
export interface TimeseriesDto {
  bucket: 'minute' | 'hour' | 'day';
  bucketMs: number;
  since: number;
  until: number;
  points: TimeseriesPointDto[];
}

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

/**
 * GET /stats/spend?since&until&by=provider|model|route|key|team|app → SpendDto (from the daily rollup;
 * days are UTC and whole: since/until pick the days they fall in; default the last 30 days, by
 * provider). A request without that dimension (no key, no route) is grouped as "(none)".
 * `by=app` groups by the app the gateway names from each call's User-Agent (admin/client-app.ts),
 * summed from the request log, since the rollup does not keep it; calls without one are "Unknown".
 * It needs the log database (501 without it).
 */
export interface SpendDto {
  by: 'provider' | 'model' | 'route' | 'key' | 'team' | 'app' | 'metadata';
  /** With by=metadata: the field grouped by (absent: no groups, only `fields`). */
  field?: string;
  /** With by=metadata: the metadata fields the range's calls carried, to choose from. */
  fields?: string[];
  fromDay: string;
  toDay: string;
  points: SpendPointDto[];
  /** Totals per group over the whole range, largest first (top spenders). */
  totals: Array<{ group: string; costUsd: number; requests: number }>;
}

export interface SpendPointDto {
  /** YYYY-MM-DD (UTC). */
  day: string;
  group: string;
  costUsd: number;
  /**
   * Calls that were charged: those that succeeded, and streams cut short (charged for what they
   * sent); other failures and cache hits cost nothing.
   */
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
  providers: Array<{
    name: string;
    requests: number;
    errors: number;
    errorRate: number;
    p50Ms: number | null;
    breaker: 'closed' | 'open' | 'half-open';
    /** The provider's own rate-limit window nearest its end (10% or less left), as its last answer for a model stated it. */
    quotaLow?: QuotaLowDto;
  }>;
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

/** GET /breakers → BreakersDto; POST /breakers/reset {target?} closes one (or every) breaker → BreakersDto */
export interface BreakersDto {
  breakers: BreakerDto[];
}

export interface BreakerDto {
  target: string;
  state: 'closed' | 'open' | 'half-open';
  failures: number;
  openedAt: number | null;
  nextProbeAt: number | null;
}

/** GET /budgets → BudgetsDto */
export interface BudgetsDto {
  budgets: BudgetStatusDto[];
}

export interface BudgetStatusDto {
  scope: string;
  period: 'hour' | 'day' | 'week' | 'month';
  limitUsd: number;
  spentUsd: number;
  resetsAt: number;
  alertAt: number;
  /** How messages name it: "the whole gateway", "key 'ci-bot'", "team 'ml'". */
  subject?: string;
}

/** POST /try {model, prompt, system?} → runs one chat through the full pipeline (as the master key). */
export interface TryRequestDto {
  model: string;
  prompt: string;
  system?: string;
  maxTokens?: number;
  /** Sent as x-switchboard-metadata, to exercise conditional routes (`metadata.tier`). */
  metadata?: Record<string, string>;
}

/** POST /logs/:id/replay → ReplayResultDto: the logged call sent again, to `model` (default: the model its body asked for). */
export interface ReplayRequestDto {
  model?: string;
}

/** The replay, beside what the logged call got then. */
export interface ReplayResultDto extends TryResultDto {
  original: {
    /** What the logged answer said (its text and tool calls); null when its body was not kept whole enough to read. */
    text: string | null;
    model: string | null;
    latencyMs: number;
    costUsd: number;
  };
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

/**
 * Live events: GET /events (SSE). Each frame has `id:` (increasing), `event:` (the `type` below) and
 * `data:` (the JSON of one of these); the stream opens with `retry: 2000` and sends a `: keep-alive`
 * comment every 15 s. Auth: the Bearer header, or `?token=<admin token>` (this endpoint only, because
 * EventSource cannot send headers). Resume: `Last-Event-ID` (sent by EventSource on reconnect) or
 * `?lastEventId=` replays the buffered events after that id before live ones.
 */
export type GatewayEvent =
  | { type: 'request.started'; id: string; alias: string; ts: number }
  | { type: 'request.finished'; row: LogRowDto }
  | { type: 'breaker.changed'; breaker: BreakerDto }
  | { type: 'budget.alert'; budget: BudgetStatusDto; threshold: number }
  | { type: 'config.applied'; version: number }
  | { type: 'config.rejected'; message: string; issues: ConfigIssueDto[] };
