import type { ChatResponse, StreamEvent, Usage } from '../canonical/types';
import { StreamCollector } from '../canonical/collect';
import { isObject } from '../formats/json-object';
import { isUsageOnlyChunk } from '../formats/openai';
import { GeminiJsonArrayFraming } from '../formats/gemini';
import type { ClientFormat, RenderContext, StreamFraming } from '../formats/types';
import { restoreChatResponse, restoreResponseBody } from '../guardrails';
import type { Vault } from '../guardrails';
import type { NativeAnswer } from '../cache/response-cache';
import { answerFormat } from '../providers/answer-formats';
import type { ClientShape } from '../providers/types';
import type { ExecutionResult } from '../routing/executor';
import type { GatewayError } from '../errors/gateway-error';
import type { CommittedResponse } from './chat-attempt';
import type { RequestContext } from './context';
import { relayStream, startModel } from './relay-stream';
import { openStream } from './stream-writer';
import type { CutList } from '../upstream/cut-list';

type JsonResult = ExecutionResult<Extract<CommittedResponse, { kind: 'json' }>>;
type StreamResult = ExecutionResult<Extract<CommittedResponse, { kind: 'stream' }>>;

export interface ResponseOptions {
  client: ClientFormat;
  shape: ClientShape;
  render: RenderContext;
  restore: Vault | undefined;
  /** Also produce the canonical answer (for the cache). */
  wantCanonical: boolean;
}

export interface JsonOutcome {
  text: string;
  usage: Usage | undefined;
  /** The model the answer names. */
  model: string | undefined;
  /** The answer as the provider gave it, before placeholders were restored. */
  canonical: ChatResponse | undefined;
  /** `canonical` as the provider wrote it, for the cache to keep (when its reader has a name). */
  native?: NativeAnswer;
  /** The id under which the provider stored the answer (Responses API). */
  storedId?: string;
  /** The answer is a background run not yet finished: its cost is charged when a call by id finds it done. */
  unfinished?: boolean;
}

/** A committed non-streaming upstream answer, in the client's shape. */
export function jsonResponse(result: JsonResult, options: ResponseOptions): JsonOutcome {
  const { value, candidate } = result;
  const { kind } = candidate.provider;
  if (value.native) {
    // The kind's own chat shape, or another it takes at its own endpoint (OpenAI's Responses API).
    const api = kind.nativeApis?.[options.shape];
    const usage = (api ?? kind).usageTap().fromResponse(value.json);
    // Only the cache reads it: an answer the canonical shape refuses (Gemini's MALFORMED_FUNCTION_CALL)
    // reaches its client as the provider gave it, as it would from a route without a cache.
    const canonical = options.wantCanonical ? readable(() => value.read(value.json)) : undefined;
    // Same shape on both sides: the provider's bytes go to the client untouched.
    const text = options.restore ? JSON.stringify(restoreResponseBody(value.json, options.shape, options.restore)) : value.text;
    return { text, usage, model: modelIn(value.json), canonical, native: canonical && nativeAnswer(value), storedId: api?.storedResponseId?.(value.json), unfinished: api?.unfinishedRun?.(value.json) };
  }
  // Translated answers were read by the attempt (see attemptChat).
  const parsed = value.response;
  const response = options.restore ? restoreChatResponse(parsed, options.restore) : parsed;
  const text = JSON.stringify(options.client.renderResponse(response, Object.assign({}, options.render, { model: response.model || options.render.model })));
  return { text, usage: parsed.usage, model: parsed.model || undefined, canonical: parsed, native: options.wantCanonical ? nativeAnswer(value) : undefined };
}

/** The provider's own text of an answer, under the name of what reads it back (none: the cache serialises the canonical answer). */
function nativeAnswer(value: JsonResult['value']): NativeAnswer | undefined {
  const format = answerFormat(value.read);
  return format === undefined ? undefined : { text: value.text, format };
}

function readable(parse: () => ChatResponse): ChatResponse | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

/** A native answer's `model` (OpenAI's and Anthropic's bodies both name it), if non-empty. */
function modelIn(json: unknown): string | undefined {
  return isObject(json) && typeof json.model === 'string' && json.model !== '' ? json.model : undefined;
}

export interface StreamOutcomeWithAnswer {
  usage: Usage | undefined;
  error: GatewayError | undefined;
  /** Upstream SSE events relayed (see StreamOutcome). */
  events: number;
  /** The model the stream named. */
  model: string | undefined;
  ttftMs: number | null;
  captured: string;
  /** The whole answer, when asked for and the stream completed. */
  canonical: ChatResponse | undefined;
  /** The id under which the provider stored the answer (Responses API). */
  storedId?: string;
}

/** Streams a committed upstream answer to the client; resolves when the stream is over. */
export async function streamResponse(
  ctx: RequestContext,
  result: StreamResult,
  headers: Record<string, string>,
  captureLimit: number,
  options: ResponseOptions,
  open: CutList | undefined,
): Promise<StreamOutcomeWithAnswer> {
  const committed = result.value;
  const writer = openStream(ctx.res, headers, captureLimit, clientFraming(ctx));
  const collector = options.wantCanonical ? new StreamCollector() : undefined;
  const tap = wantsTap(result) ? (result.candidate.provider.kind.nativeApis?.[options.shape] ?? result.candidate.provider.kind).usageTap() : undefined;
  const outcome = await relayStream(committed, {
    providerName: result.candidate.provider.name,
    client: options.client,
    render: options.render,
    writer,
    clientGone: ctx.clientGone,
    tap,
    isUsageOnlyChunk,
    idleTimeoutMs: result.candidate.policy.ttftTimeoutMs,
    shape: options.shape,
    restore: options.restore,
    collect: collector ? (event: StreamEvent) => collector.push(event) : undefined,
    providerSecrets: () => result.candidate.provider.secrets(),
    open,
  });
  writer.end();
  const complete = collector !== undefined && outcome.error === undefined && !ctx.clientGone.aborted && collector.finished;
  return {
    usage: outcome.usage,
    error: outcome.error,
    events: outcome.events,
    model: outcome.model,
    ttftMs: writer.firstByteAt === undefined ? null : writer.firstByteAt - ctx.started,
    captured: writer.capturedText,
    canonical: complete ? collector.response() : undefined,
    storedId: tap?.storedResponseId?.(),
  };
}

/**
 * A passthrough stream's usage comes from the tap. A translated one needs it only to read the
 * model a start event did not name (Azure's first chunk names none; Gemini names its model on
 * every frame).
 */
function wantsTap({ value, candidate }: StreamResult): boolean {
  return value.native || (candidate.provider.kind.nativeShape !== null && startModel(value.parsed) === undefined);
}

/** How the client asked its stream to be framed, when not as SSE: a Gemini stream without `alt=sse`. */
export function clientFraming(ctx: RequestContext): StreamFraming | undefined {
  return ctx.urlCall?.framing === 'json-array' ? new GeminiJsonArrayFraming() : undefined;
}
