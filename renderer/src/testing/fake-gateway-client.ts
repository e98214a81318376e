/**
 * An in-memory gateway for store and component tests: it keeps routes, providers, secrets, keys
 * and logs like the real admin API would, so tests assert what the user would see. `failNext`
 * makes one call answer with the gateway error a test needs.
 */
import { GatewayApiError } from '../api/api-error';
import type { AuditEntryDto, AuditPageDto, BreakerDto, BudgetStatusDto, CacheStatsDto, ConfigDto, CreatedKeyDto, CredentialsDto, GatewayEvent, GatewayKeyDto, LocalServerDto, LogPageDto, LogRowDto, OverviewDto, ProviderDto, ProviderPresetDto, ProviderTestDto, ReplayResultDto, RouteDto, RoutesDto, SecretInfoDto, SpendDto, SpendPointDto, StatusDto, TimeseriesDto, TimeseriesPointDto, TryRequestDto, TryResultDto } from '../api/contract';
import type { EventStreamHandlers } from '../api/event-stream';
import { GatewayClient, type GatewayHealth, type KeyPatch, type LogQuery, type NewKeyInput } from '../gateway-client';

type Failable = 'putRoute' | 'putProvider' | 'setCredential' | 'createKey' | 'queryLogs' | 'putConfig' | 'tryRoute' | 'overview' | 'listKeys' | 'purgeCache';

export class FakeGatewayClient extends GatewayClient {
  routes: Record<string, RouteDto> = {};
  providers: ProviderDto[] = [];
  presets: ProviderPresetDto[] = [];
  /** Model servers "running" on the gateway's machine; which provider points at each is worked out as the gateway does. */
  localServerList: LocalServerDto[] = [];
  secrets = new Map<string, string>();
  keys: GatewayKeyDto[] = [];
  logs: LogRowDto[] = [];
  overviewData: OverviewDto | null = null;
  breakerList: BreakerDto[] = [];
  budgetList: BudgetStatusDto[] = [];
  spendPoints: SpendPointDto[] = [];
  /** Points for one grouping, as the gateway would group them; others get `spendPoints`. */
  spendPointsBy: Partial<Record<SpendDto['by'], SpendPointDto[]>> = {};
  /** Points by metadata field (by=metadata): its keys are the fields the calls carried. */
  spendByField: Record<string, SpendPointDto[]> = {};
  series: TimeseriesPointDto[] = [];
  cache: CacheStatsDto = { overall: { hits: 0, misses: 0, hitRate: null, savedUsd: 0, entries: 0, bytes: 0 }, byRoute: [] };
  configText = 'server:\n  port: 4000\n';
  /** Newest first, as the gateway keeps them. */
  audit: AuditEntryDto[] = [];
  configVersion = 1;
  tryResult: TryResultDto | null = null;
  /** Every try request, in order. */
  tries: TryRequestDto[] = [];
  /** What a replayed call's logged answer said, as the gateway reads it. */
  replayedText: string | null = null;
  /** Every replay asked for, in order; each answers `tryResult`, beside the logged row. */
  replays: Array<{ id: string; model: string | undefined }> = [];
  testResult: ProviderTestDto = { ok: true, latencyMs: 120 };
  /** The last log query, to check what filters reached the gateway. */
  lastLogQuery: LogQuery | null = null;
  private handlers: EventStreamHandlers | null = null;
  private failures = new Map<Failable, Error>();
  private keySeq = 0;

  constructor() {
    super('http://127.0.0.1:4000', 'sbadm-test');
  }

  failNext(method: Failable, error: Error): void {
    this.failures.set(method, error);
  }

  private check(method: Failable): void {
    const error = this.failures.get(method);
    if (error) {
      this.failures.delete(method);
      throw error;
    }
  }

  /** Pushes a live event as the SSE stream would. */
  emit(event: GatewayEvent): void {
    this.handlers?.onEvent(event);
  }

  override subscribeEvents(handlers: EventStreamHandlers): () => void {
    this.handlers = handlers;
    handlers.onStatus?.('open');
    return () => {
      this.handlers = null;
    };
  }

  override async health(): Promise<GatewayHealth> {
    return { status: 'running', checkedAt: 1 };
  }
  foreignRequests: StatusDto['foreignRequests'] = undefined;

  override async auditLog(query: { before?: number; limit?: number; action?: string } = {}): Promise<AuditPageDto> {
    const limit = query.limit ?? 50;
    const family = (action: string) => (query.action?.includes('.') ? action === query.action : action.startsWith(`${query.action}.`));
    const matching = this.audit.filter((entry) => (query.before === undefined || entry.seq < query.before) && (query.action === undefined || family(entry.action)));
    const entries = matching.slice(0, limit);
    return { entries, nextCursor: matching.length > limit ? entries[entries.length - 1]!.seq : null };
  }

  override async status(): Promise<StatusDto> {
    const status: StatusDto = { version: '0.1.0', url: this.baseUrl, dataDir: '/data', configPath: '/data/config.yaml', configVersion: this.configVersion, startedAt: 0, secretsBackend: 'memory', auth: 'required', logBodies: false };
    if (this.foreignRequests) status.foreignRequests = this.foreignRequests;
    return status;
  }
  override async getConfig(): Promise<ConfigDto> {
    return { version: this.configVersion, path: '/data/config.yaml', text: this.configText, config: {} };
  }
  override async putConfig(text: string, baseVersion?: number): Promise<ConfigDto> {
    this.check('putConfig');
    this.checkVersion(baseVersion);
    this.configText = text;
    this.configVersion += 1;
    return this.getConfig();
  }
  /** Like the gateway: a write based on an older version is refused with 409. */
  private checkVersion(baseVersion: number | undefined): void {
    if (baseVersion !== undefined && baseVersion !== this.configVersion) {
      throw new GatewayApiError(409, `The config changed since version ${baseVersion} (now ${this.configVersion}); reload it and apply the edit again`, { code: 'config_conflict' });
    }
  }
  override async listRoutes(): Promise<RoutesDto> {
    return { routes: structuredClone(this.routes), version: this.configVersion };
  }
  override async putRoute(name: string, route: RouteDto, baseVersion?: number): Promise<RoutesDto> {
    this.check('putRoute');
    this.checkVersion(baseVersion);
    this.routes[name] = structuredClone(route);
    this.configVersion += 1;
    return this.listRoutes();
  }
  override async deleteRoute(name: string, baseVersion?: number): Promise<RoutesDto> {
    this.checkVersion(baseVersion);
    delete this.routes[name];
    this.configVersion += 1;
    return this.listRoutes();
  }
  override async listProviders(): Promise<ProviderDto[]> {
    return this.providers.map((provider) => ({ ...provider, credential: this.credentialOf(provider.config) }));
  }
  override async putProvider(name: string, config: ProviderDto['config']): Promise<ProviderDto[]> {
    this.check('putProvider');
    // As the gateway resolves it: the config's own, else its preset's.
    const baseUrl = config.baseUrl ?? this.presets.find((preset) => preset.id === config.preset)?.baseUrl ?? 'https://api.example.com/v1';
    this.providers = [...this.providers.filter((p) => p.name !== name), { name, config, baseUrl: String(baseUrl), credential: null }];
    return this.listProviders();
  }
  override async deleteProvider(name: string): Promise<ProviderDto[]> {
    this.providers = this.providers.filter((p) => p.name !== name);
    return this.listProviders();
  }
  override async testProvider(): Promise<ProviderTestDto> {
    return this.testResult;
  }
  override async listPresets(): Promise<ProviderPresetDto[]> {
    return this.presets;
  }
  override async localServers(): Promise<LocalServerDto[]> {
    return this.localServerList.map((server) => ({ ...server, provider: this.providers.find((p) => p.baseUrl === server.baseUrl)?.name ?? null }));
  }
  override async credentials(): Promise<CredentialsDto> {
    return { backend: 'memory', writable: true, secrets: [...this.secrets].map(([name, value]) => ({ name, backend: 'memory', lastFour: value.slice(-4) })) };
  }
  override async setCredential(name: string, value: string): Promise<SecretInfoDto> {
    this.check('setCredential');
    this.secrets.set(name, value);
    return { name, backend: 'memory', lastFour: value.slice(-4) };
  }
  override async deleteCredential(name: string): Promise<boolean> {
    return this.secrets.delete(name);
  }
  override async listKeys(): Promise<GatewayKeyDto[]> {
    this.check('listKeys');
    return structuredClone(this.keys);
  }
  override async createKey(input: NewKeyInput): Promise<CreatedKeyDto> {
    this.check('createKey');
    this.keySeq += 1;
    const plaintext = `sk-sb-secret${this.keySeq}xyz`;
    const { expiresAt, ...rest } = input;
    const key: GatewayKeyDto = { id: `key_${this.keySeq}`, prefix: `sk-sb-sec…`, createdAt: 1_000, ...rest, ...(typeof expiresAt === 'number' ? { expiresAt } : {}) };
    this.keys.push(key);
    return { key, plaintext };
  }
  /** PATCH semantics of the contract: left out stays, null clears, objects are replaced whole. */
  override async updateKey(id: string, patch: KeyPatch): Promise<GatewayKeyDto> {
    const key = this.keys.find((k) => k.id === id);
    if (!key) throw new GatewayApiError(404, 'No gateway key with that id');
    const next: Record<string, unknown> = { ...key };
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) delete next[field];
      else if (value !== undefined) next[field] = value;
    }
    this.keys = this.keys.map((k) => (k.id === id ? (next as unknown as GatewayKeyDto) : k));
    return next as unknown as GatewayKeyDto;
  }
  override async revokeKey(id: string): Promise<GatewayKeyDto> {
    this.keys = this.keys.map((key) => (key.id === id ? { ...key, revokedAt: 2_000, status: 'revoked' } : key));
    return this.keys.find((key) => key.id === id) as GatewayKeyDto;
  }
  override async rotateKey(id: string): Promise<CreatedKeyDto> {
    const key = this.keys.find((k) => k.id === id);
    if (!key) throw new GatewayApiError(404, 'No such key');
    return { key, plaintext: `sk-sb-rotated-${id}` };
  }
  /** Pages of `limit` rows, newest first; the cursor is the offset. */
  override async queryLogs(query: LogQuery = {}): Promise<LogPageDto> {
    this.check('queryLogs');
    this.lastLogQuery = query;
    const matching = [...this.logs]
      .sort((a, b) => b.ts - a.ts)
      .filter(
        (row) =>
          (query.since === undefined || row.ts >= query.since) &&
          (!query.provider || row.provider === query.provider) &&
          (!query.keyId || row.keyId === query.keyId) &&
          (query.status !== 'error' || row.status >= 400),
      );
    const offset = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 50;
    const rows = matching.slice(offset, offset + limit);
    return { rows, nextCursor: offset + limit < matching.length ? String(offset + limit) : null };
  }
  override async getLog(id: string): Promise<LogRowDto> {
    const row = this.logs.find((r) => r.id === id);
    if (!row) throw new GatewayApiError(404, 'No request with that id');
    return row;
  }
  override async timeseries(query: { bucket: 'minute' | 'hour' | 'day' }): Promise<TimeseriesDto> {
    return { bucket: query.bucket, bucketMs: 3_600_000, since: 0, until: 1, points: this.series };
  }
  override async spend(query: { by: SpendDto['by']; field?: string }): Promise<SpendDto> {
    if (query.by === 'metadata') {
      const points = query.field === undefined ? [] : (this.spendByField[query.field] ?? []);
      return { by: query.by, ...(query.field === undefined ? {} : { field: query.field }), fields: Object.keys(this.spendByField).sort(), fromDay: '', toDay: '', points, totals: [] };
    }
    return { by: query.by, fromDay: '', toDay: '', points: this.spendPointsBy[query.by] ?? this.spendPoints, totals: [] };
  }
  override async overview(): Promise<OverviewDto> {
    this.check('overview');
    if (!this.overviewData) throw new GatewayApiError(503, 'Stats are not available yet');
    return this.overviewData;
  }
  override async cacheStats(): Promise<CacheStatsDto> {
    return this.cache;
  }
  override async purgeCache(route?: string): Promise<{ purged: number }> {
    this.check('purgeCache');
    const rows = route ? this.cache.byRoute.filter((r) => r.route === route) : this.cache.byRoute;
    const purged = rows.reduce((sum, r) => sum + r.entries, 0);
    this.cache = {
      overall: { ...this.cache.overall, entries: this.cache.overall.entries - purged },
      byRoute: this.cache.byRoute.map((r) => (rows.includes(r) ? { ...r, entries: 0, bytes: 0 } : r)),
    };
    return { purged };
  }
  override async breakers(): Promise<BreakerDto[]> {
    return this.breakerList;
  }
  override async budgets(): Promise<BudgetStatusDto[]> {
    return this.budgetList;
  }
  override async tryRoute(request: TryRequestDto): Promise<TryResultDto> {
    this.check('tryRoute');
    this.tries.push(request);
    if (!this.tryResult) throw new GatewayApiError(404, `Unknown model ${request.model}`);
    return this.tryResult;
  }

  override async replayLog(id: string, model?: string): Promise<ReplayResultDto> {
    this.replays.push({ id, model });
    if (!this.tryResult) throw new GatewayApiError(409, "This call's request body was not logged");
    const row = this.logs.find((r) => r.id === id);
    return { ...this.tryResult, original: { text: this.replayedText, model: row?.model ?? null, latencyMs: row?.latencyMs ?? 0, costUsd: row?.costUsd ?? 0 } };
  }

  private credentialOf(config: ProviderDto['config']): ProviderDto['credential'] {
    if (typeof config.credential !== 'string') return null;
    const value = this.secrets.get(config.credential);
    return { source: `memory:${config.credential}`, present: value !== undefined, ...(value ? { lastFour: value.slice(-4) } : {}) };
  }
}

/** A log row with sensible defaults. */
export function logRow(over: Partial<LogRowDto> & { id: string; ts: number }): LogRowDto {
  return {
    keyId: 'key_1',
    endpoint: 'chat',
    alias: 'workhorse',
    route: 'workhorse',
    provider: 'openai',
    model: 'gpt-4o-mini',
    status: 200,
    stream: false,
    latencyMs: 420,
    ttftMs: null,
    inputTokens: 12,
    outputTokens: 30,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0.0004,
    cache: null,
    savedUsd: 0,
    errorCode: null,
    errorMessage: null,
    attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 200, latencyMs: 410, outcome: 'ok' }],
    user: null,
    metadata: null,
    requestBody: null,
    responseBody: null,
    ...over,
  };
}
