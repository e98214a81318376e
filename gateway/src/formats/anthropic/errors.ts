import { z } from 'zod';
import { type ErrorKind, GatewayError, kindForStatus } from '../../errors/gateway-error';

/** The error types Anthropic documents, with the HTTP status each comes with. */
const statusOfType: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

const typeOfKind: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  timeout: 'timeout_error',
  overloaded: 'overloaded_error',
  upstream: 'api_error',
  unavailable: 'api_error',
  internal: 'api_error',
};

function typeForStatus(status: number): string {
  if (status === 402) return 'billing_error';
  if (status === 409) return 'conflict_error';
  const kind = kindForStatus(status);
  return typeOfKind[kind];
}

const errorBodySchema = z.object({
  error: z.object({ type: z.string().optional(), message: z.string().optional() }),
});

/** The message and type of an Anthropic error body (`{type:"error", error:{type, message}}`), with fallbacks from the status. */
export function parseAnthropicError(status: number, body: unknown): { message: string; type: string } {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      value = undefined;
    }
  }
  const parsed = errorBodySchema.safeParse(value);
  const error = parsed.success ? parsed.data.error : {};
  return {
    type: error.type ?? typeForStatus(status),
    message: error.message ?? `Anthropic returned HTTP ${status}`,
  };
}

/** The gateway error for an Anthropic error type, e.g. from an in-stream `error` event. */
export function anthropicErrorToGateway(type: string, message: string, status?: number): GatewayError {
  const httpStatus = status ?? statusOfType[type] ?? 502;
  const kind: ErrorKind =
    type === 'api_error' ? 'upstream' : type === 'billing_error' ? 'permission' : kindForStatus(httpStatus);
  return new GatewayError(kind, message, { status: httpStatus, upstreamType: type, upstreamShape: 'anthropic' });
}

/**
 * A gateway error in Anthropic's shape. An Anthropic provider's own type is kept as it is.
 * Another provider's type is kept only when Anthropic's table pairs that name with the same
 * status: OpenAI types a bad key's 401 and an unknown model's 404 `invalid_request_error`, which
 * an Anthropic client would read as a malformed request, and `insufficient_quota` means nothing to it.
 * Otherwise the type follows the error's kind.
 */
export function renderAnthropicError(err: GatewayError): { type: 'error'; error: { type: string; message: string } } {
  const upstream = err.upstreamType;
  const own = upstream !== undefined && (err.upstreamShape === 'anthropic' || statusOfType[upstream] === err.status);
  return { type: 'error', error: { type: own ? upstream : typeOfKind[err.kind], message: err.message } };
}
