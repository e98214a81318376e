import { z } from 'zod';
import { kindForStatus, type ErrorKind, type GatewayError } from '../../errors/gateway-error';
import { filteredCategories } from './content-filter';

export interface OpenAIErrorInfo {
  message: string;
  /** The provider's error type, or one derived from the status when the body has none. */
  type: string;
  code: string | null;
  param: string | null;
}

const scalar = z.union([z.string(), z.number()]).nullish().catch(undefined)
  .transform((v) => (v == null ? null : String(v)));

const errorObject = z.looseObject({
  message: z.string().nullish().catch(undefined),
  type: z.string().nullish().catch(undefined),
  code: scalar,
  param: z.string().nullish().catch(undefined),
});

// OpenAI, Azure, Groq: {error:{message,type,code,param}}. Ollama: {error:"…"}. vLLM and other
// FastAPI servers: {object:"error", message, type, code} or {detail:"…" | [issues]}. Mistral's
// 422: {object:"error", message:{detail:[issues]}, type, code}.
const errorBody = z.looseObject({
  error: z.union([errorObject, z.string()]).optional().catch(undefined),
  message: z.union([z.string(), z.looseObject({ detail: z.unknown() })]).optional().catch(undefined),
  type: z.string().optional().catch(undefined),
  code: scalar,
  detail: z.unknown().optional(),
});

/** Reads an upstream error body (parsed JSON, raw text or anything) into OpenAI's error fields. */
export function parseOpenAIError(status: number, body: unknown): OpenAIErrorInfo {
  const value = typeof body === 'string' ? parseJson(body) : body;
  const fallback: OpenAIErrorInfo = { message: fallbackMessage(status, body), type: typeForKind(kindForStatus(status)), code: null, param: null };
  const parsed = errorBody.safeParse(value);
  if (!parsed.success) return fallback;
  const b = parsed.data;
  if (typeof b.error === 'string') return { ...fallback, message: b.error };
  if (b.error !== undefined) {
    const message = b.error.message ?? fallback.message;
    const filtered = b.error.code === 'content_filter' ? filteredCategories(b.error) : undefined;
    return {
      message: filtered === undefined ? message : `${message} (filtered: ${filtered})`,
      type: b.error.type ?? fallback.type,
      code: b.error.code,
      param: b.error.param ?? null,
    };
  }
  const message = typeof b.message === 'string' ? b.message : b.message !== undefined ? describeDetail(b.message.detail) : undefined;
  return { message: message ?? describeDetail(b.detail) ?? fallback.message, type: b.type ?? fallback.type, code: b.code, param: null };
}

const validationIssues = z.array(z.looseObject({ loc: z.array(z.union([z.string(), z.number()])).optional().catch(undefined), msg: z.string() })).min(1);

/**
 * A FastAPI / pydantic `detail` (vLLM, Mistral) as a sentence: "body.stream_options: Extra
 * inputs are not permitted". Each issue's `input` is left out: it echoes the request, prompt
 * text included, which no error message may carry.
 */
function describeDetail(detail: unknown): string | undefined {
  if (detail === undefined) return undefined;
  if (typeof detail === 'string') return detail;
  const issues = validationIssues.safeParse(detail);
  if (!issues.success) return JSON.stringify(detail);
  return issues.data.map((issue) => (issue.loc && issue.loc.length > 0 ? `${issue.loc.join('.')}: ${issue.msg}` : issue.msg)).join('; ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A short plain-text body is kept (proxies say useful things); HTML error pages are not. */
function fallbackMessage(status: number, body: unknown): string {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text !== '' && !text.startsWith('<')) return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  }
  return `The provider answered HTTP ${status}`;
}

const typeByKind: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  rate_limit: 'rate_limit_error',
  timeout: 'timeout_error',
  overloaded: 'server_error',
  unavailable: 'server_error',
  upstream: 'api_error',
  internal: 'server_error',
};

export function typeForKind(kind: ErrorKind): string {
  return typeByKind[kind];
}

/** The error kind an in-stream or status-less OpenAI error most likely means. */
export function kindForOpenAIError(type: string | null | undefined, code: string | null | undefined): ErrorKind {
  if (code === 'rate_limit_exceeded' || type === 'rate_limit_error' || type === 'requests' || type === 'tokens') return 'rate_limit';
  if (code === 'context_length_exceeded' || type === 'invalid_request_error') return 'invalid_request';
  if (type === 'authentication_error' || code === 'invalid_api_key') return 'authentication';
  return 'upstream';
}

/**
 * GatewayError → the OpenAI error body clients and SDKs parse. OpenAI's `type` is an open set
 * (SDKs classify by status), so a provider's type is kept when it comes from a provider a client
 * speaks to: OpenAI's own, and Anthropic's, whose names (`overloaded_error`, `rate_limit_error`)
 * are the ones this gateway uses and agree with their statuses. Gemini's google.rpc names
 * (`RESOURCE_EXHAUSTED`) are types no client knows, and need not agree with the status (a bad
 * key arrives as 400 INVALID_ARGUMENT and is reported as a 401): such errors are typed by kind,
 * and Gemini's meaning is in `code` (`resource_exhausted`, `invalid_api_key`).
 */
export function renderOpenAIError(err: GatewayError): { error: OpenAIErrorInfo } {
  return {
    error: {
      message: err.message,
      type: err.upstreamShape !== undefined && err.upstreamShape !== 'gemini' && err.upstreamType !== undefined ? err.upstreamType : typeForKind(err.kind),
      param: err.param ?? null,
      code: err.code,
    },
  };
}
