/**
 * Calls on a Responses API answer by its id — `GET`/`DELETE /v1/responses/{id}`,
 * `POST /v1/responses/{id}/cancel`, `GET /v1/responses/{id}/input_items`, and a background run's
 * stream resumed (`GET /v1/responses/{id}?stream=true&starting_after=N`) — relayed to the
 * provider that stored it (OpenAI, or Azure with `nativeResponses`), with that provider's key,
 * for the gateway key that made it (the master key may reach them all). The gateway learns who
 * stored what from the native Responses calls it carried (store/response-owners.ts); an id it
 * did not see made is answered 404, as is one another key made, so ids cannot be probed.
 *
 * Each call leaves a row in the request log (endpoint `responses`, the method and path as its
 * alias) and counts against the key's rate limits like any other call. Such calls cost nothing,
 * but the first one that finds a background run ended carries that run's cost
 * (`chargeEndedRun`; pipeline/background-runs.ts). The gateway looks at the runs it holds
 * itself too (`checkBackgroundRun`), so a run nobody asks after through it is charged all the same.
 */
import type { IncomingMessage } from 'node:http';
import { emptyUsage, type Usage } from '../canonical/types';
import { GatewayError } from '../errors/gateway-error';
import { sendError, toGatewayError } from '../errors/render';
import { isObject, parseJsonObject } from '../formats/json-object';
import { costUsd } from '../pricing/cost';
import type { ModelPrice } from '../pricing/types';
import type { Provider } from '../providers/registry';
import type { NativeApi } from '../providers/types';
import { MASTER_KEY_ID, type KeyIdentity } from '../server/auth';
import { newRequestId } from '../server/request-id';
import { decodePathPart, storedCallAlias } from '../server/inference-routes';
import type { AttemptRecord } from '../store/log-types';
import type { ResponseOwner } from '../store/response-owners';
import { toAbortSignal, type CancelSignal } from '../upstream/cancel';
import { SseDecoder, sseFrame, type SseEvent } from '../sse/decoder';
import { networkError, sendUpstream } from '../upstream/http';
import { fetchUpstreamText } from '../upstream/reply';
import { readUpstreamError, withoutSecretsIn } from '../upstream/upstream-error';
import { openStream } from './stream-writer';
import { admitKeyCall, type Gate } from './admission';
import type { PipelineDeps, RequestContext } from './context';
import { addHeaders, headerValue, requestIdHeaders } from './headers';
import { recordOutcome } from './record';

const PATH = /^\/(?:v1\/)?responses\/([^/]+)(?:\/(cancel|input_items))?\/?$/;
/** The method each call takes: none of them has a body but `cancel`'s empty one. */
const METHODS: Record<string, readonly string[]> = { '': ['GET', 'DELETE'], cancel: ['POST'], input_items: ['GET'] };
const RELAY_TIMEOUT_MS = 60_000;

export async function serveStoredResponse(deps: PipelineDeps, ctx: RequestContext, req: IncomingMessage): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway');
  // The row's alias: the call as sent, so the log can be searched by response id.
  const row: StoredCallRow = { alias: storedCallAlias(req), attempts: [] };
  let gate: Gate | undefined;
  try {
    const call = storedCall(url, req.method ?? '', ctx);
    gate = await admitKeyCall(deps, ctx);
    if (call.stream) {
      row.stream = true;
      await resumeStream(deps, ctx, call, url.search, row, gate);
      gate.settle(row.usage);
      recordOutcome(deps, payerOf(ctx, row), { ...row, status: ctx.clientGone.aborted ? 499 : 200, stream: true });
      return;
    }
    const text = await relay(deps, ctx, call, url.search, row);
    // A background run charged here counts its tokens against the key's TPM now.
    gate.settle(row.usage);
    const headers = addHeaders(requestIdHeaders(ctx.id, 'openai-responses'), gate.headers);
    headers['x-switchboard-provider'] = headerValue(row.provider ?? '');
    if (row.usage) headers['x-switchboard-cost-usd'] = costUsd(row.usage, row.price).toFixed(8);
    ctx.res.writeHead(200, Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }));
    ctx.res.end(text);
    recordOutcome(deps, payerOf(ctx, row), { ...row, status: 200, stream: false });
  } catch (caught) {
    // A resumed stream that failed after it began ends as the provider's did: no answer can follow it.
    if (ctx.res.headersSent) ctx.res.end();
    // A run charged before the call failed (read before a delete that failed) is still charged.
    gate?.settle(row.usage);
    const gone = ctx.clientGone.aborted && ctx.clientGone.reason instanceof GatewayError ? ctx.clientGone.reason : undefined;
    const error = gone ?? toGatewayError(caught);
    if (!ctx.res.headersSent) sendError(ctx.res, 'openai-responses', error, Object.assign({}, gate?.headers, requestIdHeaders(ctx.id, 'openai-responses')));
    recordOutcome(deps, payerOf(ctx, row), { ...row, status: ctx.close.closed && !ctx.res.writableFinished ? 499 : error.status, stream: row.stream === true, error });
  } finally {
    // A charged run's budget hold goes back in the tick its cost is recorded, never before (a
    // delete still waits on its provider after the charge).
    if (row.charged !== undefined) deps.backgroundRuns?.ended(row.charged);
  }
}

/** The context a call's row is recorded in: a run's cost is its starter's, so the row and the budgets are that key's when the gateway knows it. */
const payerOf = (ctx: RequestContext, row: StoredCallRow): RequestContext => (row.payer === undefined ? ctx : { ...ctx, key: row.payer });

/**
 * What the log row of a call by id says beyond its status: the call, who answered, the model the
 * answer names, and the usage and price of a background run it found done and charges.
 */
interface StoredCallRow {
  alias: string;
  /** A resumed stream's row. */
  stream?: boolean;
  provider?: string;
  servedModel?: string;
  attempts: AttemptRecord[];
  usage?: Usage;
  price?: ModelPrice;
  /** Whose run it charges, when the gateway still knows who started it (null: a call without a key). */
  payer?: KeyIdentity | null;
  /** The id of the run it charges, whose hold goes back when the row is recorded. */
  charged?: string;
}

interface StoredCall {
  id: string;
  /** `''` (retrieve or delete), `cancel` or `input_items`. */
  call: string;
  method: 'GET' | 'DELETE' | 'POST';
  /** A background run's stream, resumed (`GET ?stream=true`). */
  stream: boolean;
}

/** The call a path and method ask for; throws the caller's error for one the gateway does not relay. */
function storedCall(url: URL, method: string, ctx: RequestContext): StoredCall {
  const match = PATH.exec(url.pathname);
  if (!match) throw notStored();
  const id = decodePathPart(match[1] ?? '');
  // Providers' ids are plain (`resp_…`); anything else (bad percent-encoding included) was never recorded.
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw notStored();
  const call = match[2] ?? '';
  const allowed = METHODS[call] ?? [];
  if (!allowed.includes(method)) {
    ctx.res.setHeader('allow', allowed.join(', '));
    throw new GatewayError('invalid_request', `Method ${method} is not allowed here; use ${allowed.join(' or ')}`, { status: 405, code: 'method_not_allowed' });
  }
  const stream = url.searchParams.getAll('stream').includes('true');
  if (stream && (method !== 'GET' || call !== '')) {
    throw new GatewayError('invalid_request', "stream=true is only for GET /v1/responses/{id}: a background run's stream, resumed", { param: 'stream', code: 'unsupported_parameter', retryable: false });
  }
  return { id, call, method: method as StoredCall['method'], stream };
}

/** Who stored the response `id` and where, for its owner (or the master key) only; throws the caller's 404 otherwise. */
function reach(deps: PipelineDeps, ctx: RequestContext, id: string, row: StoredCallRow): { owner: ResponseOwner; provider: Provider; api: NativeApi } {
  const owner = deps.responseOwners?.find(id);
  const keyId = ctx.key?.id ?? null;
  if (!owner || (owner.keyId !== keyId && keyId !== MASTER_KEY_ID)) throw notStored();
  const provider = deps.providerNamed?.(owner.provider);
  const api = provider?.kind.nativeApis?.['openai-responses'];
  if (!provider || !api) throw notStored(`the provider that stored it ("${owner.provider}") is no longer in the config, or no longer takes the Responses API natively`);
  row.provider = provider.name;
  return { owner, provider, api };
}

/** Relays the call to the provider that stored the response, for its owner only; fills in `row` as it learns who answered. */
async function relay(deps: PipelineDeps, ctx: RequestContext, { id, call, method }: StoredCall, search: string, row: StoredCallRow): Promise<string> {
  const { owner, provider, api } = reach(deps, ctx, id, row);
  const send = await sender(provider, api, id, AbortSignal.any([toAbortSignal(ctx.clientGone), AbortSignal.timeout(RELAY_TIMEOUT_MS)]));
  const started = performance.now();
  let text: string;
  try {
    // A background run not yet charged is read before it is deleted, so its cost goes with it.
    if (method === 'DELETE' && owner.unbilled) chargeEndedRun(deps, id, owner, api, parseJsonObject(await send('GET', '')), row);
    text = await send(method, `${call ? `/${call}` : ''}${search}`);
  } catch (error) {
    const failed = toGatewayError(error);
    row.attempts.push({ provider: provider.name, model: '', status: failed.status, latencyMs: elapsed(started), error: failed.message, outcome: 'failed' });
    // Gone at the provider (deleted elsewhere, or expired): nothing left to relay.
    if (failed.status === 404) forget(deps, id);
    throw error;
  }
  const answer = parseJsonObject(text);
  row.servedModel = modelOf(answer);
  row.attempts.push({ provider: provider.name, model: row.servedModel ?? '', status: 200, latencyMs: elapsed(started), outcome: 'ok' });
  if (method === 'DELETE') forget(deps, id);
  else chargeEndedRun(deps, id, owner, api, answer, row);
  return text;
}

/** Events that end a Responses stream, each carrying the response as it ended. */
const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed', 'response.cancelled']);

/**
 * A background run's stream, resumed after `starting_after` (or from its start): the provider's
 * events relayed as they come, until the run ends or the client leaves. The event that ends the
 * run charges it, as a call by id that finds it ended does. Nothing is translated: only OpenAI's
 * (and Azure's native) Responses API streams stored runs.
 */
async function resumeStream(deps: PipelineDeps, ctx: RequestContext, { id }: StoredCall, search: string, row: StoredCallRow, gate: Gate): Promise<void> {
  const { owner, provider, api } = reach(deps, ctx, id, row);
  const { url, headers } = await callOn(provider, api, id, ctx.clientGone, 'text/event-stream');
  const started = performance.now();
  const upstream = await sendUpstream(provider.name, { url: `${url}${search}`, method: 'GET', headers, signal: ctx.clientGone });
  if (upstream.statusCode >= 400) {
    const failed = await readUpstreamError(provider, upstream, ctx.clientGone);
    row.attempts.push({ provider: provider.name, model: '', status: failed.status, latencyMs: elapsed(started), error: failed.message, outcome: 'failed' });
    if (failed.status === 404) forget(deps, id);
    throw failed;
  }
  const writer = openStream(ctx.res, Object.assign(addHeaders(requestIdHeaders(ctx.id, 'openai-responses'), gate.headers), { 'x-switchboard-provider': headerValue(provider.name) }), 0);
  const decoder = new SseDecoder();
  // Numbers an error frame on from the provider's events, as a relayed Responses stream's is.
  const tap = api.usageTap();
  /** Each whole event, as its frame (a chunk may end mid-event, and an error frame must not follow half of one). */
  const relayed = (events: SseEvent[]): string => {
    let out = '';
    for (const event of events) {
      out += sseFrame(event.data, event.event);
      tap.observe(event);
      if (event.event === undefined || !TERMINAL_EVENTS.has(event.event)) continue;
      const ended = parseJsonObject(event.data)?.response;
      if (isObject(ended)) {
        row.servedModel = modelOf(ended) ?? row.servedModel;
        chargeEndedRun(deps, id, owner, api, ended, row);
      }
    }
    return out;
  };
  try {
    for (;;) {
      const next = await upstream.body.next();
      if (next.done) break;
      await writer.write(relayed(decoder.push(next.value)));
    }
    await writer.write(relayed(decoder.end()));
  } catch (error) {
    upstream.body.destroy();
    // The client left: the run goes on at the provider, to be charged by a later look.
    if (ctx.clientGone.aborted) return;
    const failed = withoutSecretsIn(networkError(provider.name, error, ctx.clientGone), await provider.secrets());
    row.attempts.push({ provider: provider.name, model: row.servedModel ?? '', status: failed.status, latencyMs: elapsed(started), error: failed.message, outcome: 'failed' });
    // Never a silent truncation: the client reads an error event, then the stream ends.
    await writer.write(tap.errorFrames?.(failed) ?? '');
    throw failed;
  } finally {
    writer.end();
  }
  row.attempts.push({ provider: provider.name, model: row.servedModel ?? '', status: 200, latencyMs: elapsed(started), outcome: 'ok' });
}

/** Where the response `id` is at the provider that stored it, and the headers (its key) a call on it goes with. */
async function callOn(provider: Provider, api: NativeApi, id: string, signal: CancelSignal, accept: string): Promise<{ url: string; headers: Record<string, string> }> {
  const headers = { ...(await provider.headers()), ...provider.kind.headers(await provider.apiKey(signal)), accept };
  return { url: `${api.url(provider.baseUrl)}/${encodeURIComponent(id)}`, headers };
}

/** The model an answer names, if it names one. */
const modelOf = (answer: Record<string, unknown> | undefined): string | undefined => (typeof answer?.model === 'string' && answer.model !== '' ? answer.model : undefined);

/** Sends calls on the response `id` to the provider that stored it, with its key. */
async function sender(provider: Provider, api: NativeApi, id: string, signal: AbortSignal): Promise<(how: StoredCall['method'], path: string) => Promise<string>> {
  const { url: base, headers } = await callOn(provider, api, id, signal, 'application/json');
  // Through the upstream pool, and read as any provider answer is: an error keeps the
  // provider's meaning without its secrets, and a 401 makes the key be read again.
  return (how, path) =>
    fetchUpstreamText(provider, { url: `${base}${path}`, method: how, headers: how === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers, body: how === 'POST' ? '{}' : undefined, signal });
}

/**
 * The gateway's own look at a background run it holds (pipeline/background-runs.ts), for runs
 * nobody asks after through it: a client that polls the provider directly, or never, or goes
 * on from the run by `previous_response_id`. One GET to the provider that stored it; a run found
 * ended is charged as a call by id would charge it, in a row of its own (alias
 * `GET /v1/responses/{id}`, metadata `switchboard.purpose: background-run`), to the key that
 * started it. True when there is nothing more to watch: charged, gone, or no longer reachable.
 */
export async function checkBackgroundRun(deps: PipelineDeps, id: string): Promise<boolean> {
  const owner = deps.responseOwners?.find(id);
  // Charged already (by a call by id), or forgotten.
  if (!owner?.unbilled) return true;
  const provider = deps.providerNamed?.(owner.provider);
  const api = provider?.kind.nativeApis?.['openai-responses'];
  if (!provider || !api) return true;
  const call = { id: newRequestId(), receivedAt: Date.now(), started: performance.now(), key: null, endpoint: 'responses' as const, req: { headers: {} } };
  const row: StoredCallRow = { alias: `GET /v1/responses/${id}`, attempts: [], provider: provider.name };
  let text: string;
  try {
    text = await (await sender(provider, api, id, AbortSignal.timeout(RELAY_TIMEOUT_MS)))('GET', '');
  } catch (error) {
    // Gone at the provider: nothing left to charge. Any other failure: the next look tries again.
    if (toGatewayError(error).status !== 404) throw error;
    forget(deps, id);
    return true;
  }
  const answer = parseJsonObject(text);
  chargeEndedRun(deps, id, owner, api, answer, row);
  if (row.charged === undefined) return false;
  row.servedModel = modelOf(answer);
  row.attempts.push({ provider: provider.name, model: row.servedModel ?? '', status: 200, latencyMs: elapsed(call.started), outcome: 'ok' });
  recordOutcome(deps, { ...call, key: row.payer ?? null }, { ...row, status: 200, stream: false, metadata: { 'switchboard.purpose': 'background-run' } });
  deps.backgroundRuns?.ended(id);
  return true;
}

/**
 * Charges a background run, once, when `answer` shows it ended: its usage at the price of the
 * target that ran it, in this call's row, to the key that started it (when known), whose
 * budget hold goes back. The claim is one SQLite update, so two calls at once (or two
 * processes) cannot both charge it.
 */
function chargeEndedRun(deps: PipelineDeps, id: string, owner: ResponseOwner, api: NativeApi, answer: Record<string, unknown> | undefined, row: StoredCallRow): void {
  if (!owner.unbilled || answer?.object !== 'response' || api.unfinishedRun?.(answer) !== false) return;
  if (!deps.responseOwners?.claimUnbilled(id)) return;
  row.usage = api.usageTap().fromResponse(answer) ?? emptyUsage();
  row.price = owner.unbilled.price;
  row.charged = id;
  // Whose run it is: the hold knows; after a restart, which forgets the holds, the owner row does.
  const run = deps.backgroundRuns?.ownerOf(id);
  const starter = run ? run.owner : owner.keyId === null ? null : deps.keyIdentity?.(owner.keyId);
  if (starter !== undefined) row.payer = starter;
}

/** A response gone (deleted, or unknown to its provider now): no call can reach it, and a run of it holds nothing more. */
function forget(deps: PipelineDeps, id: string): void {
  deps.responseOwners?.forget(id);
  deps.backgroundRuns?.ended(id);
}

const elapsed = (started: number): number => Math.round((performance.now() - started) * 100) / 100;

/**
 * Anything below `/v1/responses/` the gateway cannot relay: an id it did not see a provider
 * store, or another key's; OpenAI's compact and input_tokens helpers.
 */
export function notStored(why?: string): GatewayError {
  const reason = why ?? 'no provider stored a response with this id for this key through the gateway';
  return new GatewayError('not_found', `Response not found: ${reason}. Calls by id (retrieve, delete, cancel, input_items) reach the provider that stored the response, for the key that made it; go on from an answer by sending the whole conversation in \`input\` (\`store: false\`), or by \`previous_response_id\` on a route to OpenAI`, {
    code: 'response_not_found',
    retryable: false,
  });
}
