import type { StreamEvent, Usage } from '../canonical/types';
import { GatewayError, streamTruncated } from '../errors/gateway-error';
import type { ClientFormat, RenderContext, StreamRenderer, UsageTap } from '../formats/types';
import { createEventRestorer, createSseRestorer } from '../guardrails';
import type { SseRestorer, Vault } from '../guardrails';
import type { ClientShape } from '../providers/types';
import { sseFrame } from '../sse/decoder';
import type { SseEvent } from '../sse/decoder';
import { networkError } from '../upstream/http';
import type { CancelSignal } from '../upstream/cancel';
import type { CutList } from '../upstream/cut-list';
import { withoutSecretsIn } from '../upstream/upstream-error';
import type { CommittedResponse } from './chat-attempt';
import type { StreamWriter } from './stream-writer';
import { UsageAccumulator } from './usage-accumulator';

type CommittedStream = Extract<CommittedResponse, { kind: 'stream' }>;

export interface StreamOutcome {
  usage: Usage | undefined;
  /** Set when the stream failed after it had started; the client got an error event. */
  error: GatewayError | undefined;
  /** SSE events the provider sent that reached the relay: a measure of a cut-short answer. */
  events: number;
  /** The model the provider said served the stream, when it named one. */
  model: string | undefined;
}

export interface RelayOptions {
  providerName: string;
  client: ClientFormat;
  render: RenderContext;
  writer: StreamWriter;
  clientGone: CancelSignal;
  /**
   * The provider kind's usage tap: required for native passthrough; for a translated stream, it
   * reads the model only when the start event named none (Azure opens with an annotation chunk).
   */
  tap: UsageTap | undefined;
  isUsageOnlyChunk: (data: string) => boolean;
  /** A stream silent this long after it started is cut and ends with an error event. */
  idleTimeoutMs: number;
  /** The client's API shape (for restoring placeholders in native frames). */
  shape: ClientShape;
  /** Placeholders to put back into the output (PII guardrail in restore mode). */
  restore?: Vault;
  /** How a native stream's events are restored, when not as the client shape's chat events are (text completions). */
  sseRestorer?: (vault: Vault) => SseRestorer;
  /** Sees every canonical event of the response as it came from the provider (for caching). */
  collect?: (event: StreamEvent) => void;
  /** The provider's secrets (key, header secrets), read only when an in-stream error may echo them. */
  providerSecrets?: () => Promise<readonly string[]>;
  /** Where the stream is listed while relayed, for a shutdown to cut it with an error event. */
  open?: CutList;
}

/**
 * Carries a committed upstream stream to the client: byte for byte when the shapes match,
 * through parser → renderer when they differ. A failure after the first byte ends the stream
 * with an error event in the client's shape — never a silent truncation.
 */
export async function relayStream(stream: CommittedStream, options: RelayOptions): Promise<StreamOutcome> {
  const sink = stream.native ? nativeSink(stream, options) : translatedSink(stream, options);
  // A Cancellation never calls a listener added after its abort: a client that left before
  // this line must be seen here, or the relay would read the whole answer for nobody.
  if (options.clientGone.aborted) {
    stream.upstream.body.destroy();
    return { usage: sink.usage(), error: undefined, events: sink.events(), model: sink.model() };
  }
  const onGone = (): void => void stream.upstream.body.destroy();
  options.clientGone.addEventListener('abort', onGone, { once: true });
  options.open?.add(stream.upstream.body);
  let error: GatewayError | undefined;
  let idle: GatewayError | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** True while a chunk is written: a slow client is not a silent provider. */
  let writing = false;
  // One timer, refreshed per chunk: cheaper than a new timer per chunk across many streams.
  const arm = (): void => {
    if (timer) {
      timer.refresh();
      return;
    }
    timer = setTimeout(() => {
      if (writing) return void timer?.refresh();
      idle = new GatewayError('timeout', `Provider "${options.providerName}" sent nothing for ${options.idleTimeoutMs} ms mid-stream`, {
        provider: options.providerName,
        code: 'stream_idle_timeout',
        status: 504,
      });
      stream.upstream.body.destroy(idle);
    }, options.idleTimeoutMs);
  };
  try {
    await sink.head();
    for (;;) {
      arm();
      const next = await stream.upstream.body.next();
      if (next.done) break;
      writing = true;
      await sink.chunk(next.value);
      writing = false;
    }
    clearTimeout(timer);
    await sink.end();
  } catch (caught) {
    clearTimeout(timer);
    if (options.clientGone.aborted) return { usage: sink.usage(), error: undefined, events: sink.events(), model: sink.model() };
    error = idle ?? withoutSecretsIn(caught instanceof GatewayError ? caught : networkError(options.providerName, caught), (await options.providerSecrets?.()) ?? []);
    stream.upstream.body.destroy();
    await options.writer.write((sink.renderer ?? errorRenderer(options)).error(error));
  } finally {
    options.clientGone.removeEventListener('abort', onGone);
    options.open?.remove(stream.upstream.body);
  }
  return { usage: sink.usage(), error, events: sink.events(), model: sink.model() };
}

interface Sink {
  head(): Promise<void>;
  chunk(bytes: Buffer): Promise<void>;
  end(): Promise<void>;
  usage(): Usage | undefined;
  /** Upstream SSE events handled so far. */
  events(): number;
  model(): string | undefined;
  /**
   * The renderer of a translated stream, which writes its error frame too: a Responses stream
   * numbers every event, so its error must follow on from the frames already sent.
   */
  readonly renderer?: StreamRenderer;
}

function nativeSink(stream: CommittedStream, options: RelayOptions): Sink {
  const tap = options.tap as UsageTap;
  const { writer, collect } = options;
  const { restore } = options;
  const restorer = restore === undefined ? undefined : options.sseRestorer ? options.sseRestorer(restore) : createSseRestorer(options.shape, restore);
  // The provider's bytes go through untouched unless frames must change: an injected usage
  // chunk to drop, or placeholders to restore. Then frames are re-emitted, each upstream
  // chunk's in one write (a write is a syscall; a chunk often holds several events).
  const rewrite = stream.injectedUsage || restorer !== undefined;
  /** An event's frames as the client gets them when frames are re-emitted ('' to drop it). */
  const rewritten = (event: SseEvent): string => {
    if (stream.injectedUsage && options.isUsageOnlyChunk(event.data)) return '';
    if (!restorer) return sseFrame(event.data, event.event);
    let out = '';
    for (const frame of restorer.push(event)) out += sseFrame(frame.data, frame.event);
    return out;
  };
  /**
   * Taps the events and, when rewriting, writes their frames: one write for all of them. An
   * error event mid-chunk throws, after the frames before it are written.
   */
  let count = 0;
  const forward = async (events: SseEvent[], parse: boolean, emit: boolean): Promise<void> => {
    count += events.length;
    let out = '';
    try {
      for (const event of events) {
        if (isProviderError(event)) throw providerError(stream, event, options.providerName);
        if (parse && collect) for (const canonical of stream.parser.push(event)) collect(canonical);
        tap.observe(event);
        if (emit) out += rewritten(event);
      }
    } finally {
      await writer.write(out);
    }
  };
  /** Whether the decoder holds part of an event: the bytes written so far end mid-frame. */
  let partial = stream.head.length > 0 && !endsAtEventBoundary(stream.head[stream.head.length - 1] as Buffer);
  return {
    async head() {
      // As for chunks below: bytes as sent only if they end with a whole event.
      const raw = !rewrite && !partial;
      if (raw) for (const bytes of stream.head) await writer.write(bytes);
      // The head was parsed while probing the stream; its canonical events are ready.
      if (collect) for (const canonical of stream.parsed) collect(canonical);
      await forward(stream.headEvents, false, !raw);
    },
    async chunk(bytes) {
      const events = stream.decoder.push(bytes);
      // Bytes go out as sent only when they hold whole events, none of them the provider's
      // error: that one is answered as every failure is, with one error frame (and without a
      // key the provider echoed), and a frame the client got half of could not be taken back.
      // Other chunks go out as their events' frames, the same events.
      const endsWhole = endsAtEventBoundary(bytes);
      const whole = !partial && endsWhole;
      partial = !endsWhole;
      const raw = !rewrite && whole && !events.some(isProviderError);
      if (raw) await writer.write(bytes);
      if (events.length > 0) await forward(events, true, !raw);
    },
    async end() {
      // What the decoder still holds was never written as sent (see chunk).
      await forward(stream.decoder.end(), true, true);
      if (restorer) for (const out of restorer.end()) await writer.write(sseFrame(out.data, out.event));
      if (!tap.finished()) throw streamTruncated(options.providerName);
    },
    usage: () => tap.usage(),
    events: () => count,
    // The head was parsed while probing, so its start event (and model) is known.
    model: () => tap.model?.() ?? startModel(stream.parsed),
    // A format whose error frames follow on from the provider's own (numbered Responses events).
    renderer: tap.errorFrames ? { push: () => '', end: () => '', error: (error) => tap.errorFrames?.(error) ?? '' } : undefined,
  };
}

function translatedSink(stream: CommittedStream, options: RelayOptions): Sink {
  const renderer = options.client.createStreamRenderer(options.render);
  const usage = new UsageAccumulator();
  const restorer = options.restore ? createEventRestorer(options.restore) : undefined;
  let finished = false;
  const model = startModel(stream.parsed);
  // Only a stream that has not named its model yet pays for the tap's look at each event.
  const modelTap = model === undefined ? options.tap : undefined;
  /** The client's frames for canonical events ('' when they render to nothing yet). */
  const render = (events: StreamEvent[]): string => {
    let out = '';
    for (const event of events) {
      usage.observe(event);
      options.collect?.(event);
      if (event.type === 'finish') finished = true;
      if (!restorer) out += renderer.push(event);
      else for (const restored of restorer.push(event)) out += renderer.push(restored);
    }
    return out;
  };
  const emit = (events: StreamEvent[]): Promise<void> => options.writer.write(render(events));
  /** One upstream chunk's events, in one write (made also when an error event throws mid-chunk). */
  let count = 0;
  const parse = async (events: SseEvent[]): Promise<void> => {
    count += events.length;
    let out = '';
    try {
      for (const event of events) {
        modelTap?.observe(event);
        out += render(stream.parser.push(event));
      }
    } finally {
      await options.writer.write(out);
    }
  };
  return {
    head() {
      count += stream.headEvents.length;
      if (modelTap) for (const event of stream.headEvents) modelTap.observe(event);
      return emit(stream.parsed);
    },
    chunk: (bytes) => parse(stream.decoder.push(bytes)),
    async end() {
      await parse(stream.decoder.end());
      await emit(stream.parser.end());
      if (restorer) for (const out of restorer.end()) await options.writer.write(renderer.push(out));
      if (!finished) throw streamTruncated(options.providerName);
      await options.writer.write(renderer.end());
    },
    usage: () => usage.usage(),
    events: () => count,
    model: () => model ?? modelTap?.model?.(),
    renderer,
  };
}

/** The model a stream's start event names, if it names one. */
export function startModel(events: readonly StreamEvent[]): string | undefined {
  const start = events[0];
  return start?.type === 'start' && start.model !== '' ? start.model : undefined;
}

/**
 * A fresh renderer, used only for its error frame: a native stream's error frames need no stream
 * state, except where its usage tap writes them from what it saw (`UsageTap.errorFrames`).
 */
function errorRenderer(options: RelayOptions): StreamRenderer {
  return options.client.createStreamRenderer(options.render);
}

/** Whether `bytes` end with the blank line that ends an SSE event (`\n\n` or `\r\n\r\n`). */
function endsAtEventBoundary(bytes: Buffer): boolean {
  const n = bytes.length;
  return n >= 2 && bytes[n - 1] === LF && (bytes[n - 2] === LF || (n >= 4 && bytes[n - 2] === CR && bytes[n - 3] === LF && bytes[n - 4] === CR));
}
const LF = 0x0a;
const CR = 0x0d;

/**
 * An in-stream error as a native provider sends it: `event: error` (Anthropic, OpenAI's
 * Responses API), a chunk whose `error` is an object (OpenAI's chat; `"error": null` in an
 * ordinary chunk is no error), or a Responses stream's `response.failed`; in a stream framed
 * without `event:` lines (a proxy's), the same two types named first in the data.
 */
const ERROR_CHUNK = /^\s*\{\s*"error"\s*:\s*\{/;
const ERROR_TYPE = /^\s*\{\s*"type"\s*:\s*"(?:error|response\.failed)"/;
function isProviderError(event: SseEvent): boolean {
  if (event.event !== undefined) return event.event === 'error' || event.event === 'response.failed' || ERROR_CHUNK.test(event.data);
  return ERROR_CHUNK.test(event.data) || ERROR_TYPE.test(event.data);
}

/** The provider's error event as a GatewayError, read by the stream's own parser. */
function providerError(stream: CommittedStream, event: SseEvent, provider: string): GatewayError {
  try {
    stream.parser.push(event);
  } catch (error) {
    if (error instanceof GatewayError) return error;
  }
  return new GatewayError('upstream', `Provider "${provider}" reported an error mid-stream`, { provider, status: 502 });
}
