import { type ErrorKind, GatewayError, kindForStatus } from '../../errors/gateway-error';
import { errorBodySchema, type GeminiErrorBody } from './wire';

export interface GeminiErrorInfo {
  message: string;
  /** google.rpc status name (`RESOURCE_EXHAUSTED`, `INVALID_ARGUMENT`...), or one derived from HTTP. */
  type: string;
  /** From a `google.rpc.RetryInfo` detail (`"retryDelay": "34.4s"`), rounded up. */
  retryAfterSeconds?: number;
  /** From a `google.rpc.ErrorInfo` detail, e.g. `API_KEY_INVALID`. */
  reason?: string;
  /** The details a Gemini client reads to tell quotas apart (see PASSED_ON), as Gemini sent them. */
  details?: unknown[];
}

/**
 * The details passed on to Gemini-shaped clients: Gemini CLI tells a per-day quota (stop) from a
 * per-minute one (wait and retry) by QuotaFailure's quota ids, ErrorInfo's reason and RetryInfo.
 */
const PASSED_ON = new Set(['type.googleapis.com/google.rpc.ErrorInfo', 'type.googleapis.com/google.rpc.QuotaFailure', 'type.googleapis.com/google.rpc.RetryInfo']);

// HTTP status → the google.rpc code name Google would have sent, for bodies that carry none.
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * Reads a Gemini error body: `{error:{code,message,status,details}}`, the same wrapped in an array
 * (`[{error:...}]`, as the non-SSE stream endpoint answers), raw text, or anything else.
 */
export function parseGeminiError(status: number, body: unknown): GeminiErrorInfo {
  const fallbackType = STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'UNKNOWN');
  const error = errorOf(body);
  if (error === undefined) {
    return { message: `Gemini answered HTTP ${status} with a body that is not a Gemini error`, type: fallbackType };
  }
  const info: GeminiErrorInfo = {
    message: error.message ?? `Gemini answered HTTP ${status}`,
    type: error.status ?? (error.code != null ? STATUS_NAMES[error.code] : undefined) ?? fallbackType,
  };
  for (const detail of error.details ?? []) {
    if (typeof detail !== 'object' || detail === null) continue;
    const record = detail as Record<string, unknown>;
    if (typeof record.retryDelay === 'string') {
      const seconds = Number.parseFloat(record.retryDelay);
      if (Number.isFinite(seconds) && seconds >= 0) info.retryAfterSeconds = Math.ceil(seconds);
    }
    if (typeof record.reason === 'string' && info.reason === undefined) info.reason = record.reason;
    if (typeof record['@type'] === 'string' && PASSED_ON.has(record['@type'])) (info.details ??= []).push(record);
  }
  return info;
}

/** A Gemini error in the gateway's terms: what it means, not only what Google called it. */
export interface GeminiErrorMeaning {
  message: string;
  /** The google.rpc status name, kept as the upstream type. */
  type: string;
  /** 401 for a bad key, which Gemini answers with 400; otherwise the status Gemini gave. */
  status: number;
  /**
   * OpenAI's code where one means the same (`invalid_api_key`, `context_length_exceeded`, which
   * OpenAI clients and the executor's fallback both read), else the status name in lower case.
   */
  code: string;
  retryAfterSeconds?: number;
  details?: unknown[];
}

/**
 * What a failed Gemini call means, however it failed: an HTTP error status, or an error body in a
 * 200 answer or stream frame. Gemini reports a bad API key as 400 INVALID_ARGUMENT with reason
 * API_KEY_INVALID; it is surfaced as an authentication failure so the caller (and fallback rules)
 * see what it really is.
 */
export function geminiErrorMeaning(status: number, body: unknown): GeminiErrorMeaning {
  const info = parseGeminiError(status, body);
  const badKey = info.reason === 'API_KEY_INVALID';
  const code = badKey
    ? 'invalid_api_key'
    : /input token count.*exceeds the maximum/i.test(info.message)
      ? 'context_length_exceeded'
      : info.type.toLowerCase();
  const meaning: GeminiErrorMeaning = { message: info.message, type: info.type, status: badKey ? 401 : status, code };
  if (info.retryAfterSeconds !== undefined) meaning.retryAfterSeconds = info.retryAfterSeconds;
  if (info.details !== undefined) meaning.details = info.details;
  return meaning;
}

/** The GatewayError for an error body Gemini sent in place of an answer (see geminiErrorMeaning). */
export function geminiGatewayError(status: number, body: unknown): GatewayError {
  const meaning = geminiErrorMeaning(status, body);
  return new GatewayError(kindForStatus(meaning.status), meaning.message, {
    status: meaning.status,
    code: meaning.code,
    provider: 'gemini',
    upstreamType: meaning.type,
    upstreamDetails: meaning.details,
    retryAfterSeconds: meaning.retryAfterSeconds,
  });
}

/** The `error` object of a body, if the body is (or wraps) a Gemini error. */
export function errorOf(body: unknown): GeminiErrorBody['error'] | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(value)) value = value.find((item) => errorBodySchema.safeParse(item).success);
  const parsed = errorBodySchema.safeParse(value);
  return parsed.success ? parsed.data.error : undefined;
}

/** Longest `finishMessage` kept: it can quote the whole broken output. */
const FINISH_MESSAGE_LIMIT = 300;

/**
 * A candidate that Gemini ended with a finish reason meaning generation failed
 * (MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, OTHER…), or a response with no candidate and no
 * block reason. Whatever came with it is not a usable answer: a broken tool call cannot be run,
 * and text cut off by a failure is not whole. A 502 that may be retried or fall back, as the same
 * request often succeeds on another try. Gemini's `finishMessage` (often the broken call) is kept,
 * capped.
 */
export function generationFailed(finishReason: string | null | undefined, finishMessage?: string | null): GatewayError {
  const what = finishReason == null ? 'no candidate and no blockReason' : `finishReason ${finishReason}`;
  const detail = finishMessage == null || finishMessage.trim() === '' ? '' : `: ${capped(finishMessage.trim())}`;
  return new GatewayError('upstream', `Gemini's generation failed (${what})${detail}`, {
    status: 502,
    code: 'upstream_generation_failed',
    provider: 'gemini',
    retryable: true,
  });
}

const capped = (text: string): string => (text.length > FINISH_MESSAGE_LIMIT ? `${text.slice(0, FINISH_MESSAGE_LIMIT)}…` : text);

// The HTTP status each google.rpc code goes with (google/rpc/code.proto), to tell whether an
// upstream name still fits the status the gateway answers with.
const HTTP_OF_CODE: Record<string, number> = {
  CANCELLED: 499,
  UNKNOWN: 500,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400,
  ABORTED: 409,
  OUT_OF_RANGE: 400,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DATA_LOSS: 500,
};

const CODE_OF_KIND: Record<ErrorKind, string> = {
  invalid_request: 'INVALID_ARGUMENT',
  authentication: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  request_too_large: 'INVALID_ARGUMENT',
  rate_limit: 'RESOURCE_EXHAUSTED',
  timeout: 'DEADLINE_EXCEEDED',
  overloaded: 'UNAVAILABLE',
  upstream: 'INTERNAL',
  unavailable: 'UNAVAILABLE',
  internal: 'INTERNAL',
};

export interface GeminiErrorBodyOut {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

/**
 * A gateway error in Gemini's shape, google.rpc.Status as REST renders it: `code` the HTTP status,
 * `status` the canonical code name. A Gemini provider's own name is kept while it fits the status
 * (FAILED_PRECONDITION stays; a bad key, INVALID_ARGUMENT to Gemini but a 401 here, becomes
 * UNAUTHENTICATED); otherwise the name follows the error's kind. Gemini's own details (QuotaFailure,
 * ErrorInfo, RetryInfo) go with its status; otherwise a retry delay goes in a RetryInfo
 * detail, where Google's clients (Gemini CLI) look for it.
 */
export function renderGeminiError(error: GatewayError): GeminiErrorBodyOut {
  const upstream = error.upstreamType;
  // Gemini's words: an answer from a Gemini provider (upstreamShape), or an error read from a stream (none).
  const own = upstream !== undefined && (error.upstreamShape === 'gemini' || error.upstreamShape === undefined) && HTTP_OF_CODE[upstream] === error.status;
  const body: GeminiErrorBodyOut['error'] = { code: error.status, message: error.message, status: own ? upstream : CODE_OF_KIND[error.kind] };
  // Gemini's own details while its status stands; else a wait of ours (or another provider's) as RetryInfo.
  if (own && error.upstreamDetails !== undefined && error.upstreamDetails.length > 0) body.details = [...error.upstreamDetails];
  else if (error.retryAfterSeconds !== undefined) {
    body.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${Math.max(0, Math.ceil(error.retryAfterSeconds))}s` }];
  }
  return { error: body };
}
