import type { CachePlan, TextLookup } from '../cache/cache-service';
import { targetsOf } from '../cache/route-targets';
import { GatewayError } from '../errors/gateway-error';
import { sendError, toGatewayError } from '../errors/render';
import { openaiEmbeddingFormat, parseEmbeddingRequest, renderEmbeddingResponse } from '../formats/openai';
import type { EmbeddingFormat } from '../formats/types';
import { execute, ExecutionError } from '../routing/executor';
import { withRequestControls } from '../routing/request-controls';
import type { Candidate, RoutePlan } from '../routing/types';
import type { AttemptRecord } from '../store/log-types';
import { emptyUsage } from '../canonical/types';
import type { EmbeddingRequest, EmbeddingResponse, EmbeddingTask } from '../canonical/types';
import { estimateTextTokens } from '../canonical/estimate-tokens';
import type { Provider } from '../providers/registry';
import type { CancelSignal } from '../upstream/cancel';
import { fetchUpstreamText } from '../upstream/reply';
import { quotaReader, type UpstreamQuotas } from '../upstream/upstream-quotas';
import { parseUpstreamJson, withoutSecretsIn } from '../upstream/upstream-error';
import type { Config } from '../config/schema';
import type { Findings } from '../guardrails';
import type { PipelineDeps, RequestContext } from './context';
import { admit, refusedByRoutes } from './admission';
import type { Gate } from './admission';
import { runBatches, splitRequest } from './embedding-batches';
import { guardRequest } from './guard';
import { addOverhead, overheadMs, ProviderWait } from './provider-wait';
import { addHeaders, cacheHitHeaders, switchboardHeaders } from './headers';
import { callCost, recordOutcome } from './record';

interface EmbeddingResult {
  /** The body for an OpenAI-shaped client. */
  text: string;
  inputTokens: number;
  embeddings: number[][];
  /** The model the provider's answer names (an Azure deployment's model), if it names one. */
  model?: string;
}

/**
 * Another client shape's embedding call (Gemini's `:embedContent`): its body `read` as an
 * OpenAI-shaped one (plus what only its own provider takes, per input), and the vectors
 * `render`ed back as that client reads them.
 */
export interface EmbeddingsDialect {
  read(body: unknown): { body: Record<string, unknown>; tasks?: EmbeddingTask[] };
  render(embeddings: number[][]): string;
}

/** `POST /v1/embeddings` in OpenAI's shape (or `dialect`'s), to any provider with an embeddings API. */
export async function handleEmbeddings(deps: PipelineDeps, ctx: RequestContext, clientBody: unknown, dialect?: EmbeddingsDialect): Promise<void> {
  let plan: RoutePlan | undefined;
  let attempts: AttemptRecord[] = [];
  // The model asked for, so a call refused before it parsed is still logged under it (as chat's are).
  let alias = ctx.urlCall?.model ?? (typeof (clientBody as { model?: unknown })?.model === 'string' ? (clientBody as { model: string }).model : '');
  let findings: Record<string, number> | undefined;
  let gate: Gate | undefined;
  let cacheStatus: string | null = null;
  const { shape } = ctx;
  try {
    const read = dialect?.read(clientBody);
    const guarded = guardRequest(deps.config(), read ? read.body : clientBody, 'embeddings');
    const body = guarded.body;
    findings = guarded.findings;
    const request = parseEmbeddingRequest(body);
    if (read?.tasks) {
      const titles = guardTitles(deps.config(), request.model, read.tasks);
      request.tasks = titles.tasks;
      findings = addFindings(findings, titles.findings);
    }
    alias = request.model;
    plan = withRequestControls(deps.router.plan(request.model), ctx.req.headers);
    gate = await admit(deps, ctx, plan, alias, estimateEmbeddingTokens(request.input), 0);
    const wait = new ProviderWait();
    const config = deps.config();
    // Both shapes' answers are kept as the OpenAI-shaped list an OpenAI caller gets: a Gemini
    // caller's is rendered from it, and the two share entries when they ask alike.
    const cachePlan: CachePlan = deps.cache
      ? deps.cache.planBody({
          endpoint: '/v1/embeddings',
          model: request.model,
          body: body as Record<string, unknown>,
          extras: request.tasks,
          headers: ctx.req.headers,
          route: plan.route,
          routeCache: plan.route === null ? undefined : config.routes[plan.route]?.cache,
          targets: targetsOf(plan.candidates),
          identity: { keyId: ctx.key?.id ?? null, keyUser: ctx.key?.user, user: request.user },
        })
      : { enabled: false };
    const cached: TextLookup = deps.cache ? deps.cache.lookupText(cachePlan) : { status: 'off' };
    if (cached.status !== 'off') cacheStatus = cached.status;
    const fromCache = cached.status === 'hit' ? cachedBody(cached.answer.text, dialect) : undefined;
    // An entry that could not be read is answered from upstream, and replaced.
    if (cached.status === 'hit' && fromCache === undefined) cacheStatus = 'miss';
    if (cached.status === 'hit' && fromCache !== undefined) {
      gate.settle(undefined);
      const text = fromCache;
      const overhead = overheadMs(ctx.started, wait);
      const headers: Record<string, string | number> = cacheHitHeaders(ctx.id, shape, plan, gate.headers);
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(text);
      ctx.res.writeHead(200, addOverhead(headers, overhead));
      ctx.res.end(text);
      const cachedModel = storedModel(cached.answer.text);
      recordOutcome(deps, ctx, { alias, plan, attempts, status: 200, stream: false, user: request.user, piiFindings: findings, overheadMs: overhead, cache: 'hit', savedUsd: cached.savedUsd, cachedModel });
      return;
    }
    const result = await execute(plan, gate.attempts((candidate, signal) => attemptEmbedding(body as Record<string, unknown>, request, candidate, signal, deps.quotas, wait)), {
      signal: ctx.clientGone,
      stream: false,
    });
    attempts = result.attempts;
    wait.ms += result.backoffMs;
    const usage = { ...emptyUsage(), inputTokens: result.value.inputTokens };
    gate.settle(usage);
    const headers: Record<string, string | number> = addHeaders(switchboardHeaders(ctx.id, shape, plan, result.candidate, attempts), gate.headers);
    const servedModel = result.value.model;
    const cost = callCost(deps, result.candidate, usage, servedModel);
    headers['x-switchboard-cost-usd'] = cost.toFixed(8);
    if (cacheStatus !== null) headers['x-switchboard-cache'] = cacheStatus;
    const text = dialect ? dialect.render(result.value.embeddings) : result.value.text;
    const overhead = overheadMs(ctx.started, wait);
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(text);
    ctx.res.writeHead(200, addOverhead(headers, overhead));
    ctx.res.end(text);
    deps.cache?.storeText(cachePlan, { format: 'openai-embeddings', text: result.value.text }, cost);
    recordOutcome(deps, ctx, { alias, plan, candidate: result.candidate, attempts, status: 200, stream: false, usage, servedModel, user: request.user, cache: cacheStatus, piiFindings: findings, overheadMs: overhead });
  } catch (caught) {
    const error = toGatewayError(caught);
    // A failed call used no tokens: its reservation goes back, and its requests too when every
    // route refused it (see handleChat).
    if (refusedByRoutes(error)) gate?.refund();
    else gate?.settle(undefined);
    const served = caught instanceof ExecutionError ? caught.candidate : undefined;
    if (caught instanceof ExecutionError) attempts = caught.attempts;
    sendError(ctx.res, shape, error, switchboardHeaders(ctx.id, shape, plan, served, attempts));
    recordOutcome(deps, ctx, { alias, plan, candidate: served, attempts, status: error.status, stream: false, error, cache: cacheStatus, piiFindings: findings });
  }
}

/**
 * One embeddings call to one candidate (also used by the semantic cache). A provider that takes
 * fewer inputs per call than the client sent (Gemini: 100; OpenAI clients send up to 2048) gets
 * them in batches, answered as one list in input order; a batch that fails fails the attempt with
 * its own error, so the executor retries or falls back exactly as for a single call.
 */
export async function attemptEmbedding(
  raw: Record<string, unknown>,
  request: EmbeddingRequest,
  candidate: Candidate,
  signal: CancelSignal,
  quotas?: UpstreamQuotas,
  wait?: ProviderWait,
): Promise<EmbeddingResult> {
  const { provider } = candidate;
  const format = provider.kind.embeddings;
  const url = provider.kind.embeddingsUrl(provider.baseUrl, candidate.model, provider.config);
  if (!format || !url) {
    throw new GatewayError('invalid_request', `Provider "${provider.name}" (${provider.config.type}) has no embeddings API`, {
      code: 'embeddings_unsupported',
      provider: provider.name,
      retryable: false,
    });
  }
  const key = await provider.apiKey(signal);
  const headers = { 'content-type': 'application/json', ...(await provider.headers()), ...provider.kind.headers(key) };
  const onResponse = quotaReader(quotas, provider.name, candidate.model);
  /** One call; its wait on the provider counted in `timed`. */
  const send = async (body: Record<string, unknown>, input: string[], reader: EmbeddingFormat, callSignal: CancelSignal, timed: ProviderWait | undefined) => {
    const call = fetchUpstreamText(provider, { url, headers, body: JSON.stringify(body), signal: callSignal, onResponse });
    const text = await (timed ? timed.time(call) : call);
    return { text, parsed: await parseEmbedding(provider, reader, parseUpstreamJson(provider, text), input) };
  };
  if (provider.kind.nativeShape === 'openai') {
    // Ollama, LM Studio and other OpenAI-compatible servers ignore encoding_format and answer
    // floats, which the SDKs' default base64 decoding silently reads as a vector a quarter as
    // long: such a server is asked for floats, and the client gets the base64 it asked for.
    const reencode = request.encodingFormat === 'base64' && provider.kind.type === 'openai-compatible';
    const body: Record<string, unknown> = reencode ? { ...raw, model: candidate.model, encoding_format: 'float' } : { ...raw, model: candidate.model };
    // Fields the server spells its own way or refuses (Mistral's output_dimension).
    const fixes = provider.kind.nativeEmbeddingFixes?.(raw);
    if (fixes) {
      Object.assign(body, fixes.set);
      for (const name of fixes.drop ?? []) delete body[name];
    }
    const { text, parsed } = await send(body, request.input, openaiEmbeddingFormat, signal, wait);
    const out = reencode ? JSON.stringify(renderEmbeddingResponse(parsed, parsed.model || candidate.model, 'base64')) : text;
    return { text: out, inputTokens: parsed.usage.inputTokens, embeddings: parsed.embeddings, model: parsed.model || undefined };
  }
  const embedBatch = async (batch: EmbeddingRequest, batchSignal: CancelSignal, timed?: ProviderWait): Promise<EmbeddingResponse> => {
    const { input } = batch;
    const { parsed } = await send(format.buildEmbeddingRequest(batch, candidate.model), input, format, batchSignal, timed);
    // Batches are joined by position: a short answer would shift every later vector's index.
    if (parsed.embeddings.length !== input.length) {
      throw new GatewayError('upstream', `The provider returned ${parsed.embeddings.length} embeddings for ${input.length} inputs`, {
        code: 'bad_upstream_response',
        provider: provider.name,
      });
    }
    return parsed;
  };
  const batches = splitRequest(request, format.maxInputsPerCall);
  let parts: EmbeddingResponse[];
  if (batches.length === 1) parts = [await embedBatch(request, signal, wait)];
  else {
    // Batches run side by side and their waits overlap: the run as a whole is what was waited.
    const run = runBatches(batches, embedBatch, signal);
    parts = await (wait ? wait.time(run) : run);
  }
  const response = joinBatches(parts);
  // openai-node asks for base64 unless told otherwise, and would misread a float array.
  const text = JSON.stringify(renderEmbeddingResponse(response, request.model, request.encodingFormat));
  return { text, inputTokens: response.usage.inputTokens, embeddings: response.embeddings };
}

/** A Gemini caller's titles go to the provider as well: the guardrail that scrubs the inputs scrubs them too. */
function guardTitles(config: Config, model: string, tasks: EmbeddingTask[]): { tasks: EmbeddingTask[]; findings: Findings | undefined } {
  if (!tasks.some((task) => task.title !== undefined)) return { tasks, findings: undefined };
  const guarded = guardRequest(config, { model, input: tasks.map((task) => task.title ?? '') }, 'embeddings');
  const titles = (guarded.body as { input: string[] }).input;
  return { tasks: tasks.map((task, i) => (task.title === undefined ? task : { ...task, title: titles[i] })), findings: guarded.findings };
}

function addFindings(a: Findings | undefined, b: Findings | undefined): Findings | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const sum: Findings = { ...a };
  for (const [type, count] of Object.entries(b)) sum[type] = (sum[type] ?? 0) + count;
  return sum;
}

async function parseEmbedding(provider: Provider, reader: EmbeddingFormat, json: unknown, input: string[]): Promise<EmbeddingResponse> {
  try {
    return reader.parseEmbeddingResponse(json, input);
  } catch (error) {
    // A 200 answer may be an error body (Gemini's): its words, without the provider's secrets.
    throw error instanceof GatewayError ? withoutSecretsIn(error, await provider.secrets()) : error;
  }
}

/** The batches' vectors in input order, and the tokens they used between them. */
function joinBatches(parts: EmbeddingResponse[]): EmbeddingResponse {
  if (parts.length === 1) return parts[0] as EmbeddingResponse;
  const embeddings: number[][] = [];
  let inputTokens = 0;
  for (const part of parts) {
    for (const vector of part.embeddings) embeddings.push(vector);
    inputTokens += part.usage.inputTokens;
  }
  return { model: '', embeddings, usage: { inputTokens } };
}

/**
 * The body a cached embedding list answers with: as stored for an OpenAI-shaped caller, rendered
 * for another; undefined when it cannot be read, and the call goes upstream (a cache never fails one).
 */
function cachedBody(stored: string, dialect: EmbeddingsDialect | undefined): string | undefined {
  if (!dialect) return stored;
  try {
    return dialect.render(openaiEmbeddingFormat.parseEmbeddingResponse(JSON.parse(stored)).embeddings);
  } catch {
    return undefined;
  }
}

/** The model a stored embedding list names (what served it), read without parsing its vectors. */
function storedModel(text: string): string | undefined {
  const match = /"model"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  try {
    return match?.[1] ? (JSON.parse(`"${match[1]}"`) as string) : undefined;
  } catch {
    return undefined;
  }
}

const estimateEmbeddingTokens = (input: string[]): number => input.reduce((sum, text) => sum + estimateTextTokens(text), 0);
