/**
 * The one error family of the gateway. Everything that fails a request becomes a
 * GatewayError; `errors/render.ts` turns it into the caller's API shape in one place.
 * Messages never contain credentials or prompt text.
 */
import type { ClientShape } from '../providers/types';

/** What went wrong, independent of any wire format. Maps to a status and an error type. */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'timeout'
  | 'overloaded'
  | 'upstream'
  | 'unavailable'
  | 'internal';

const defaultStatus: Record<ErrorKind, number> = {
  invalid_request: 400,
  authentication: 401,
  permission: 403,
  not_found: 404,
  request_too_large: 413,
  rate_limit: 429,
  timeout: 504,
  overloaded: 529,
  upstream: 502,
  unavailable: 503,
  internal: 500,
};

export interface GatewayErrorOptions {
  status?: number;
  /** A stable machine-readable code, e.g. `model_not_found`, `upstream_timeout`. */
  code?: string;
  /** The request field at fault, as a dotted path (`messages.0.content`). */
  param?: string;
  /** Whether trying again (or another target) may succeed. */
  retryable?: boolean;
  /** The provider that produced the error, for upstream errors. */
  provider?: string;
  /** The provider's own error type (`rate_limit_error`, `overloaded_error`), kept verbatim. */
  upstreamType?: string;
  /**
   * Whose vocabulary `upstreamType` is in: the client shape the provider speaks (Gemini's
   * google.rpc names are `gemini`'s). Renderers read it to tell whether the caller would
   * understand the type.
   */
  upstreamShape?: ClientShape;
  /** The provider's structured error details, for a caller of its own shape (Gemini's QuotaFailure…), secrets taken out. */
  upstreamDetails?: readonly unknown[];
  /** Seconds the caller should wait, from an upstream `retry-after` or our own limiter. */
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  readonly code: string;
  readonly param?: string;
  readonly retryable: boolean;
  readonly provider?: string;
  readonly upstreamType?: string;
  readonly upstreamShape?: ClientShape;
  readonly upstreamDetails?: readonly unknown[];
  readonly retryAfterSeconds?: number;
  readonly headers?: Record<string, string>;

  constructor(kind: ErrorKind, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.kind = kind;
    this.status = options.status ?? defaultStatus[kind];
    this.code = options.code ?? kind;
    this.param = options.param;
    this.retryable = options.retryable ?? isRetryableStatus(this.status);
    this.provider = options.provider;
    this.upstreamType = options.upstreamType;
    this.upstreamShape = options.upstreamShape;
    this.upstreamDetails = options.upstreamDetails;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers;
  }
}

/**
 * What cuts a call still running when a shutdown's grace period ends (or a second stop cuts it
 * short): the error event that ends a stream, and the reason in the row of a call whose
 * connection was closed. Its status is the row's: 499, cut before its end, as every call a drain
 * cuts is logged; a client, whose stream has its 200 already, reads the type.
 */
export function cutByShutdown(): GatewayError {
  return new GatewayError('unavailable', 'The gateway is shutting down and cut this call before it finished; send it again once the gateway is back', {
    code: 'shutting_down',
    status: 499,
    retryable: true,
  });
}

/**
 * The answer of a call still waiting on its provider when a shutdown's grace period ended,
 * given instead of a closed socket. Retryable: a client that retries reaches the gateway once
 * it is back.
 */
export function unansweredAtShutdown(): GatewayError {
  return new GatewayError('unavailable', 'The gateway is shutting down and stopped waiting for the provider before it answered this call; send it again once the gateway is back', {
    code: 'shutting_down',
    retryable: true,
  });
}

/** A stream that ended before the provider said it was complete: never passed off as a whole answer. */
export function streamTruncated(provider?: string): GatewayError {
  const who = provider === undefined ? 'The provider' : `Provider "${provider}"`;
  return new GatewayError('upstream', `${who} ended the stream before it was complete`, { code: 'stream_truncated', status: 502, provider });
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The error kind that best describes an HTTP status returned by a provider. */
export function kindForStatus(status: number): ErrorKind {
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit';
  if (status === 529) return 'overloaded';
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'upstream';
  return 'invalid_request';
}

export const invalidRequest = (message: string, param?: string, code = 'invalid_request'): GatewayError =>
  new GatewayError('invalid_request', message, { param, code, retryable: false });
