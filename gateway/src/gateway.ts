import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { connectAdminEvents } from './admin/admin-events';
import { createAdminApp } from './admin/admin-app';
import { AuditLog } from './audit/audit-log';
import { connectConfigAudit } from './audit/config-audit';
import { ConfigManager } from './config/config-manager';
import type { Config } from './config/schema';
import { EventBus } from './events/event-bus';
import { CacheService } from './cache/cache-service';
import { createEmbedder } from './pipeline/embed';
import type { PipelineDeps } from './pipeline/context';
import { clipLogged } from './pipeline/record';
import { PriceTable, priceForTarget } from './pricing/price-table';
import { ServedPrices } from './pricing/served-prices';
import { readAnswer } from './providers/answer-formats';
import type { LocalCandidate } from './providers/local-servers';
import { ProviderRegistry } from './providers/registry';
import { Router } from './routing/plan';
import { MASTER_IDENTITY, MASTER_KEY_ID, MasterKeyAuthenticator } from './server/auth';
import { createGatewayServer } from './server/http-server';
import { ForeignRequests } from './server/foreign-requests';
import { listenError } from './server/listen-error';
import { loadOrCreateLocalSecret } from './server/local-secrets';
import { ReleaseStack } from './release-stack';
import type { SecretStore } from './secrets/secret-store';
import { SqliteLogStore } from './store/sqlite-log-store';
import { startCheckpointer } from './store/checkpointer';
import { CutList } from './upstream/cut-list';
import { openDatabase } from './store/database';
import { ResponseOwners } from './store/response-owners';
import { ServedModels } from './store/served-models';
import { CompositeAuthenticator } from './keys/composite-authenticator';
import { KeyStore } from './keys/key-store';
import { BudgetTracker } from './limits/budgets';
import { MemoryCounterStore } from './limits/memory-counter-store';
import { RateLimiter } from './limits/rate-limiter';
import { RequestMetrics } from './metrics/request-metrics';
import { UpstreamQuotas } from './upstream/upstream-quotas';
import type { LogRecord } from './store/log-types';
import { BackgroundRuns, type BackgroundRunsOptions } from './pipeline/background-runs';
import { checkBackgroundRun } from './pipeline/stored-response';
import { LogRetention } from './store/log-retention';

const DEFAULT_CACHE_BYTES = 512 * 1024 * 1024;

export interface GatewayOptions {
  configPath: string;
  dataDir: string;
  /** Overrides `server.port` (0 picks a free port). */
  port?: number;
  /** Overrides `server.host`. */
  host?: string;
  secrets: SecretStore;
  env?: NodeJS.ProcessEnv;
  /** Watch the config file and apply edits live (default true). */
  watchConfig?: boolean;
  /** Browser origins allowed besides the config's (the desktop renderer's, e.g. app://switchboard). */
  allowedOrigins?: readonly string[];
  /** The app's version, reported by the admin API. */
  version?: string;
  /** The built UI to serve at `/` (headless mode). */
  uiDir?: string;
  /** How long a client may take to send a whole request (default 5 minutes); see GatewayServerOptions. */
  requestTimeoutMs?: number;
  /** How soon the gateway looks at a background run nobody asked after, and how long it waits at most between looks (default 30 s, doubling up to 5 minutes). */
  backgroundRunChecks?: Pick<BackgroundRunsOptions, 'firstCheckMs' | 'maxCheckMs'>;
  /** Where the Providers page looks for model servers on this machine (default: Ollama, LM Studio and vLLM at their default addresses). */
  localCandidates?: readonly LocalCandidate[];
  log?: (line: string) => void;
}

export interface RunningGateway {
  url: string;
  port: number;
  host: string;
  adminToken: string;
  apiKey: string;
  config: ConfigManager;
  logs: SqliteLogStore;
  keys: KeyStore;
  budgets: BudgetTracker;
  cache: CacheService;
  providers: ProviderRegistry;
  router: Router;
  events: EventBus;
  /** Changes to the gateway's setup: config, keys, credentials, pause (GET /admin/api/audit). */
  audit: AuditLog;
  /** Subscribe to finished requests (live log). Returns an unsubscribe function. */
  onRequest(listener: (record: LogRecord) => void): () => void;
  /** While paused, inference answers 503 `paused`; the admin API and the UI keep working. */
  setPaused(paused: boolean): void;
  readonly paused: boolean;
  /**
   * Graceful stop: refuse new calls, let in-flight ones (streams too) finish within `graceMs`
   * (default `server.shutdownGraceMs`), flush the log. Called again while closing, a shorter
   * `graceMs` (0: now) cuts the wait short; the calls cut are still logged (499).
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Starts the gateway: config, keys, log store, providers, router and the HTTP server. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const log = options.log ?? ((line: string) => console.error(line));
  const resources = new ReleaseStack();
  try {
    return await openGateway(options, log, resources);
  } catch (error) {
    // Whatever was acquired before the failure (the config watcher, the database, the
    // checkpoint worker) must not outlive it: the host may retry, or exit.
    await resources.release().catch((cause: unknown) => log(`[switchboard] releasing after a failed start: ${cause instanceof Error ? cause.message : String(cause)}`));
    throw error;
  }
}

/** startGateway's body: everything it acquires goes on `resources`, which close() releases. */
async function openGateway(options: GatewayOptions, log: (line: string) => void, resources: ReleaseStack): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  try {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    // Node says "EEXIST: file already exists, mkdir" when the path (or a parent) is a file.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' && (error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
    throw new Error(`the data dir ${options.dataDir} is not a folder: a file is in the way (at that path or above it)`, { cause: error });
  }

  const config = resources.own(await ConfigManager.open(options.configPath, { watch: options.watchConfig ?? true }));
  const apiKey = await loadOrCreateLocalSecret(options.dataDir, 'gateway-key', env.SWITCHBOARD_API_KEY, 'sk-sb-');
  const adminToken = await loadOrCreateLocalSecret(options.dataDir, 'admin-token', env.SWITCHBOARD_ADMIN_TOKEN, 'sbadm-');
  const db = resources.own(openDatabase(path.join(options.dataDir, 'switchboard.db')));
  const checkpointer = startCheckpointer(db, {
    onError: (error) => process.stderr.write(`switchboard store: background checkpoints stopped, the gateway checkpoints itself: ${error.message || String(error)}\n`),
  });
  resources.own(checkpointer);
  const logs = resources.own(new SqliteLogStore(db, { gate: checkpointer.gate }));
  const retention = resources.own(new LogRetention(logs, { retentionMs: () => config.current().server.logRetention, gate: checkpointer.gate }));
  retention.sweep();
  const keys = resources.own(new KeyStore(db));
  const cache = resources.own(new CacheService(db, { maxBytes: config.current().cache?.maxBytes ?? DEFAULT_CACHE_BYTES, gate: checkpointer.gate, readNative: readAnswer }));
  const budgets = await BudgetTracker.open(logs, { budgets: () => config.current().budgets });
  const audit = new AuditLog(db);

  const providers = new ProviderRegistry(options.secrets, env);
  providers.apply(config.current());
  const prices = PriceTable.bundled();
  const events = new EventBus();
  // Read from every answer; the router skips a target whose provider said it is spent.
  const quotas = new UpstreamQuotas();
  const router = new Router(() => config.current(), providers, { prices, quotas });
  const unsubscribeConfig = config.subscribe((event) => {
    if (event.type === 'applied') {
      providers.apply(event.config);
      cache.resize(event.config.cache?.maxBytes ?? DEFAULT_CACHE_BYTES);
      log(`[switchboard] config v${event.version} applied`);
      events.publish({ type: 'config.applied', version: event.version });
    } else {
      events.publish({ type: 'config.rejected', message: event.error.summary(), issues: event.error.issues });
    }
  });
  resources.defer(unsubscribeConfig);
  const unsubscribeAudit = resources.defer(connectConfigAudit(config, audit));

  const listeners = new Set<(record: LogRecord) => void>();
  const metrics = new RequestMetrics();
  const servedPrices = new ServedPrices();
  const servedModels = new ServedModels(db);
  // What such targets answered as before this start: their calls reserve budget from the first.
  for (const [target, model] of servedModels.all()) {
    const providerConfig = config.current().providers[target.slice(0, target.indexOf('/'))];
    const price = providerConfig && priceForTarget(prices, providerConfig, model);
    if (price) servedPrices.remember(target, price);
  }
  const deps: PipelineDeps = {
    config: (): Config => config.current(),
    router,
    logs,
    // The router priced each candidate it planned, from this same table.
    priceOf: (candidate, servedModel) => {
      const listed = candidate.price ?? priceForTarget(prices, candidate.provider.config, candidate.model, candidate.target.price);
      if (listed) return listed;
      // A target named for no model: the model its answer names, else (before an answer, as
      // a budget reserves) the one it last answered as.
      const served = servedModel ? priceForTarget(prices, candidate.provider.config, servedModel) : undefined;
      if (served && servedModel) {
        servedPrices.remember(candidate.key, served);
        servedModels.save(candidate.key, servedModel);
      }
      return served ?? servedPrices.last(candidate.key);
    },
    limiter: new RateLimiter(new MemoryCounterStore()),
    streams: new CutList(),
    responseOwners: new ResponseOwners(db),
    // Looks at the provider for runs nobody asks after (checkBackgroundRun), with these deps.
    backgroundRuns: resources.own(new BackgroundRuns({ ...options.backgroundRunChecks, check: (id) => checkBackgroundRun(deps, id) })),
    quotas,
    providerNamed: (name) => providers.get(name),
    keyIdentity: (id) => (id === MASTER_KEY_ID ? MASTER_IDENTITY : keys.identityOf(id)),
    budgets,
    cache,
    onStarted: (id, alias, ts) => events.publishLive({ type: 'request.started', id, alias: clipLogged(alias), ts }),
    onFinished: (record) => {
      events.publish({ type: 'request.finished', row: record });
      for (const listener of listeners) listener(record);
      // Last: the live view and listeners have the row whatever happens here.
      if (config.current().server.metrics) metrics.observe(record);
    },
  };

  const foreign = new ForeignRequests(log);
  resources.defer(() => foreign.close());
  let selfUrl = '';
  // Known once the server is made, after the admin app it serves.
  let inFlight = (): number => 0;
  deps.embed = createEmbedder(deps);

  const admin = createAdminApp({
    adminToken,
    apiKey,
    config,
    logs,
    db,
    providers,
    secrets: options.secrets,
    events,
    env,
    selfUrl: () => selfUrl,
    dataDir: options.dataDir,
    startedAt: Date.now(),
    version: options.version,
    keys,
    budgets,
    breakers: router.breakers,
    cache,
    metrics,
    quotas,
    inFlight: () => inFlight(),
    audit,
    uiDir: options.uiDir,
    foreignRequests: () => foreign.snapshot(),
    localCandidates: options.localCandidates,
  });
  const stopAdminEvents = resources.defer(connectAdminEvents({ events, budgets, breakers: router.breakers }));
  const server = config.current().server;
  // `||`, not `??`: an empty host makes listen() take every interface.
  const host = options.host || server.host;
  const port = options.port ?? server.port;
  const gateway = createGatewayServer({
    deps,
    auth: new CompositeAuthenticator([new MasterKeyAuthenticator(apiKey), keys]),
    fallback: admin,
    allowedOrigins: options.allowedOrigins,
    listenHost: host,
    requestTimeoutMs: options.requestTimeoutMs,
    foreign,
    readiness: () => ({ ready: true, detail: { configVersion: config.version, providers: providers.all().length } }),
  });
  inFlight = () => gateway.inFlight;

  await new Promise<void>((resolve, reject) => {
    const refused = (error: NodeJS.ErrnoException): void => reject(listenError(error, host, port));
    gateway.server.once('error', refused);
    gateway.server.listen(port, host, () => {
      gateway.server.off('error', refused);
      resolve();
    });
  });
  const address = gateway.server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  selfUrl = `http://${urlHost === '0.0.0.0' || urlHost === '[::]' ? '127.0.0.1' : urlHost}:${address.port}`;
  // IPv6 loopback is reported as localhost: a browser's CSP cannot name an IPv6 literal, so the
  // desktop window could not reach http://[::1]:port, and browsers resolve localhost to loopback.
  const url = urlHost === '[::1]' ? `http://localhost:${address.port}` : selfUrl;

  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    host,
    adminToken,
    apiKey,
    config,
    logs,
    keys,
    budgets,
    cache,
    providers,
    router,
    events,
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    audit,
    setPaused: (paused) => {
      if (paused === gateway.paused) return;
      gateway.setPaused(paused);
      audit.record({ actor: { kind: 'app' }, action: paused ? 'gateway.paused' : 'gateway.resumed', summary: paused ? 'Gateway paused: inference answers 503 until resumed' : 'Gateway resumed' });
    },
    get paused() {
      return gateway.paused;
    },
    close(closeOptions) {
      // A second Ctrl-C: the drain already under way (or about to start) ends sooner.
      if (closing && closeOptions?.graceMs !== undefined) void gateway.shutdown(closeOptions.graceMs);
      closing ??= (async () => {
        // No config edits or admin events during the drain (release() calls these again, harmlessly).
        unsubscribeConfig();
        unsubscribeAudit();
        stopAdminEvents();
        // Rows already queued are written before the drain, in case the host gives up waiting.
        // Best effort: a failed write (a full disk) is reported by the store and tried again when
        // it closes, and must not leave the server serving with nothing closed.
        await logs.flush().catch(() => undefined);
        await gateway.shutdown(closeOptions?.graceMs ?? config.current().server.shutdownGraceMs);
        await resources.release();
      })();
      return closing;
    },
  };
}
