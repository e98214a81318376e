import { estimateTokens } from '../canonical/estimate-tokens';
import type { ChatResponse } from '../canonical/types';
import type { CacheLookup, CachePlan } from '../cache/cache-service';
import type { NativeAnswer } from '../cache/response-cache';
import { reachesNatively, targetsOf } from '../cache/route-targets';
import { sendError, toGatewayError } from '../errors/render';
import { GatewayError } from '../errors/gateway-error';
import { anthropicClientFormat } from '../formats/anthropic';
import { isObject } from '../formats/json-object';
import { geminiClientFormat } from '../formats/gemini';
import { openaiClientFormat } from '../formats/openai';
import { openaiResponsesClientFormat } from '../formats/openai-responses';
import type { ClientFormat, RenderContext } from '../formats/types';
import type { ClientShape } from '../providers/types';
import { execute, ExecutionError } from '../routing/executor';
import type { ExecutionResult } from '../routing/executor';
import { withRequestControls } from '../routing/request-controls';
import type { RoutePlan } from '../routing/types';
import type { AttemptRecord } from '../store/log-types';
import { withoutSecretsIn } from '../upstream/upstream-error';
import { admit, refusedByRoutes } from './admission';
import { bodyShapeOf, normalisedBody } from './body-shape';
import type { Gate } from './admission';
import { respondFromCache } from './cache-hit';
import { attemptChat } from './chat-attempt';
import type { ChatInput, CommittedResponse } from './chat-attempt';
import { jsonResponse, streamResponse } from './chat-respond';
import type { JsonOutcome, ResponseOptions } from './chat-respond';
import type { PipelineDeps, RequestContext } from './context';
import { guardRequest } from './guard';
import type { Guarded } from './guard';
import { addHeaders, cacheHitHeaders, switchboardHeaders } from './headers';
import { requestMetadata } from './metadata';
import { cutShortUsage } from './cut-short-usage';
import { addOverhead, overheadMs, ProviderWait } from './provider-wait';
import { callCost, recordOutcome } from './record';
import type { Outcome } from './record';

const clientFormats: Record<ClientShape, ClientFormat> = {
  openai: openaiClientFormat,
  anthropic: anthropicClientFormat,
  'openai-responses': openaiResponsesClientFormat,
  gemini: geminiClientFormat,
};

/**
 * `POST /v1/chat/completions`, `POST /v1/messages` and `POST /v1/responses`: one pipeline for every shape.
 * guardrail → parse → route → admit (keys, budgets, limits) → cache → execute → respond → record.
 */
export async function handleChat(deps: PipelineDeps, ctx: RequestContext, rawBody: unknown, rawText?: string): Promise<void> {
  const client = clientFormats[ctx.shape];
  const config = deps.config();
  const logBodies = config.server.logBodies;
  const captureLimit = logBodies ? config.server.maxLoggedBodyBytes : 0;
  let guard: Guarded | undefined;
  let plan: RoutePlan | undefined;
  let attempts: AttemptRecord[] = [];
  let cacheStatus: string | null = null;
  /** Set once admitted: a failure gives its token reservation back. */
  let gate: Gate | undefined;
  const { urlCall } = ctx;
  const base: Omit<Outcome, 'status'> = { alias: urlCall ? urlCall.model : typeof (rawBody as { model?: unknown })?.model === 'string' ? (rawBody as { model: string }).model : '', attempts, stream: urlCall?.stream ?? false };
  // The body may be in another shape than the endpoint answers in (body-shape.ts): it is then read
  // as what it is, and its answer always translated.
  const bodyShape = bodyShapeOf(ctx.shape, rawBody);
  const translateOnly = bodyShape !== ctx.shape;
  try {
    // A normalised body is a copy: `rawText` (below) then no longer says what it is.
    guard = guardRequest(config, normalisedBody(bodyShape, rawBody), bodyShape, urlCall?.model);
    const body = guard.body;
    // Only the scrubbed body is ever logged.
    if (logBodies) base.requestBody = JSON.stringify(body);
    base.piiFindings = guard.findings;
    const reader = clientFormats[bodyShape];
    const { request, untranslatable } = reader.inspectRequest ? reader.inspectRequest(body) : { request: reader.parseRequest(body), untranslatable: undefined };
    // Usage in the stream as the answering shape asks for it (Chat Completions: stream_options).
    if (translateOnly) request.streamUsage = request.stream && isObject(body) && isObject(body.stream_options) && body.stream_options.include_usage === true;
    // Gemini's URL names the model and asks for the stream; every chunk may carry usage.
    if (urlCall) Object.assign(request, { model: urlCall.model, stream: urlCall.stream, streamUsage: urlCall.stream });
    const metadata = requestMetadata(ctx.req.headers, request);
    // Set one by one: Object.assign from a literal takes V8's generic path, on every call.
    base.alias = request.model;
    base.stream = request.stream;
    base.user = request.user;
    base.metadata = metadata;
    deps.onStarted?.(ctx.id, request.model, ctx.receivedAt);
    // Estimated once: routing (context windows, rules) and rate limits both use it.
    const estimatedTokens = estimateTokens(request);
    // Tools only the client's own provider runs (Anthropic's web search) are no canonical tools,
    // so a `hasTools` rule reads the body itself when some content could not be translated.
    const hasTools = untranslatable === undefined ? undefined : isObject(body) && Array.isArray(body.tools) && body.tools.length > 0;
    plan = withRequestControls(deps.router.plan(request.model, { request, metadata, key: ctx.key ?? undefined, estimatedTokens, hasTools }), ctx.req.headers);
    base.plan = plan;
    gate = await admit(deps, ctx, plan, request.model, estimatedTokens, request.maxTokens);
    const render: RenderContext = { model: request.model, created: Math.floor(ctx.receivedAt / 1000), includeUsage: request.streamUsage, request };
    const options: ResponseOptions = { client, shape: ctx.shape, render, restore: guard.restore, wantCanonical: false };
    // The caller gets the real values back; the log keeps the placeholders the provider saw.
    const { restore } = guard;
    const logged = (text: string): string | undefined => (!logBodies ? undefined : restore ? restore.conceal(text) : text);

    const cachePlan: CachePlan = deps.cache
      ? deps.cache.plan({
          request,
          shape: bodyShape,
          raw: body as Record<string, unknown>,
          headers: ctx.req.headers,
          route: plan.route,
          routeCache: plan.route === null ? undefined : config.routes[plan.route]?.cache,
          targets: targetsOf(plan.candidates),
          native: !translateOnly && reachesNatively(plan.candidates, ctx.shape),
          semanticConfig: config.cache?.semantic,
          identity: { keyId: ctx.key?.id ?? null, keyUser: ctx.key?.user, user: request.user },
          untranslatable: untranslatable !== undefined,
        })
      : { enabled: false };
    // Time spent waiting on providers, a semantic lookup's embedding included: the call's overhead is the rest.
    const wait = new ProviderWait();
    const { embed } = deps;
    const embedFor = cachePlan.enabled && cachePlan.semantic && embed ? (text: string, route: string) => wait.time(embed(text, route, ctx)) : undefined;
    const cached: CacheLookup = deps.cache ? await deps.cache.lookup(cachePlan, embedFor) : { status: 'off' };
    if (cached.status !== 'off') cacheStatus = cached.status;

    if (cached.status === 'hit') {
      gate.settle(undefined);
      base.overheadMs = overheadMs(ctx.started, wait);
      const headers = addOverhead(cacheHitHeaders(ctx.id, ctx.shape, plan, gate.headers), base.overheadMs);
      const served = await respondFromCache(ctx, client, cached.response, request.stream, render, headers, guard.restore);
      base.ttftMs = served.ttftMs;
      base.cache = 'hit';
      base.savedUsd = cached.savedUsd;
      base.cachedModel = cached.response.model || undefined;
      base.responseBody = logged(served.text);
      recordOutcome(deps, ctx, withStatus(base, 200));
      return;
    }

    options.wantCanonical = cachePlan.enabled && cachePlan.store;
    const input: ChatInput = { shape: bodyShape, raw: body as Record<string, unknown>, request, untranslatable: translateOnly && untranslatable ? notTranslatedHere(untranslatable, bodyShape) : untranslatable, clientHeaders: ctx.req.headers, wait };
    if (translateOnly) input.translateOnly = true;
    // The guardrail returns the body itself when it changed nothing: then its text can go as sent.
    if (body === rawBody && rawText !== undefined) input.rawText = rawText;
    const result = await execute(plan, gate.attempts((candidate, signal) => attemptChat(input, candidate, signal, deps.quotas)), { signal: ctx.clientGone, stream: request.stream });
    attempts = result.attempts;
    wait.ms += result.backoffMs;
    base.candidate = result.candidate;
    base.attempts = attempts;
    base.cache = cacheStatus;
    render.model = result.candidate.model;
    const headers = addHeaders(switchboardHeaders(ctx.id, ctx.shape, plan, result.candidate, attempts), gate.headers);
    if (cacheStatus !== null) headers['x-switchboard-cache'] = cacheStatus;
    const store = (answer: ChatResponse | undefined, cost: number, native?: NativeAnswer): void => {
      if (answer && deps.cache) deps.cache.store(cachePlan, answer, { costUsd: cost, vector: cached.status === 'miss' ? cached.vector : undefined, native });
    };

    if (result.value.kind === 'json') {
      let answer: JsonOutcome;
      try {
        answer = jsonResponse(result as ExecutionResult<Extract<CommittedResponse, { kind: 'json' }>>, options);
      } catch (error) {
        // Translated answers were read in the attempt; a native one is read here, for the cache.
        // Whatever a provider said in it reaches the caller without its secrets.
        throw error instanceof GatewayError ? withoutSecretsIn(error, await result.candidate.provider.secrets()) : error;
      }
      // A background run still going keeps its budget hold until a call by id finds it ended
      // (handed over now, before anything below can throw and lose it).
      if (answer.unfinished && answer.storedId !== undefined) deps.backgroundRuns?.started(answer.storedId, ctx.key, gate.keepBudget());
      gate.settle(answer.usage);
      const cost = callCost(deps, result.candidate, answer.usage, answer.model);
      base.overheadMs = overheadMs(ctx.started, wait);
      headers['x-switchboard-cost-usd'] = cost.toFixed(8);
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(answer.text));
      ctx.res.writeHead(200, addOverhead(headers, base.overheadMs));
      ctx.res.end(answer.text);
      store(answer.canonical, cost, answer.native);
      if (answer.storedId !== undefined) {
        // A background run still going is charged later, at this target's price, by the call by id that finds it done.
        const unbilled = answer.unfinished ? { price: deps.priceOf(result.candidate, answer.model) } : undefined;
        deps.responseOwners?.record(answer.storedId, { provider: result.candidate.provider.name, keyId: ctx.key?.id ?? null, unbilled });
      }
      base.usage = answer.usage;
      base.servedModel = answer.model;
      base.ttftMs = null;
      base.responseBody = logged(answer.text);
      recordOutcome(deps, ctx, withStatus(base, 200));
      return;
    }
    // A stream's headers go out now, with its first event.
    base.overheadMs = overheadMs(ctx.started, wait);
    addOverhead(headers, base.overheadMs);
    const streamed = await streamResponse(ctx, result as ExecutionResult<Extract<CommittedResponse, { kind: 'stream' }>>, headers, captureLimit, options, deps.streams);
    // A background run whose client left its stream goes on at the provider: like one answered
    // while queued, it keeps its budget hold and is charged, at this target's price, by the call
    // by id that finds it ended. Any other stream cut short is charged what it likely used.
    const ongoingRun = ctx.clientGone.aborted && streamed.error === undefined && isObject(body) && body.background === true ? streamed.storedId : undefined;
    const cutShort = streamed.error !== undefined || ctx.clientGone.aborted;
    const usage = ongoingRun !== undefined ? undefined : cutShort ? cutShortUsage(streamed.usage, estimatedTokens, streamed.events) : streamed.usage;
    if (ongoingRun !== undefined) deps.backgroundRuns?.started(ongoingRun, ctx.key, gate.keepBudget());
    gate.settle(usage);
    store(streamed.canonical, callCost(deps, result.candidate, usage, streamed.model));
    if (streamed.storedId !== undefined) {
      const unbilled = ongoingRun !== undefined ? { price: deps.priceOf(result.candidate, streamed.model) } : undefined;
      deps.responseOwners?.record(streamed.storedId, { provider: result.candidate.provider.name, keyId: ctx.key?.id ?? null, unbilled });
    }
    // A stream whose connection closed says why in its row: its client left, or a shutdown cut it
    // (a client not reading when the drain closed every connection).
    const gone = ctx.clientGone.aborted && ctx.clientGone.reason instanceof GatewayError ? ctx.clientGone.reason : undefined;
    const error = streamed.error ?? gone;
    const status = error ? error.status : ctx.clientGone.aborted ? 499 : 200;
    base.usage = usage;
    base.servedModel = streamed.model;
    base.ttftMs = streamed.ttftMs;
    base.error = error;
    base.responseBody = logged(streamed.captured);
    recordOutcome(deps, ctx, withStatus(base, status));
  } catch (caught) {
    // Cut by its own cancellation (its client left, a shutdown answered it): that is why it
    // ended, whatever an attempt threw meanwhile (a 429 it was backing off from, say).
    const gone = ctx.clientGone.aborted && ctx.clientGone.reason instanceof GatewayError ? ctx.clientGone.reason : undefined;
    const error: GatewayError = gone ?? toGatewayError(caught);
    // Closed before it could be answered (its client left, or a shutdown closed the connection on
    // a call that did not end in time): its row says 499, not what nobody received.
    const unanswered = ctx.close.closed && !ctx.res.writableFinished;
    // A call that failed used no tokens, so it gives back what it reserved (prompt estimate and
    // max_tokens) rather than hold the key's TPM for a minute; one every route refused before it
    // reached a provider gives back its requests too. A settled gate ignores this.
    if (refusedByRoutes(error)) gate?.refund();
    else gate?.settle(undefined);
    const served = caught instanceof ExecutionError ? caught.candidate : undefined;
    if (caught instanceof ExecutionError) attempts = caught.attempts;
    // A complete answer cannot be taken back: answering the failure would cut the connection.
    if (ctx.res.writableEnded) console.error(`[switchboard] ${ctx.id} failed after its response was sent`, caught);
    else sendError(ctx.res, ctx.shape, error, switchboardHeaders(ctx.id, ctx.shape, plan, served, attempts));
    // Only the request's own fields come from `base`, never an answer's (usage, ttft, cache hit,
    // response body) that a success path may have set before the failure.
    const { alias, stream, user, metadata, piiFindings, requestBody } = base;
    const status = unanswered ? 499 : error.status;
    recordOutcome(deps, ctx, { alias, stream, user, metadata, piiFindings, requestBody, plan, candidate: served, attempts, cache: cacheStatus, status, error });
  }
}

/** `base` completed with its status: the outcome to record. */
function withStatus(base: Omit<Outcome, 'status'>, status: number): Outcome {
  const outcome = base as Outcome;
  outcome.status = status;
  return outcome;
}

/** What each body shape read at /v1/chat/completions is, and the API only its own provider has. */
const FOREIGN_BODIES: Partial<Record<ClientShape, { body: string; api: string; provider: string }>> = {
  'openai-responses': { body: 'a Responses API body', api: "an OpenAI provider's own Responses API", provider: 'an OpenAI provider' },
  anthropic: { body: 'an Anthropic Messages body', api: "Anthropic's own Messages API", provider: 'an Anthropic provider' },
};

/**
 * What a foreign body sent to /v1/chat/completions says when it holds something only its own
 * provider's API takes and no target of its route has that API: the reason its parser gives
 * speaks of the endpoint for its shape, which the caller did not call.
 */
function notTranslatedHere(error: GatewayError, shape: ClientShape): GatewayError {
  const what = error.param === undefined ? 'part of it' : `'${error.param}'`;
  const foreign = FOREIGN_BODIES[shape];
  if (foreign === undefined) return error;
  return new GatewayError('invalid_request', `This is ${foreign.body} sent to /v1/chat/completions, and ${what} only works with ${foreign.api}, which no target of this route has: route it to ${foreign.provider}`, {
    code: 'untranslatable_content',
    param: error.param,
  });
}
