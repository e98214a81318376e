import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { cutByShutdown, GatewayError } from '../errors/gateway-error';
import { sendError, toGatewayError } from '../errors/render';
import { handleChat } from '../pipeline/chat';
import type { PipelineDeps, RequestContext } from '../pipeline/context';
import { requestIdHeaders } from '../pipeline/headers';
import { handleCountTokens } from '../pipeline/count-tokens';
import { handleGeminiCountTokens } from '../pipeline/gemini-count-tokens';
import { FIM_COMPLETIONS, handleCompletions } from '../pipeline/completions';
import { handleEmbeddings, type EmbeddingsDialect } from '../pipeline/embeddings';
import { parseGeminiEmbedding, renderGeminiEmbedding } from '../formats/gemini';
import { findModel, listModels, renderModel, renderModelList } from '../pipeline/models';
import { recordOutcome } from '../pipeline/record';
import { serveStoredResponse } from '../pipeline/stored-response';
import type { ClientShape } from '../providers/types';
import { mayUse } from '../keys/route-access';
import { invalidKey, missingKey, presentedToken } from './auth';
import type { Authenticator, KeyIdentity } from './auth';
import { readJsonBody } from './body';
import type { ForeignRequests } from './foreign-requests';
import { pausedError, refuseCall, shuttingDownError } from './refusal';
import { checkIngress, checkJsonContentType, corsHeaders, isLocalCaller, listenHostName, preflightHeaders } from './ingress';
import { callerShape, isLoggedRoute, logEndpoint, matchInferenceRoute, storedCallAlias } from './inference-routes';
import type { InferenceRoute } from './inference-routes';
import { CutList } from '../upstream/cut-list';
import { InFlightCall } from './in-flight-call';
import { newRequestId } from './request-id';
import { startDrain } from './drain';
import type { Drain, InFlight } from './drain';
import { Tally } from './tally';

export interface GatewayServerOptions {
  deps: PipelineDeps;
  auth: Authenticator;
  /** Everything that is not inference or health: the admin API and the UI (Express). */
  fallback: RequestListener;
  /** Whether config and store are up, for `/health/ready`. */
  readiness(): { ready: boolean; detail: Record<string, unknown> };
  /** Browser origins allowed besides the config's (the desktop renderer's). */
  allowedOrigins?: readonly string[];
  /**
   * The address the server will listen on, after `--host` / SWITCHBOARD_HOST: requests naming
   * it in their Host header are ours. Fixed at start, like the listening socket.
   */
  listenHost: string;
  /**
   * How long a client may take to send a whole request, headers and body (default 5 minutes,
   * Node's own). A client that stalls mid-upload gets 408 and loses its connection, instead of
   * holding it and its handler forever. Answers are not bound by it: a stream runs as long as
   * it runs once the request has arrived.
   */
  requestTimeoutMs?: number;
  /** Counts requests refused for a foreign Host or Origin (they get no log row; see ForeignRequests). */
  foreign?: ForeignRequests;
}

/** Node's default request timeout. */
const REQUEST_TIMEOUT_MS = 300_000;

export interface GatewayServer {
  server: Server;
  /** While paused, inference answers 503 `paused`; health, the admin API and the UI keep working. */
  setPaused(paused: boolean): void;
  readonly paused: boolean;
  /** Inference calls being answered now, streams included. */
  readonly inFlight: number;
  /**
   * Stops accepting, lets in-flight requests (streams included) finish up to `graceMs`, then cuts
   * the rest. Called again while draining, a shorter `graceMs` (0: now) ends the wait sooner.
   */
  shutdown(graceMs: number): Promise<void>;
}

export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  const inFlight: InFlight = { responses: new Tally(), handlers: new Tally(), calls: new CutList(), cutting: false };
  const { responses, handlers } = inFlight;
  let drain: Drain | undefined;
  let paused = false;
  const listenName = listenHostName(options.listenHost);

  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // Node looks for overdue requests every 30 s by default, too coarse for a short timeout.
  const connectionsCheckingInterval = Math.min(30_000, Math.max(10, Math.floor(requestTimeout / 4)));
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout, connectionsCheckingInterval }, (req, res) => {
    const route = matchInferenceRoute(req.url ?? '/');
    const shape = route === undefined ? 'openai' : callerShape(route, req.headers);
    const refused = checkIngress(req, options.deps.config().server, listenName, options.allowedOrigins);
    if (refused) {
      options.foreign?.note(req, refused);
      return sendError(res, shape, refused);
    }
    if (req.method === 'OPTIONS' && req.headers.origin !== undefined) {
      res.writeHead(204, preflightHeaders(req));
      return res.end();
    }
    // Only browsers send Origin; SDKs and tools never need the CORS headers.
    if (req.headers.origin !== undefined) for (const [name, value] of Object.entries(corsHeaders(req))) res.setHeader(name, value);
    if (req.url === '/health' || req.url === '/health/ready') return health(req, res, options);
    if (!route) return options.fallback(req, res);
    if (drain !== undefined || paused) {
      if (drain !== undefined) res.setHeader('connection', 'close');
      // Counted as running, so a drain waits for the row of a call it refused.
      handlers.enter();
      void refuseCall(req, res, route, shape, drain !== undefined ? shuttingDownError() : pausedError(), options.deps, options.auth).then(
        () => handlers.leave(),
        (error: unknown) => {
          console.error('[switchboard] refusing a call failed', error);
          handlers.leave();
        },
      );
      return;
    }
    responses.enter();
    handlers.enter();
    void serveInference(req, res, route, shape, options, inFlight);
  });

  return {
    server,
    setPaused(value) {
      paused = value;
    },
    get paused() {
      return paused;
    },
    get inFlight() {
      return handlers.size;
    },
    shutdown(graceMs) {
      if (drain) drain.shorten(graceMs);
      else drain = startDrain(server, inFlight, options.deps.streams, graceMs);
      return drain.done;
    },
  };
}

/**
 * `shape` is callerShape() of the route, for the answers given here. `inFlight.responses` counts
 * this response as open until it closes, `inFlight.handlers` this call as running until it
 * returns (both entered by the caller).
 */
async function serveInference(
  req: IncomingMessage,
  res: ServerResponse,
  route: InferenceRoute,
  shape: ClientShape,
  options: GatewayServerOptions,
  inFlight: InFlight,
): Promise<void> {
  const { deps } = options;
  const gone = new InFlightCall(res);
  inFlight.calls.add(gone);
  const ctx: RequestContext = {
    id: newRequestId(),
    receivedAt: Date.now(),
    started: performance.now(),
    shape: route.shape,
    endpoint: logEndpoint(route),
    key: null,
    req,
    res,
    clientGone: gone,
    close: { closed: false, callback: undefined },
  };
  const { close } = ctx;
  // One listener for everything: every response pays for each listener it carries.
  res.on('close', () => {
    close.closed = true;
    inFlight.calls.remove(gone);
    inFlight.responses.leave();
    if (!res.writableFinished) gone.abort(inFlight.cutting ? cutByShutdown() : new GatewayError('invalid_request', 'The client closed the connection', { status: 499, code: 'client_closed' }));
    close.callback?.();
  });
  try {
    if (route.endpoint === 'stored_response') {
      ctx.key = authenticate(req, options);
      return await serveStoredResponse(deps, ctx, req);
    }
    if (req.method !== route.method) {
      res.setHeader('allow', route.method);
      throw new GatewayError('invalid_request', `Method ${req.method ?? ''} is not allowed here; use ${route.method}`, { status: 405, code: 'method_not_allowed' });
    }
    ctx.key = authenticate(req, options, route.queryKey);
    if (route.shape === 'gemini') ctx.urlCall = geminiCall(route);
    if (route.endpoint === 'models') return serveModels(res, deps, shape, route.modelId, ctx.key);
    const typeError = checkJsonContentType(req);
    if (typeError) throw typeError;
    const body = await readJsonBody(req, deps.config().server.maxBodyBytes);
    if (route.endpoint === 'completions') await handleCompletions(deps, ctx, body.value);
    else if (route.endpoint === 'fim') await handleCompletions(deps, ctx, body.value, FIM_COMPLETIONS);
    else if (route.endpoint === 'embeddings') await handleEmbeddings(deps, ctx, body.value, route.shape === 'gemini' ? geminiEmbeddings(ctx.urlCall?.model ?? '', route.batch === true) : undefined);
    else if (route.endpoint === 'count_tokens') await (route.shape === 'gemini' ? handleGeminiCountTokens(deps, ctx, body.value) : handleCountTokens(deps, ctx, body.value));
    else await handleChat(deps, ctx, body.value, body.text);
  } catch (caught) {
    // Failures before the pipeline started: auth, method, content type, body; an unknown model id.
    const error = toGatewayError(caught);
    // A body we refused unread must not be parsed as the next request on this connection.
    if (!req.complete) res.setHeader('connection', 'close');
    sendError(res, shape, error, requestIdHeaders(ctx.id, shape));
    if (isLoggedRoute(route)) {
      recordOutcome(deps, ctx, { alias: route.endpoint === 'stored_response' ? storedCallAlias(req) : (route.modelId ?? ''), attempts: [], status: error.status, stream: route.stream === true, error });
    }
    if (error.kind === 'internal') console.error(`[switchboard] ${ctx.id} internal error`, caught);
  } finally {
    inFlight.handlers.leave();
  }
}

/** Gemini's `:embedContent` and `:batchEmbedContents`, through the one embeddings pipeline. */
function geminiEmbeddings(model: string, batch: boolean): EmbeddingsDialect {
  return {
    read: (body) => {
      const { input, dimensions, tasks } = parseGeminiEmbedding(body, batch);
      return { body: dimensions === undefined ? { model, input } : { model, input, dimensions }, tasks };
    },
    render: (embeddings) => JSON.stringify(renderGeminiEmbedding(embeddings, batch)),
  };
}

function authenticate(req: IncomingMessage, options: GatewayServerOptions, queryKey?: string): KeyIdentity | null {
  const token = presentedToken(req) ?? queryKey;
  if (token === undefined) {
    if (options.deps.config().server.auth === 'open-on-loopback' && isLocalCaller(req)) return null;
    throw missingKey();
  }
  const identity = options.auth.authenticate(token);
  if (!identity) throw invalidKey();
  return identity;
}

/**
 * The model and stream flag of a Gemini call, from its URL, and a stream's framing: SSE frames
 * with `alt=sse` (what Google's SDKs ask for), else one JSON array written piece by piece, as
 * Gemini answers without it (`alt=json`, or no `alt`).
 */
function geminiCall(route: InferenceRoute): NonNullable<RequestContext['urlCall']> {
  const call = { model: route.modelId ?? '', stream: route.stream === true };
  if (!call.stream || route.alt === 'sse') return call;
  if (route.alt === undefined || route.alt === 'json') return { ...call, framing: 'json-array' };
  throw new GatewayError('invalid_request', `streamGenerateContent is served as SSE (alt=sse) or as a JSON array (alt=json, or no alt), not alt=${route.alt}`, {
    code: 'unsupported_stream_format',
    param: 'alt',
  });
}

/**
 * `GET /v1/models`, or `GET /v1/models/{id}` when `id` is given, in the caller's shape: only
 * what the caller's key may call (a model it may not use is as unknown as one not served).
 */
function serveModels(res: ServerResponse, deps: PipelineDeps, shape: ClientShape, id: string | undefined, key: KeyIdentity | null): void {
  let body: unknown;
  if (id === undefined) {
    const models = listModels(deps.config()).filter((model) => mayUse(key, null, model.id));
    body = renderModelList(shape, models);
  } else {
    const model = findModel(deps.config(), id);
    if (!model || !mayUse(key, model.route ?? model.id, model.id)) {
      throw new GatewayError('not_found', `The model "${id}" is not served here; GET /v1/models lists the aliases and provider/model ids this gateway serves`, {
        code: 'model_not_found',
        param: 'model',
        retryable: false,
      });
    }
    body = renderModel(shape, model);
  }
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function health(req: IncomingMessage, res: ServerResponse, options: GatewayServerOptions): void {
  const ready = req.url === '/health/ready' ? options.readiness() : { ready: true, detail: {} };
  const text = JSON.stringify({ status: ready.ready ? (req.url === '/health' ? 'ok' : 'ready') : 'not_ready', ...ready.detail });
  res.writeHead(ready.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}
