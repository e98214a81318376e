/**
 * The two completion endpoints of autocomplete, whose calls have no canonical form:
 * - `POST /v1/completions`: OpenAI's legacy text completions, which autocomplete clients still
 *   send (Continue with `useLegacyCompletionsEndpoint`, Cody, base-model tools) to OpenAI-shaped
 *   servers (vLLM, Ollama, llama.cpp, LM Studio, gpt-3.5-turbo-instruct);
 * - `POST /v1/fim/completions`: Mistral's fill-in-the-middle, Codestral's autocomplete (Continue's
 *   recommended one), answered in chat completion shape.
 * They go as sent, their model aside, to the targets that have the endpoint, with routing,
 * failover, keys, limits, budgets, the PII guardrail, the exact cache, cost and the log as for
 * chat. Targets without it are skipped, or name why when none is left. A cached answer is kept
 * in canonical form and rendered again in the endpoint's shape, as JSON or as a stream.
 */
import { StreamCollector } from '../canonical/collect';
import type { ChatResponse, StreamEvent } from '../canonical/types';
import type { CacheLookup, CachePlan } from '../cache/cache-service';
import { uncacheableCompletion } from '../cache/body-key';
import { targetsOf } from '../cache/route-targets';
import { GatewayError } from '../errors/gateway-error';
import { sendError, toGatewayError } from '../errors/render';
import { isObject } from '../formats/json-object';
import { isUsageOnlyChunk, openaiClientFormat } from '../formats/openai';
import { createTextCompletionStreamParser, parseTextCompletion, textCompletionRenderer } from '../formats/openai/text-completion';
import type { AnswerRenderer, StreamParser } from '../formats/types';
import { fromOpenAIUsage } from '../formats/openai/usage';
import { parseCompletionRequest } from '../formats/openai/completion-request';
import type { CompletionRequest } from '../formats/openai/completion-request';
import { completionsSseRestorer, restoreJsonValue } from '../guardrails';
import type { SseRestorer, Vault } from '../guardrails';
import { parseFimRequest } from '../formats/mistral/fim-request';
import { answerFormat, type ReadAnswer } from '../providers/answer-formats';
import { execute, ExecutionError } from '../routing/executor';
import type { ExecutionResult } from '../routing/executor';
import { withRequestControls } from '../routing/request-controls';
import type { Candidate, RoutePlan } from '../routing/types';
import { SseDecoder } from '../sse/decoder';
import type { SseEvent } from '../sse/decoder';
import type { AttemptRecord } from '../store/log-types';
import type { CancelSignal } from '../upstream/cancel';
import { networkError, sendUpstream } from '../upstream/http';
import { fetchUpstreamText } from '../upstream/reply';
import { parseUpstreamJson, readUpstreamError, withoutSecretsIn } from '../upstream/upstream-error';
import { quotaReader, type UpstreamQuotas } from '../upstream/upstream-quotas';
import { admit, refusedByRoutes } from './admission';
import type { Gate } from './admission';
import { respondFromCache } from './cache-hit';
import type { CommittedResponse } from './chat-attempt';
import type { PipelineDeps, RequestContext } from './context';
import { guardRequest } from './guard';
import { cutShortUsage } from './cut-short-usage';
import { addHeaders, cacheHitHeaders, switchboardHeaders } from './headers';
import { addOverhead, overheadMs, ProviderWait } from './provider-wait';
import { callCost, recordOutcome } from './record';
import { relayStream } from './relay-stream';
import { openStream } from './stream-writer';

type CommittedStream = Extract<CommittedResponse, { kind: 'stream' }>;
type Completion = { kind: 'json'; text: string; json: unknown } | CommittedStream;

/** What differs between the two endpoints. */
export interface CompletionEndpoint {
  /** The path clients call, for messages. */
  path: string;
  parse(body: unknown): CompletionRequest;
  /** Where a provider serves the endpoint for `model`; undefined for a kind without it. */
  url(provider: Candidate['provider'], model: string): string | undefined;
  /** What the refusal of a target without it advises. */
  advice: string;
  /** Whether a stream asks for the usage chunk (`stream_options`) when the client did not; a server that sends it unasked is never asked. */
  asksStreamUsage: boolean;
  /** The PII restorer of a stream's chunks: text completion chunks have one of their own; undefined for chat completion chunks. */
  sseRestorer: ((vault: Vault) => SseRestorer) | undefined;
  /** Renders a cached answer in the endpoint's shape. */
  renderer: AnswerRenderer;
  /** Reads a provider's JSON answer into a canonical one, for the cache. */
  answerReader(provider: Candidate['provider']): ReadAnswer;
  /** Reads a provider's stream chunks as canonical events (for the cache), and its error chunks in its words. */
  streamParser(provider: Candidate['provider']): StreamParser;
}

export const TEXT_COMPLETIONS: CompletionEndpoint = {
  path: '/v1/completions',
  parse: parseCompletionRequest,
  url: (provider, model) => provider.kind.completionsUrl?.(provider.baseUrl, model, provider.config),
  advice: 'route text completions to an OpenAI or OpenAI-compatible target',
  asksStreamUsage: true,
  sseRestorer: completionsSseRestorer,
  renderer: textCompletionRenderer,
  answerReader: () => parseTextCompletion,
  streamParser: createTextCompletionStreamParser,
};

export const FIM_COMPLETIONS: CompletionEndpoint = {
  path: '/v1/fim/completions',
  parse: parseFimRequest,
  url: (provider, model) => provider.kind.fimUrl?.(provider.baseUrl, model, provider.config),
  advice: 'route FIM completions to a Mistral target (Codestral)',
  // Mistral refuses stream_options, and sends usage on its last chunk anyway.
  asksStreamUsage: false,
  sseRestorer: undefined,
  // Mistral answers FIM calls as chat completions, and streams them as chat chunks.
  renderer: openaiClientFormat,
  answerReader: (provider) => provider.kind.format.parseResponse,
  streamParser: (provider) => provider.kind.format.createStreamParser(),
};

/** A chunk whose `error` is an object: how OpenAI-shaped servers fail a stream (`"error": null` is none). */
const ERROR_CHUNK = /^\s*\{\s*"error"\s*:\s*\{/;

export async function handleCompletions(deps: PipelineDeps, ctx: RequestContext, clientBody: unknown, endpoint: CompletionEndpoint = TEXT_COMPLETIONS): Promise<void> {
  const config = deps.config();
  const logBodies = config.server.logBodies;
  let plan: RoutePlan | undefined;
  let attempts: AttemptRecord[] = [];
  // What the body names, so a call refused before it parsed is still logged under its model and kind.
  let alias = isObject(clientBody) && typeof clientBody.model === 'string' ? clientBody.model : '';
  let stream = isObject(clientBody) && clientBody.stream === true;
  let findings: Record<string, number> | undefined;
  let requestBody: string | undefined;
  let user: string | undefined;
  let gate: Gate | undefined;
  let cacheStatus: string | null = null;
  try {
    // Both bodies hold their text in `prompt` and `suffix`.
    const guarded = guardRequest(config, clientBody, 'completions');
    const body = guarded.body as Record<string, unknown>;
    findings = guarded.findings;
    const request = endpoint.parse(body);
    ({ model: alias, stream, user } = request);
    // Only the scrubbed body is ever logged.
    if (logBodies) requestBody = JSON.stringify(body);
    const { restore } = guarded;
    plan = withRequestControls(deps.router.plan(alias), ctx.req.headers);
    gate = await admit(deps, ctx, plan, alias, request.promptTokens, request.maxTokens);
    const wait = new ProviderWait();
    const cachePlan: CachePlan = deps.cache
      ? deps.cache.planBody({
          endpoint: endpoint.path,
          model: alias,
          body,
          headers: ctx.req.headers,
          route: plan.route,
          routeCache: plan.route === null ? undefined : config.routes[plan.route]?.cache,
          targets: targetsOf(plan.candidates),
          identity: { keyId: ctx.key?.id ?? null, keyUser: ctx.key?.user, user },
          uncacheable: uncacheableCompletion(body),
        })
      : { enabled: false };
    const cached: CacheLookup = deps.cache ? await deps.cache.lookup(cachePlan) : { status: 'off' };
    if (cached.status !== 'off') cacheStatus = cached.status;
    if (cached.status === 'hit') {
      gate.settle(undefined);
      const overhead = overheadMs(ctx.started, wait);
      const headers = addOverhead(cacheHitHeaders(ctx.id, ctx.shape, plan, gate.headers), overhead);
      const render = { model: alias, created: Math.floor(ctx.receivedAt / 1000), includeUsage: request.streamUsage };
      const served = await respondFromCache(ctx, endpoint.renderer, cached.response, stream, render, headers, restore);
      const responseBody = !logBodies ? undefined : restore ? restore.conceal(served.text) : served.text;
      recordOutcome(deps, ctx, { alias, plan, attempts, status: 200, stream, user, piiFindings: findings, overheadMs: overhead, ttftMs: served.ttftMs, cache: 'hit', savedUsd: cached.savedUsd, cachedModel: cached.response.model || undefined, requestBody, responseBody });
      return;
    }
    /** Keeps a finished answer for the next identical call (after its caller has it). */
    const store = (answer: ChatResponse | undefined, costUsd: number, native?: { text: string; format: string }): void => {
      if (answer && deps.cache) deps.cache.store(cachePlan, answer, { costUsd, native });
    };
    const result = await execute(plan, gate.attempts((candidate, signal) => attemptCompletion(endpoint, body, request, candidate, signal, wait, deps.quotas)), { signal: ctx.clientGone, stream });
    attempts = result.attempts;
    wait.ms += result.backoffMs;
    const overhead = overheadMs(ctx.started, wait);
    const headers = addOverhead(addHeaders(switchboardHeaders(ctx.id, ctx.shape, plan, result.candidate, attempts), gate.headers), overhead);
    if (cacheStatus !== null) headers['x-switchboard-cache'] = cacheStatus;
    const { value } = result;
    if (value.kind === 'json') {
      const usage = isObject(value.json) ? fromOpenAIUsage(value.json.usage) : undefined;
      gate.settle(usage);
      const servedModel = isObject(value.json) && typeof value.json.model === 'string' && value.json.model !== '' ? value.json.model : undefined;
      const cost = callCost(deps, result.candidate, usage, servedModel);
      const text = restore ? JSON.stringify(restoreJsonValue(value.json, restore)) : value.text;
      ctx.res.writeHead(200, Object.assign(headers, { 'x-switchboard-cost-usd': cost.toFixed(8), 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }));
      ctx.res.end(text);
      // The cache, like the log, keeps the answer the provider gave, placeholders and all.
      if (cachePlan.enabled && cachePlan.store) {
        const [answer, native] = readForCache(endpoint.answerReader(result.candidate.provider), value);
        store(answer, cost, native);
      }
      recordOutcome(deps, ctx, { alias, plan, candidate: result.candidate, attempts, status: 200, stream, usage, servedModel, user, cache: cacheStatus, piiFindings: findings, overheadMs: overhead, ttftMs: null, requestBody, responseBody: logBodies ? value.text : undefined });
      return;
    }
    const collector = cachePlan.enabled && cachePlan.store ? new StreamCollector() : undefined;
    const streamed = await relayCompletion(deps, ctx, result as ExecutionResult<CommittedStream>, headers, request, endpoint, restore, logBodies ? config.server.maxLoggedBodyBytes : 0, collector);
    // Cut short (an autocomplete the user typed past, a provider that failed): charged what it
    // likely used, as a chat stream is, since the usage chunk never came.
    const cutShort = streamed.error !== undefined || ctx.clientGone.aborted;
    const usage = cutShort ? cutShortUsage(streamed.usage, request.promptTokens, streamed.events) : streamed.usage;
    gate.settle(usage);
    // A collector that saw no events (a head its parser could not read) never finishes.
    if (collector?.finished && !cutShort) store(collector.response(), callCost(deps, result.candidate, usage, streamed.model));
    const gone = ctx.clientGone.aborted && ctx.clientGone.reason instanceof GatewayError ? ctx.clientGone.reason : undefined;
    const error = streamed.error ?? gone;
    const status = error ? error.status : ctx.clientGone.aborted ? 499 : 200;
    recordOutcome(deps, ctx, { alias, plan, candidate: result.candidate, attempts, status, stream, usage, servedModel: streamed.model, user, error, cache: cacheStatus, piiFindings: findings, overheadMs: overhead, ttftMs: streamed.ttftMs, requestBody, responseBody: streamed.captured || undefined });
  } catch (caught) {
    const gone = ctx.clientGone.aborted && ctx.clientGone.reason instanceof GatewayError ? ctx.clientGone.reason : undefined;
    const error = gone ?? toGatewayError(caught);
    // A failed call used no tokens: its reservation goes back (see handleChat).
    if (refusedByRoutes(error)) gate?.refund();
    else gate?.settle(undefined);
    const served = caught instanceof ExecutionError ? caught.candidate : undefined;
    if (caught instanceof ExecutionError) attempts = caught.attempts;
    if (ctx.res.headersSent) ctx.res.end();
    else sendError(ctx.res, ctx.shape, error, switchboardHeaders(ctx.id, ctx.shape, plan, served, attempts));
    const unanswered = ctx.close.closed && !ctx.res.writableFinished;
    recordOutcome(deps, ctx, { alias, plan, candidate: served, attempts, status: unanswered ? 499 : error.status, stream, user, error, cache: cacheStatus, piiFindings: findings, requestBody });
  }
}

/**
 * A JSON answer as the cache keeps it: canonical, and as the provider wrote it when its reader
 * has a name (cheaper than serialising the canonical one). Nothing when it cannot be read: a
 * server's odd answer reached its caller as sent, and is simply not cached.
 */
function readForCache(read: ReadAnswer, value: { text: string; json: unknown }): [ChatResponse | undefined, { text: string; format: string } | undefined] {
  let answer: ChatResponse;
  try {
    answer = read(value.json);
  } catch {
    return [undefined, undefined];
  }
  const format = answerFormat(read);
  return [answer, format === undefined ? undefined : { text: value.text, format }];
}

/**
 * One completion call to one candidate: the client's body with the target's model, and for a
 * stream the usage chunk asked for (dropped again on the way out when the client did not ask).
 * A stream is committed to once its first event arrived and was no error, so a server that
 * fails before its first byte still lets the route fall back.
 */
async function attemptCompletion(endpoint: CompletionEndpoint, raw: Record<string, unknown>, request: CompletionRequest, candidate: Candidate, signal: CancelSignal, wait: ProviderWait, quotas?: UpstreamQuotas): Promise<Completion> {
  const { provider } = candidate;
  const url = endpoint.url(provider, candidate.model);
  if (url === undefined) {
    throw new GatewayError('invalid_request', `Provider "${provider.name}" (${provider.config.type}) has no ${endpoint.path} API: ${endpoint.advice}`, {
      code: 'completions_unsupported',
      provider: provider.name,
      retryable: false,
    });
  }
  const injectUsage = endpoint.asksStreamUsage && request.stream && !request.streamUsage && provider.kind.streamUsageUnasked !== true;
  const sent: Record<string, unknown> = { ...raw, model: candidate.model };
  if (injectUsage) sent.stream_options = Object.assign({}, isObject(raw.stream_options) ? raw.stream_options : {}, { include_usage: true });
  const key = await provider.apiKey(signal);
  const headers = Object.assign({ 'content-type': 'application/json', accept: request.stream ? 'text/event-stream' : 'application/json' }, await provider.headers(), provider.kind.headers(key));
  const call = { url, headers, body: JSON.stringify(sent), signal, onResponse: quotaReader(quotas, provider.name, candidate.model) };
  const since = performance.now();
  try {
    if (!request.stream) {
      const text = await fetchUpstreamText(provider, call);
      return { kind: 'json', text, json: parseUpstreamJson(provider, text) };
    }
    const upstream = await sendUpstream(provider.name, call);
    if (upstream.statusCode >= 400) throw await readUpstreamError(provider, upstream, signal);
    const parser = endpoint.streamParser(provider);
    const decoder = new SseDecoder();
    const head: Buffer[] = [];
    const headEvents: SseEvent[] = [];
    try {
      while (headEvents.length === 0) {
        const next = await upstream.body.next();
        if (next.done) {
          headEvents.push(...decoder.end());
          if (headEvents.length > 0) break;
          throw new GatewayError('upstream', `Provider "${provider.name}" ended the stream before sending anything`, { provider: provider.name, code: 'empty_stream', status: 502, retryable: true });
        }
        head.push(next.value);
        headEvents.push(...decoder.push(next.value));
      }
      // A first event that is the provider's error fails the attempt, in the provider's words
      // (its chat parser reads the error chunk, which is the same for both kinds of call).
      const failed = headEvents.find((event) => event.event === 'error' || ERROR_CHUNK.test(event.data));
      if (failed) {
        parser.push(failed);
        throw new GatewayError('upstream', `Provider "${provider.name}" reported an error before its first token`, { provider: provider.name, status: 502, retryable: true });
      }
    } catch (error) {
      upstream.body.destroy();
      throw withoutSecretsIn(networkError(provider.name, error, signal), await provider.secrets());
    }
    return { kind: 'stream', native: true, injectedUsage: injectUsage, upstream, head, decoder, headEvents, parsed: [], parser };
  } finally {
    wait.add(since);
  }
}

/** Relays a committed completion stream as sent (its injected usage chunk aside); resolves when it is over. */
async function relayCompletion(
  deps: PipelineDeps,
  ctx: RequestContext,
  result: ExecutionResult<CommittedStream>,
  headers: Record<string, string>,
  request: CompletionRequest,
  endpoint: CompletionEndpoint,
  restore: Vault | undefined,
  captureLimit: number,
  collector: StreamCollector | undefined,
) {
  const writer = openStream(ctx.res, headers, captureLimit);
  const { candidate, value } = result;
  // The attempt only probed the head for an error; what the cache keeps starts with it. A head
  // the parser cannot read still reaches the client as sent, and is not cached.
  let collect = collector && ((event: StreamEvent) => collector.push(event));
  try {
    if (collect) for (const event of value.headEvents) value.parsed.push(...value.parser.push(event));
  } catch {
    collect = undefined;
  }
  const outcome = await relayStream(value, {
    providerName: candidate.provider.name,
    // Only its error frame is used: `data: {"error": …}`, as OpenAI ends a failed stream of either kind.
    client: openaiClientFormat,
    render: { model: request.model, created: Math.floor(ctx.receivedAt / 1000), includeUsage: request.streamUsage },
    writer,
    clientGone: ctx.clientGone,
    tap: candidate.provider.kind.usageTap(),
    isUsageOnlyChunk,
    idleTimeoutMs: candidate.policy.ttftTimeoutMs,
    shape: ctx.shape,
    restore,
    sseRestorer: endpoint.sseRestorer,
    providerSecrets: () => candidate.provider.secrets(),
    open: deps.streams,
    collect,
  });
  writer.end();
  return { ...outcome, ttftMs: writer.firstByteAt === undefined ? null : writer.firstByteAt - ctx.started, captured: writer.capturedText };
}
