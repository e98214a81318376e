import type { ProviderConfig, ProviderType } from '../config/schema';
import type { EmbeddingFormat, ProviderFormat, UsageTap } from '../formats/types';

/**
 * The API shapes clients speak to the gateway. `openai-responses` (OpenAI's Responses API) is a
 * client shape only: no provider is spoken to in it, so it is always translated.
 */
export type ClientShape = 'openai' | 'anthropic' | 'openai-responses';

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
}

/** Changes a native body needs before a server that refuses some of its fields takes it. */
export interface NativeFixes {
  set: Record<string, unknown>;
  /** Members to leave out; the body is then re-serialised instead of spliced. */
  drop?: readonly string[];
}

/** What differs between providers: URLs, auth headers, wire format and error bodies. */
export interface ProviderKind {
  readonly type: ProviderType;
  /** The client shape this provider speaks natively; such requests pass through untranslated. */
  readonly nativeShape: ClientShape | null;
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
  countTokensUrl?(baseUrl: string): string;
  /** Auth and protocol headers for one call. */
  headers(apiKey: string | undefined): Record<string, string>;
  parseError(status: number, body: string): UpstreamErrorInfo;
}

/** One auth header, or none when the provider needs no key (local servers). */
export function keyHeader(name: string, key: string | undefined, prefix = ''): Record<string, string> {
  return key ? { [name]: `${prefix}${key}` } : {};
}

/** `baseUrl` + `path` with exactly one slash between them, whatever either side brings. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
