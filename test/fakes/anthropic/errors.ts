import type { JsonReply, RequestContext } from '../core/route';
import type { ErrorBehaviour } from '../core/types';

/** Anthropic's error envelope: {type:'error', error:{type,message}, request_id}. */
export function anthropicError(status: number, type: string, message: string, ctx?: RequestContext): JsonReply {
  return {
    status,
    body: { type: 'error', error: { type, message }, request_id: `req_fake${ctx?.seq ?? 0}` },
  };
}

/** The error type Anthropic documents for each status. */
export function errorTypeFor(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

function defaultMessage(type: string): string {
  if (type === 'overloaded_error') return 'Overloaded';
  if (type === 'rate_limit_error') return 'Number of requests has exceeded your per-minute rate limit.';
  if (type === 'api_error') return 'Internal server error';
  return `Fake Anthropic ${type}`;
}

export function renderAnthropicError(ctx: RequestContext, b: ErrorBehaviour): JsonReply {
  const type = b.type ?? errorTypeFor(b.status);
  return anthropicError(b.status, type, b.message ?? defaultMessage(type), ctx);
}

/** Accepts `x-api-key: KEY` or `Authorization: Bearer KEY`, then requires `anthropic-version`. */
export function anthropicAuth(ctx: RequestContext, apiKey: string | undefined): JsonReply | undefined {
  const headers = ctx.req.headers;
  const single = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  if (apiKey !== undefined) {
    const bearer = headers.authorization?.startsWith('Bearer ') ? headers.authorization.slice(7) : undefined;
    const given = single('x-api-key') ?? bearer;
    if (given === undefined) return anthropicError(401, 'authentication_error', 'x-api-key header is required', ctx);
    if (given !== apiKey) return anthropicError(401, 'authentication_error', 'invalid x-api-key', ctx);
  }
  const version = single('anthropic-version');
  if (version === undefined) {
    return anthropicError(400, 'invalid_request_error', 'anthropic-version: header is required', ctx);
  }
  // A duplicated header arrives joined ("2023-06-01, 2023-06-01"), which the real API refuses.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) {
    return anthropicError(400, 'invalid_request_error', `anthropic-version: "${version}" is not a valid version`, ctx);
  }
  return undefined;
}
