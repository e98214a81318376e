import type { ServerResponse } from 'node:http';
import { renderAnthropicError } from '../formats/anthropic';
import { renderGeminiError } from '../formats/gemini';
import { renderOpenAIError } from '../formats/openai';
import type { ClientShape } from '../providers/types';
import { GatewayError } from './gateway-error';

/** Anything thrown while serving a request, as a GatewayError safe to show the caller. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  // JSON.parse takes any depth, but the walks over a body (validation, PII scan, cache key) are
  // recursive: a body nested thousands deep (in a tool's free-form schema) overflows the stack
  // in the first of them. That is the request's doing, and the caller is told so.
  if (error instanceof RangeError && error.message.includes('call stack')) {
    return new GatewayError('invalid_request', 'The request body is nested too deeply', { code: 'too_deeply_nested', retryable: false });
  }
  return new GatewayError('internal', 'The gateway failed to handle this request', { cause: error, retryable: false });
}

/** The error body in the caller's API shape: the one place errors are rendered. */
export function renderError(shape: ClientShape, error: GatewayError): unknown {
  if (shape === 'anthropic') return renderAnthropicError(error);
  return shape === 'gemini' ? renderGeminiError(error) : renderOpenAIError(error);
}

/** Writes an error response, unless the response has already started. */
export function sendError(res: ServerResponse, shape: ClientShape, error: GatewayError, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(renderError(shape, error));
  const out: Record<string, string | number> = {
    ...headers,
    ...error.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  if (error.retryAfterSeconds !== undefined) out['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  // Both official SDKs read this before their own status-based retry rules.
  if (error.kind !== 'internal') out['x-should-retry'] = String(error.retryable);
  res.writeHead(error.status, out);
  res.end(body);
}
