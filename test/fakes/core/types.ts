import type { IncomingHttpHeaders } from 'node:http';

/** A tool call the fake model makes; `id` defaults to a deterministic provider-style id. */
export interface FakeToolCall {
  name: string;
  arguments: Record<string, unknown>;
  id?: string;
}

/**
 * Token counts in provider-neutral names. Each fake writes them into its own fields exactly as given:
 * inputTokens → prompt_tokens / input_tokens / promptTokenCount, outputTokens → completion_tokens /
 * output_tokens / candidatesTokenCount, cachedTokens → cached_tokens / cache_read_input_tokens /
 * cachedContentTokenCount, cacheCreationTokens → cache_creation_input_tokens (Anthropic only; its
 * `cache_creation` splits them by TTL, cacheCreation1hTokens of them 1-hour, the rest 5-minute),
 * reasoningTokens → reasoning_tokens / thoughtsTokenCount (Anthropic counts thinking inside output).
 */
export interface FakeUsage {
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  cacheCreationTokens?: number;
  cacheCreation1hTokens?: number;
  reasoningTokens?: number;
  /** Anthropic only: `server_tool_use.web_search_requests`, on the final usage. */
  webSearchRequests?: number;
}

/** What the fake model "says". Shared by reply, stream-fail and slow-stream. */
export interface ReplyContent {
  /** Defaults to `echo: <last user text>` unless toolCalls are given. */
  text?: string;
  toolCalls?: FakeToolCall[];
  /** Thinking text; also produced by default when the request asks for thinking. */
  thinking?: string;
  usage?: FakeUsage;
  /** Raw provider value, e.g. 'length' (OpenAI), 'max_tokens' (Anthropic), 'MAX_TOKENS' (Gemini). */
  finishReason?: string;
  /** Gemini only: the candidate's `finishMessage`, sent next to its finishReason. */
  finishMessage?: string;
  /** Model name written in the response; defaults to the requested model. */
  model?: string;
  /** Embedding routes only: vectors to return instead of the hash-derived ones (by input index). */
  vectors?: number[][];
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export type ReplyBehaviour = { kind: 'reply' } & ReplyContent;

export interface ErrorBehaviour {
  kind: 'error';
  status: number;
  message?: string;
  /** Provider error type/status string, e.g. 'rate_limit_error' or 'RESOURCE_EXHAUSTED'. */
  type?: string;
  /** OpenAI / Azure `code`. */
  code?: string;
  /** OpenAI `param`: the request field at fault, e.g. 'messages'. */
  param?: string;
  /**
   * Gemini `details`, verbatim: google.rpc RetryInfo, ErrorInfo… Without it a 429 whose
   * behaviour sets `retry-after` gets a RetryInfo detail.
   */
  details?: unknown[];
  /**
   * Azure only, with `code: 'content_filter'`: the prompt's per-category results, as Azure sends
   * them in `innererror.content_filter_result` (e.g. `{ hate: { filtered: true, severity: 'medium' } }`);
   * the categories not given are sent as unfiltered.
   */
  contentFilter?: Record<string, Record<string, unknown>>;
  headers?: Record<string, string>;
}

export type StreamFailBehaviour = {
  kind: 'stream-fail';
  /** Content chunks (text, thinking or tool-argument deltas) sent before failing. */
  afterChunks: number;
  /** 'drop' cuts the socket mid-body (default); 'error-event' sends the provider's in-stream error. */
  mode?: 'drop' | 'error-event';
  errorMessage?: string;
} & ReplyContent;

export type SlowStreamBehaviour = { kind: 'slow-stream'; chunkDelayMs: number } & ReplyContent;

export type Behaviour =
  | ReplyBehaviour
  | ErrorBehaviour
  | { kind: 'delay'; ms: number; then?: Behaviour }
  | { kind: 'hang' }
  | { kind: 'drop' }
  | StreamFailBehaviour
  | SlowStreamBehaviour;

/** The behaviours a route renders itself; the core handles delay, hang, drop and error. */
export type ContentBehaviour = ReplyBehaviour | StreamFailBehaviour | SlowStreamBehaviour;

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the raw string when the body was not JSON ('' when empty). */
  body: unknown;
  /** The body's text exactly as received, for byte-level checks of what a gateway forwarded. */
  text: string;
  /** Date.now() when the body had been read. */
  at: number;
}

export interface FakeProvider {
  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order (including rejected ones). */
  readonly requests: RecordedRequest[];
  /** One behaviour per upcoming model request (FIFO), then back to the default. */
  enqueue(...behaviours: Behaviour[]): void;
  setDefault(behaviour: Behaviour): void;
  /** Clears recorded requests, the queue and the default. */
  reset(): void;
  /** Stops the server and destroys open sockets, hung requests included. */
  close(): Promise<void>;
}

export interface CommonFakeOptions {
  /** When set, requests must carry this key in the provider's auth header. */
  apiKey?: string;
  /** Defaults to 0 (an ephemeral port). */
  port?: number;
  /** Reject requests the real API would reject (missing fields, bad roles...). Default true. */
  validate?: boolean;
}
