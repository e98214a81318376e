import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest, ChatResponse, StreamEvent } from '../canonical/types';
import { GatewayError } from '../errors/gateway-error';
import type { StreamParser } from '../formats/types';
import { isObject } from '../formats/json-object';
import { spliceMembers } from '../formats/json-splice';
import type { ReadAnswer } from '../providers/answer-formats';
import type { ClientShape, NativeApi } from '../providers/types';
import type { Candidate } from '../routing/types';
import { SseDecoder } from '../sse/decoder';
import type { SseEvent } from '../sse/decoder';
import { networkError, sendUpstream } from '../upstream/http';
import type { CancelSignal } from '../upstream/cancel';
import { fetchUpstreamText } from '../upstream/reply';
import { parseUpstreamJson, readUpstreamError, withoutSecretsIn } from '../upstream/upstream-error';
import type { UpstreamRequest, UpstreamResponse } from '../upstream/http';
import { quotaReader, type UpstreamQuotas } from '../upstream/upstream-quotas';
import { withAnthropicClientHeaders } from './anthropic-headers';
import type { ProviderWait } from './provider-wait';
import { requestParts } from './request-parts';
import { targetParams } from './target-params';
import { bodyWithOtherTokenField, learnedTokenField, limitChanges } from './token-field';

/** A chat request as the client sent it, plus its canonical form. */
export interface ChatInput {
  shape: ClientShape;
  raw: Record<string, unknown>;
  request: ChatRequest;
  /** Why the request cannot be translated, if it cannot; it can still go natively. */
  untranslatable?: GatewayError;
  /** The body's text as the client sent it, when `raw` is exactly what it parses to (no guardrail rewrote it). */
  rawText?: string;
  /** The body is not in the shape the client reads answers in (pipeline/body-shape.ts): never sent natively. */
  translateOnly?: true;
  clientHeaders: IncomingHttpHeaders;
  /** Where every attempt counts the time it waited on its provider (the call's overhead is the rest). */
  wait: ProviderWait;
}

/** An upstream response the executor committed to. */
export type CommittedResponse =
  /** `read`: what reads the provider's answer (its format's, or its native API's, `parseResponse`). */
  | { kind: 'json'; native: true; text: string; json: unknown; read: ReadAnswer }
  /** A translated answer, already read: one that is no answer failed its attempt instead. */
  | { kind: 'json'; native: false; text: string; json: unknown; read: ReadAnswer; response: ChatResponse }
  | {
      kind: 'stream';
      native: boolean;
      /** The client asked for no usage but we asked upstream for it: drop that chunk. */
      injectedUsage: boolean;
      upstream: UpstreamResponse;
      /** Bytes already read from upstream while probing the start of the stream. */
      head: Buffer[];
      decoder: SseDecoder;
      /** SSE events decoded from `head`. */
      headEvents: SseEvent[];
      /** Canonical events parsed from `headEvents` (translated streams). */
      parsed: StreamEvent[];
      parser: StreamParser;
    };

/**
 * One attempt: build the provider request (native or translated), send it, turn an error
 * status into a GatewayError that keeps the upstream's meaning, and commit only once the
 * response is known good — for a stream, once its first events parsed cleanly, so a stream
 * that fails before its first byte can still fall back.
 */
export async function attemptChat(input: ChatInput, candidate: Candidate, signal: CancelSignal, quotas?: UpstreamQuotas): Promise<CommittedResponse> {
  const { provider } = candidate;
  // The provider's own chat shape, or another it takes at an endpoint of its own (OpenAI's Responses API).
  const ownShape = provider.kind.nativeShape === input.shape;
  const own = !input.translateOnly && ownShape;
  const api = ownShape ? undefined : provider.kind.nativeApis?.[input.shape];
  const native = own || (api !== undefined && !input.translateOnly);
  // A body the client reads in another shape (translateOnly) still goes as sent to the endpoint
  // that takes its shape, when the provider has one: only the answer is translated. So a model
  // only OpenAI's Responses API serves is reachable from Cursor's Responses bodies too, and its
  // Anthropic bodies reach Claude with their cache_control, thinking and tool blocks whole.
  const asSent = ownShape || api !== undefined;
  const stream = input.request.stream;
  // OpenAI-shaped chat servers differ on the output limit's name, per model and API version.
  const openaiShaped = provider.kind.nativeShape === 'openai' && api === undefined;
  const learned = openaiShaped ? learnedTokenField(provider.name, candidate.model) : undefined;
  let injectedUsage = false;
  let body: string;
  if (asSent) {
    // Gemini's body names no model: its URL does (the provider's chat URL, for the target's model).
    const changes: Record<string, unknown> = input.shape === 'gemini' ? {} : { model: candidate.model };
    if (stream && input.shape === 'openai' && !input.request.streamUsage && provider.kind.streamUsageUnasked !== true) {
      changes.stream_options = Object.assign({}, isObject(input.raw.stream_options) ? input.raw.stream_options : {}, { include_usage: true });
      injectedUsage = true;
    }
    const fixes = (api ?? provider.kind).nativeFixes?.(input.raw, candidate.model);
    if (fixes) Object.assign(changes, fixes.set);
    // Chat Completions' stream_options (include_usage), which the Responses API refuses.
    let drop = input.translateOnly && input.raw.stream_options !== undefined ? [...(fixes?.drop ?? []), 'stream_options'] : fixes?.drop;
    const { params } = candidate.target;
    let limit: ReturnType<typeof limitChanges>;
    // Only a body whose limit may change pays for a copy (most calls: nothing learned, no limit forced).
    if (openaiShaped && (learned !== undefined || params?.max_tokens !== undefined || params?.max_completion_tokens !== undefined)) {
      const sent: Record<string, unknown> = { ...input.raw, ...changes };
      for (const name of drop ?? []) delete sent[name];
      limit = limitChanges(sent, params, learned);
    }
    if (params) Object.assign(changes, targetParams(api?.targetParams ? api.targetParams(params, input.raw) : params, { ...input.raw, ...changes }));
    if (limit) {
      Object.assign(changes, limit.set);
      const { set } = limit;
      drop = [...(drop ?? []).filter((name) => !(name in set)), ...limit.drop];
    }
    body = nativeBody(input, changes, drop);
  } else {
    if (input.untranslatable) throw input.untranslatable;
    const built = provider.kind.format.buildRequest(input.request, candidate.model, input.shape);
    const { params } = candidate.target;
    const limit = openaiShaped ? limitChanges(built, params, learned) : undefined;
    if (params) Object.assign(built, targetParams(params, built));
    if (limit) {
      Object.assign(built, limit.set);
      for (const name of limit.drop) delete built[name];
    }
    body = JSON.stringify(built);
  }

  const key = await provider.apiKey(signal);
  const fixed = requestParts(candidate, key, await provider.headers(), stream);
  const headers = native && input.shape === 'anthropic' ? withAnthropicClientHeaders(fixed.headers, input.clientHeaders) : fixed.headers;
  const url = api ? api.url(provider.baseUrl) : fixed.url;
  const onResponse = quotaReader(quotas, provider.name, candidate.model);
  try {
    // No closure for the retry: this runs on every call, the retry almost never.
    return await exchange(candidate, { url, headers, body, signal, onResponse }, native, stream, injectedUsage, api, input.wait);
  } catch (error) {
    // A server that refused the output limit's field gets the other, once; the deployment keeps it.
    const swapped = openaiShaped ? bodyWithOtherTokenField(error, provider.name, candidate.model, body) : undefined;
    if (swapped === undefined) throw error;
    return await exchange(candidate, { url, headers, body: swapped, signal, onResponse }, native, stream, injectedUsage, api, input.wait);
  }
}

/**
 * Sends one request and commits to its answer: read whole, or a stream whose first events
 * parsed. The time until then, failed or not, is counted in `wait`.
 */
async function exchange(candidate: Candidate, sent: UpstreamRequest, native: boolean, stream: boolean, injectedUsage: boolean, api: NativeApi | undefined, wait: ProviderWait): Promise<CommittedResponse> {
  const { provider } = candidate;
  // Timed inline rather than through wait.time: this runs on every call, and an async wrapper
  // costs a promise and a microtask hop of its own.
  const since = performance.now();
  if (!stream) {
    let text: string;
    try {
      text = await fetchUpstreamText(provider, sent);
    } finally {
      wait.add(since);
    }
    const json = parseUpstreamJson(provider, text);
    const read = (api ?? provider.kind.format).parseResponse;
    if (native) return { kind: 'json', native, text, json, read };
    // Read within the attempt, so a 200 that is no answer (an error body, a failed generation)
    // can still be retried or fall back, as a stream that fails before its first byte can.
    try {
      const response = read(json);
      // An OpenAI-compatible server that says so (OpenRouter's finish_reason "error"): the
      // client's format has no such ending, and a broken answer must not pass for a whole one.
      if (response.finishReason === 'error') {
        throw new GatewayError('upstream', `Provider "${provider.name}" reported that the generation failed (finish_reason "error")`, {
          status: 502,
          code: 'upstream_generation_failed',
          provider: provider.name,
          retryable: true,
        });
      }
      return { kind: 'json', native, text, json, read, response };
    } catch (error) {
      // A provider's words about its failure, without its secrets.
      throw error instanceof GatewayError ? withoutSecretsIn(error, await provider.secrets()) : error;
    }
  }
  try {
    return await openStream(candidate, sent, native, injectedUsage, api);
  } finally {
    wait.add(since);
  }
}

/** Sends a streaming request and reads until its first events parsed (see probeStream). */
async function openStream(candidate: Candidate, sent: UpstreamRequest, native: boolean, injectedUsage: boolean, api: NativeApi | undefined): Promise<CommittedResponse> {
  const { provider } = candidate;
  const { signal } = sent;
  const upstream = await sendUpstream(provider.name, sent);
  if (upstream.statusCode >= 400) throw await readUpstreamError(provider, upstream, signal);
  try {
    const parser = api ? api.createStreamParser() : provider.kind.format.createStreamParser();
    return await probeStream(candidate, upstream, parser, native, injectedUsage);
  } catch (error) {
    upstream.body.destroy();
    // An error event in the stream's first frames carries the provider's own words.
    throw withoutSecretsIn(networkError(provider.name, error, signal), await provider.secrets());
  }
}

/**
 * The client's body with `changes` made and the `drop` members left out: spliced into the text it
 * sent when there is one and nothing is left out (only those members change, no re-serialising
 * of the prompt), else the parsed body re-serialised.
 */
function nativeBody(input: ChatInput, changes: Record<string, unknown>, drop?: readonly string[]): string {
  if (drop !== undefined && drop.length > 0) {
    const body: Record<string, unknown> = { ...input.raw, ...changes };
    for (const name of drop) delete body[name];
    return JSON.stringify(body);
  }
  if (input.rawText !== undefined) {
    const set: Record<string, string> = {};
    for (const [name, value] of Object.entries(changes)) set[name] = JSON.stringify(value);
    const spliced = spliceMembers(input.rawText, set);
    if (spliced !== undefined) return spliced;
  }
  // A spread, not Object.assign: an own "__proto__" key from JSON.parse must pass through as data.
  return JSON.stringify({ ...input.raw, ...changes });
}

async function probeStream(candidate: Candidate, upstream: UpstreamResponse, parser: StreamParser, native: boolean, injectedUsage: boolean): Promise<CommittedResponse> {
  const decoder = new SseDecoder();
  const head: Buffer[] = [];
  const headEvents: SseEvent[] = [];
  const parsed: StreamEvent[] = [];
  // Read until the stream has said something meaningful; an error event or an empty stream
  // here still counts as a failed attempt.
  while (parsed.length === 0) {
    const next = await upstream.body.next();
    if (next.done) {
      for (const event of decoder.end()) parsed.push(...parser.push(event));
      if (parsed.length === 0) {
        throw new GatewayError('upstream', `Provider "${candidate.provider.name}" ended the stream before sending anything`, {
          provider: candidate.provider.name,
          code: 'empty_stream',
          status: 502,
          retryable: true,
        });
      }
      break;
    }
    head.push(next.value);
    for (const event of decoder.push(next.value)) {
      headEvents.push(event);
      parsed.push(...parser.push(event));
    }
  }
  return { kind: 'stream', native, injectedUsage, upstream, head, decoder, headEvents, parsed, parser };
}

