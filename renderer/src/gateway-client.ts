/**
 * The renderer's only way to reach the gateway: plain HTTP to its base URL with the admin token as
 * a bearer, one typed method per admin endpoint (gateway/src/admin/api-types.ts), and the live
 * event stream. Pages never call fetch themselves.
 */
import { errorFromFailure, errorFromResponse } from './api/api-error';
import type { AuditPageDto, BreakerDto, BreakersDto, BudgetStatusDto, BudgetsDto, CacheStatsDto, ConfigDiffDto, ConfigDto, ConfigWriteDto, CreatedKeyDto, CredentialsDto, GatewayKeyDto, KeyCreateDto, KeyRotateDto, KeyUpdateDto, KeysDto, LocalServerDto, LocalServersDto, LogPageDto, LogQueryDto, LogRowDto, OverviewDto, ProviderDto, ProviderPresetDto, ProviderPresetsDto, ProviderTestDto, ProvidersDto, ReplayResultDto, RouteDto, RoutesDto, SecretInfoDto, SpendDto, StatusDto, TimeseriesDto, TryRequestDto, TryResultDto } from './api/contract';
import { openEventStream, type EventSourceFactory, type EventStreamHandlers } from './api/event-stream';
import { segment, toQuery } from './api/query';

export type GatewayHealth =
  | { status: 'running'; checkedAt: number }
  | { status: 'unreachable'; reason: string; checkedAt: number };

export interface GatewayClientOptions {
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
  createEventSource?: EventSourceFactory;
}

/** GET /logs filters: the gateway store's own LogQuery. */
export type LogQuery = LogQueryDto;

/** POST /keys body. */
export type NewKeyInput = KeyCreateDto;
/** PATCH /keys/:id body: a field left out stays, `null` clears it, objects are replaced whole. */
export type KeyPatch = KeyUpdateDto;

export type TimeBucket = 'minute' | 'hour' | 'day';
export type SpendGroup = SpendDto['by'];

const DEFAULT_TIMEOUT_MS = 5_000;
const ADMIN_TIMEOUT_MS = 15_000;
/** A try-it call runs a real completion, possibly through several fallbacks. */
const TRY_TIMEOUT_MS = 180_000;
const PROVIDER_TEST_TIMEOUT_MS = 60_000;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class GatewayClient {
  readonly baseUrl: string;
  private readonly token: string | null;
  private readonly options: GatewayClientOptions;

  constructor(baseUrl: string, token: string | null, options: GatewayClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = token;
    this.options = options;
  }

  /** Liveness (`GET /health`). Never throws: an unreachable gateway is a state the UI shows. */
  async health(): Promise<GatewayHealth> {
    const now = this.options.now ?? Date.now;
    try {
      // No token: liveness is public, and an Authorization header would force a CORS preflight.
      const response = await this.send('/health', { method: 'GET', signal: this.timeout(DEFAULT_TIMEOUT_MS) }, { auth: false });
      if (response.ok) return { status: 'running', checkedAt: now() };
      return { status: 'unreachable', reason: `HTTP ${response.status}`, checkedAt: now() };
    } catch (error) {
      return { status: 'unreachable', reason: describeFailure(error), checkedAt: now() };
    }
  }

  status(): Promise<StatusDto> {
    return this.call('GET', '/status');
  }

  // Config. `baseVersion` makes a write fail with 409 `config_conflict` if the config changed since.
  getConfig(): Promise<ConfigDto> {
    return this.call('GET', '/config');
  }
  /** Validates, applies live and writes the file; a 400 carries `issues`. */
  putConfig(text: string, baseVersion?: number): Promise<ConfigDto> {
    const body: ConfigWriteDto = baseVersion === undefined ? { text } : { text, baseVersion };
    return this.call('PUT', '/config', body);
  }
  diffConfig(text: string): Promise<ConfigDiffDto> {
    return this.call('POST', '/config/diff', { text });
  }

  // Routes
  listRoutes(): Promise<RoutesDto> {
    return this.call('GET', '/routes');
  }
  /** Writes one route into the file (applied live); answers with every route and the new version. */
  putRoute(name: string, route: RouteDto, baseVersion?: number): Promise<RoutesDto> {
    return this.call('PUT', `/routes/${segment(name)}`, baseVersion === undefined ? { route } : { route, baseVersion });
  }
  deleteRoute(name: string, baseVersion?: number): Promise<RoutesDto> {
    return this.call('DELETE', `/routes/${segment(name)}${toQuery({ baseVersion })}`);
  }

  // Providers and credentials
  async listProviders(): Promise<ProviderDto[]> {
    return (await this.call<ProvidersDto>('GET', '/providers')).providers;
  }
  async putProvider(name: string, provider: ProviderDto['config']): Promise<ProviderDto[]> {
    return (await this.call<ProvidersDto>('PUT', `/providers/${segment(name)}`, { provider })).providers;
  }
  /** Refused (400 with issues) while a route still uses the provider. */
  async deleteProvider(name: string): Promise<ProviderDto[]> {
    return (await this.call<ProvidersDto>('DELETE', `/providers/${segment(name)}`)).providers;
  }
  /** A real minimal call through the saved provider, or through `unsaved` config when given. */
  testProvider(name: string, unsaved?: Record<string, unknown>): Promise<ProviderTestDto> {
    return this.call('POST', `/providers/${segment(name)}/test`, unsaved ? { provider: unsaved } : {}, PROVIDER_TEST_TIMEOUT_MS);
  }
  async listPresets(): Promise<ProviderPresetDto[]> {
    return (await this.call<ProviderPresetsDto>('GET', '/providers/presets')).presets;
  }
  /** Model servers running on the gateway's machine (Ollama, LM Studio, vLLM) that list their models. */
  async localServers(): Promise<LocalServerDto[]> {
    return (await this.call<LocalServersDto>('GET', '/local-servers')).servers;
  }
  credentials(): Promise<CredentialsDto> {
    return this.call('GET', '/credentials');
  }
  /** Stores a secret; the value never comes back, only its last four characters. */
  setCredential(name: string, value: string): Promise<SecretInfoDto> {
    return this.call('PUT', `/credentials/${segment(name)}`, { value });
  }
  async deleteCredential(name: string): Promise<boolean> {
    return (await this.call<{ deleted: boolean }>('DELETE', `/credentials/${segment(name)}`)).deleted;
  }

  // Gateway keys
  async listKeys(): Promise<GatewayKeyDto[]> {
    return (await this.call<KeysDto>('GET', '/keys')).keys;
  }
  createKey(input: NewKeyInput): Promise<CreatedKeyDto> {
    return this.call('POST', '/keys', input);
  }
  updateKey(id: string, patch: KeyPatch): Promise<GatewayKeyDto> {
    return this.call('PATCH', `/keys/${segment(id)}`, patch);
  }
  revokeKey(id: string): Promise<GatewayKeyDto> {
    return this.call('POST', `/keys/${segment(id)}/revoke`);
  }
  /** A new plaintext; the old one keeps working for `graceMs` (default: not at all). */
  rotateKey(id: string, options: KeyRotateDto = {}): Promise<CreatedKeyDto> {
    return this.call('POST', `/keys/${segment(id)}/rotate`, options);
  }

  // Logs and stats
  queryLogs(query: LogQuery = {}): Promise<LogPageDto> {
    return this.call('GET', `/logs${toQuery({ ...query })}`);
  }
  getLog(id: string): Promise<LogRowDto> {
    return this.call('GET', `/logs/${segment(id)}`);
  }
  timeseries(query: { since?: number; until?: number; bucket: TimeBucket; route?: string; provider?: string; model?: string; keyId?: string }): Promise<TimeseriesDto> {
    return this.call('GET', `/stats/timeseries${toQuery(query)}`);
  }
  spend(query: { since?: number; until?: number; by: SpendGroup; field?: string }): Promise<SpendDto> {
    return this.call('GET', `/stats/spend${toQuery(query)}`);
  }
  overview(): Promise<OverviewDto> {
    return this.call('GET', '/stats/overview');
  }
  /** Changes to the gateway's setup, newest first; `action` is one (`key.created`) or a family (`key`). */
  auditLog(query: { before?: number; limit?: number; action?: string } = {}): Promise<AuditPageDto> {
    return this.call('GET', `/audit${toQuery(query)}`);
  }

  // Cache, breakers, budgets
  cacheStats(): Promise<CacheStatsDto> {
    return this.call('GET', '/cache/stats');
  }
  purgeCache(route?: string): Promise<{ purged: number }> {
    return this.call('POST', '/cache/purge', route === undefined ? {} : { route });
  }
  async breakers(): Promise<BreakerDto[]> {
    return (await this.call<BreakersDto>('GET', '/breakers')).breakers;
  }
  /** Closes one breaker (or all) so its target is tried again at once. */
  async resetBreakers(target?: string): Promise<BreakerDto[]> {
    return (await this.call<BreakersDto>('POST', '/breakers/reset', target === undefined ? {} : { target })).breakers;
  }
  async budgets(): Promise<BudgetStatusDto[]> {
    return (await this.call<BudgetsDto>('GET', '/budgets')).budgets;
  }

  /**
   * Runs one prompt through the full pipeline. A failed run is still a result worth showing
   * (which targets were tried), so an error answer that carries attempts is returned, not thrown.
   */
  async tryRoute(request: TryRequestDto): Promise<TryResultDto> {
    const response = await this.fetchAdmin('POST', '/try', request, TRY_TIMEOUT_MS);
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as TryResultDto;
    const body = safeJson(text);
    if (isTryResult(body)) return body;
    throw errorFromResponse(response.status, text);
  }

  /** Sends a logged call again, to `model` or the model it asked for; a failed call is a result too, as for tryRoute. */
  replayLog(id: string, model?: string): Promise<ReplayResultDto> {
    return this.call<ReplayResultDto>('POST', `/logs/${segment(id)}/replay`, model === undefined ? {} : { model }, TRY_TIMEOUT_MS);
  }

  /**
   * Subscribes to live events. EventSource cannot send headers, so the token goes in the query
   * string, as the contract specifies for this one endpoint.
   */
  subscribeEvents(handlers: EventStreamHandlers, options: { retryMs?: number } = {}): () => void {
    const url = `${this.baseUrl}/admin/api/events${toQuery({ token: this.token })}`;
    return openEventStream(url, handlers, { ...options, ...(this.options.createEventSource ? { createEventSource: this.options.createEventSource } : {}) });
  }

  /** One admin call: JSON in, JSON out, the gateway's error message thrown as GatewayApiError. */
  private async call<T>(method: Method, path: string, body?: unknown, timeoutMs = ADMIN_TIMEOUT_MS): Promise<T> {
    const response = await this.fetchAdmin(method, path, body, timeoutMs);
    const text = await response.text();
    if (!response.ok) throw errorFromResponse(response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async fetchAdmin(method: Method, path: string, body: unknown, timeoutMs: number): Promise<Response> {
    const init: RequestInit = { method, signal: this.timeout(timeoutMs) };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    try {
      return await this.send(`/admin/api${path}`, init);
    } catch (error) {
      throw errorFromFailure(error);
    }
  }

  private timeout(defaultMs: number): AbortSignal {
    return AbortSignal.timeout(this.options.timeoutMs ?? defaultMs);
  }

  /** One request to the gateway: base URL, bearer token (unless `auth: false`) and a timeout. */
  protected async send(path: string, init: RequestInit, { auth = true }: { auth?: boolean } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (auth && this.token) headers.set('authorization', `Bearer ${this.token}`);
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    return doFetch(`${this.baseUrl}${path}`, { ...init, headers });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isTryResult(body: unknown): body is TryResultDto {
  return typeof body === 'object' && body !== null && Array.isArray((body as { attempts?: unknown }).attempts) && typeof (body as { status?: unknown }).status === 'number';
}

function describeFailure(error: unknown): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'timed out';
  }
  // fetch reports refused connections, DNS and CORS failures alike as a TypeError.
  return 'no response';
}
