import type { JsonReply, RequestContext } from '../core/route';
import type { ErrorBehaviour } from '../core/types';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export const statusNameFor = (status: number): string => STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'UNKNOWN');

/** Google's error envelope: {error:{code,message,status,details?}}. */
export function googleError(status: number, message: string, statusName = statusNameFor(status), details?: unknown[]): JsonReply {
  return { status, body: { error: { code: status, message, status: statusName, ...(details ? { details } : {}) } } };
}

function defaultMessage(status: number): string {
  if (status === 429) return 'Resource has been exhausted (e.g. check quota).';
  if (status === 503) return 'The model is overloaded. Please try again later.';
  if (status >= 500) return 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting';
  return `Fake Gemini error ${status}`;
}

export function renderGeminiError(_ctx: RequestContext, b: ErrorBehaviour): JsonReply {
  // Gemini tells clients how long to wait in the body (RetryInfo), not only in headers.
  const retryAfter = b.headers?.['retry-after'];
  const details =
    b.details ??
    (b.status === 429 && retryAfter !== undefined
      ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfter}s` }]
      : undefined);
  return googleError(b.status, b.message ?? defaultMessage(b.status), b.type ?? statusNameFor(b.status), details);
}

/** The key may come as `x-goog-api-key` or `?key=`. */
export function geminiAuth(ctx: RequestContext, apiKey: string | undefined): JsonReply | undefined {
  if (apiKey === undefined) return undefined;
  const header = ctx.req.headers['x-goog-api-key'];
  const given = (typeof header === 'string' ? header : undefined) ?? ctx.query.get('key') ?? undefined;
  if (given === undefined) {
    return googleError(
      403,
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      'PERMISSION_DENIED',
    );
  }
  if (given === apiKey) return undefined;
  const message = 'API key not valid. Please pass a valid API key.';
  return googleError(400, message, 'INVALID_ARGUMENT', [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com' },
    },
    { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
  ]);
}
