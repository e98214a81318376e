import type { ProviderConfig, ProviderType } from '../config/schema';
import type { ChatResponse } from '../canonical/types';
import type { EmbeddingFormat, ProviderFormat, StreamParser, UsageTap } from '../formats/types';

/**
 * The API shapes clients speak to the gateway. `openai-responses` (OpenAI's Responses API) is
 * taken natively only by OpenAI itself (`ProviderKind.nativeApis`); every other provider gets it
 * translated.
 */
export type ClientShape = 'openai' | 'anthropic' | 'openai-responses' | 'gemini';

/** An upstream error body reduced to what the gateway keeps of it. */
export interface UpstreamErrorInfo {
  message: string;
  type?: string;
  /**
   * The provider's machine-readable code (OpenAI's `context_length_exceeded`,
   * `insufficient_quota`, `invalid_api_key`), null or absent when it sent none.
   */
  code?: string | null;
  /** The request field the provider names as at fault (OpenAI's `param`). */
  param?: string | null;
  /** The status that says what the error is, when the HTTP status does not (Gemini answers a bad key with 400). */
  status?: number;
  /** A wait the provider gives in the body rather than a header (Gemini's RetryInfo `retryDelay`). */
  retryAfterSeconds?: number;
  /** Structured details a client of the same shape reads (Gemini's QuotaFailure, ErrorInfo, RetryInfo). */
  details?: readonly unknown[];
}

/** Changes a native body needs before a server that refuses some of its fields takes it. */
export interface NativeFixes {
  set: Record<string, unknown>;
  /** Members to leave out; the body is then re-serialised instead of spliced. */
  drop?: readonly string[];
}

/**
 * A client shape a provider takes natively besides its chat one, at an endpoint of its own
 * (OpenAI's `/responses`): where the body goes, and how its answers are read without changing them.
 */
export interface NativeApi {
  url(baseUrl: string): string;
  /** The answer as canonical (for the cache). */
  parseResponse(body: unknown): ChatResponse;
  createStreamParser(): StreamParser;
  usageTap(): UsageTap;
  nativeFixes?(raw: Readonly<Record<string, unknown>>, model: string): NativeFixes | undefined;
  /** A target's forced `params` (in the provider's chat names) as members of this shape's body. */
  targetParams?(params: Readonly<Record<string, unknown>>, raw: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** The id of an answer the provider stored, which can be asked for by id later (the Responses API). */
  storedResponseId?(body: unknown): string | undefined;
  /** Whether an answer is a background run still queued or running: its usage comes later, to a call by its id. */
  unfinishedRun?(body: unknown): boolean;
}

/** What differs between providers: URLs, auth headers, wire format and error bodies. */
export interface ProviderKind {
  readonly type: ProviderType;
  /** The client shape this provider speaks natively; such requests pass through untranslated. */
  readonly nativeShape: ClientShape | null;
  /** Other client shapes it takes natively, each at its own endpoint (OpenAI: the Responses API). */
  readonly nativeApis?: Partial<Record<ClientShape, NativeApi>>;
  readonly format: ProviderFormat;
  readonly embeddings: EmbeddingFormat | null;
  /**
   * The server reports usage on its last stream chunk without `stream_options`, and refuses
   * that field: a native stream is sent without it.
   */
  readonly streamUsageUnasked?: boolean;
  /**
   * How a native body for `model` must change for a server that would refuse it as the client
   * wrote it (Mistral: OpenAI fields it does not know; Anthropic: thinking blocks another provider
   * wrote): members to set, and members to leave out. Undefined when it needs no change (the
   * usual case).
   */
  nativeFixes?(raw: Readonly<Record<string, unknown>>, model: string): NativeFixes | undefined;
  /** The same for an OpenAI client's embeddings body (Mistral: `dimensions` is its `output_dimension`). */
  nativeEmbeddingFixes?(raw: Readonly<Record<string, unknown>>): NativeFixes | undefined;
  /** Reads usage from a native passthrough exchange. */
  usageTap(): UsageTap;
  chatUrl(baseUrl: string, model: string, stream: boolean, config: ProviderConfig): string;
  embeddingsUrl(baseUrl: string, model: string, config: ProviderConfig): string | null;
  /** OpenAI's legacy text completions (`/v1/completions`), on the servers that have them (OpenAI-shaped ones); absent elsewhere. */
  completionsUrl?(baseUrl: string, model: string, config: ProviderConfig): string;
  /** Mistral's fill-in-the-middle completions (`/v1/fim/completions`), on its API only. */
  fimUrl?(baseUrl: string, model: string, config: ProviderConfig): string;
  countTokensUrl?(baseUrl: string): string;
  /** Auth and protocol headers for one call. */
  headers(apiKey: string | undefined): Record<string, string>;
  parseError(status: number, body: string): UpstreamErrorInfo;
}

/** Whether a request in `shape` goes to a provider of this kind as the client sent it. */
export function takesNatively(kind: ProviderKind, shape: ClientShape): boolean {
  return kind.nativeShape === shape || kind.nativeApis?.[shape] !== undefined;
}

/** One auth header, or none when the provider needs no key (local servers). */
export function keyHeader(name: string, key: string | undefined, prefix = ''): Record<string, string> {
  return key ? { [name]: `${prefix}${key}` } : {};
}

/** `baseUrl` + `path` with exactly one slash between them, whatever either side brings. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
