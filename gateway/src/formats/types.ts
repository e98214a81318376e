import type {
  ChatRequest,
  ChatResponse,
  EmbeddingRequest,
  EmbeddingResponse,
  StreamEvent,
  Usage,
} from '../canonical/types';
import type { GatewayError } from '../errors/gateway-error';
import type { ClientShape } from '../providers/types';
import type { SseEvent } from '../sse/decoder';

/** Turns canonical stream events into the bytes of one client's SSE stream. */
export interface StreamRenderer {
  /** Text to write for this event (zero or more complete SSE frames); '' when nothing is due. */
  push(event: StreamEvent): string;
  /** Frames that close the stream properly (`[DONE]`, `message_stop`), once. */
  end(): string;
  /** A terminal error event in the client's shape, for a stream that fails after it began. */
  error(error: GatewayError): string;
}

/**
 * Re-frames a stream the client's format renders as SSE into another framing its API also
 * speaks (Gemini's JSON array): fed the SSE text as written, it returns the bytes to send.
 */
export interface StreamFraming {
  /** What to write for this SSE text (whole frames or part of one); '' when nothing is due. */
  push(sse: string | Buffer): string;
  /** What closes the stream, once. */
  end(): string;
  /** The response's content type. */
  readonly contentType: string;
}

/** Turns one provider's SSE events into canonical stream events. */
export interface StreamParser {
  /** Canonical events for one SSE event. Throws GatewayError for an in-stream error event. */
  push(event: SseEvent): StreamEvent[];
  /** Events still owed when the upstream stream ends (e.g. a finish never sent). */
  end(): StreamEvent[];
}

/** Context the client-side renderers need that the canonical response does not carry. */
export interface RenderContext {
  /** The model name to report to the client: what it asked for (the alias), by default. */
  model: string;
  /** Unix seconds, for OpenAI's `created`. */
  created: number;
  /** Whether the client asked for usage in the stream. */
  includeUsage: boolean;
  /** The request being answered: the Responses API echoes its settings in every answer. */
  request?: ChatRequest;
}

/** The client direction of a wire format: requests in, responses out. */
export interface ClientFormat {
  /** Validates a request body and converts it. Throws GatewayError(invalid_request) with `param`. */
  parseRequest(body: unknown): ChatRequest;
  /**
   * Like parseRequest, but content that only the client's own provider understands (PDF
   * documents, server tools…) does not fail the request: it is reported as `untranslatable`,
   * which matters only if the request has to be translated.
   */
  inspectRequest?(body: unknown): { request: ChatRequest; untranslatable?: GatewayError };
  renderResponse(response: ChatResponse, ctx: RenderContext): unknown;
  createStreamRenderer(ctx: RenderContext): StreamRenderer;
  /**
   * Its answers echo the request's settings and carry an id of their own (the Responses API),
   * so a body rendered for one request is never reused for another.
   */
  readonly echoesRequest?: boolean;
}

/** What of a ClientFormat renders a stored answer again (the response cache's replay): completions have one too. */
export type AnswerRenderer = Pick<ClientFormat, 'renderResponse' | 'createStreamRenderer' | 'echoesRequest'>;

/** The provider direction of a wire format: requests out, responses in. */
export interface ProviderFormat {
  /**
   * The JSON body to send upstream for `model`. Throws GatewayError for a request it cannot
   * express; with code `untranslatable_content` when another target may still take it, so a
   * fallback route moves on. `client` is the shape the request came in, whose field names such
   * an error uses.
   */
  buildRequest(request: ChatRequest, model: string, client?: ClientShape): Record<string, unknown>;
  parseResponse(body: unknown): ChatResponse;
  createStreamParser(): StreamParser;
}

export interface EmbeddingFormat {
  /** The most inputs the provider embeds in one call; the pipeline splits larger requests. */
  readonly maxInputsPerCall?: number;
  buildEmbeddingRequest(request: EmbeddingRequest, model: string): Record<string, unknown>;
  /** `input` lets formats whose provider reports no token count estimate it. */
  parseEmbeddingResponse(body: unknown, input?: string[]): EmbeddingResponse;
}

/**
 * Reads usage from a natively passed-through exchange without translating it, so the bytes
 * the client receives are exactly the provider's.
 */
export interface UsageTap {
  /** Usage from a complete non-streaming response body. */
  fromResponse(body: unknown): Usage | undefined;
  /** Observe one SSE event of a passthrough stream. */
  observe(event: SseEvent): void;
  /** Usage gathered from the stream so far. */
  usage(): Usage | undefined;
  /** Whether the stream carried its proper terminal event. */
  finished(): boolean;
  /**
   * The model named in the chunk that carried usage, where a stream's first chunk may name none
   * (Azure's opens with an annotation chunk whose model is ''): what prices an Azure deployment.
   */
  model?(): string | undefined;
  /**
   * The frames that end a native stream the gateway cuts, where the client's format needs the
   * stream's own state for them (the Responses API numbers every event). Absent: a fresh
   * renderer's error frame does.
   */
  errorFrames?(error: GatewayError): string;
  /** The id of the answer if the provider stored it (a Responses API stream). */
  storedResponseId?(): string | undefined;
}
