import { GatewayError, kindForStatus } from '../errors/gateway-error';
import type { Provider } from '../providers/registry';
import { networkError, parseRetryAfter } from './http';
import type { UpstreamResponse } from './http';
import type { CancelSignal } from './cancel';

/**
 * Reads an upstream error response and keeps its meaning — status, the provider's error type,
 * code, param and message, and any `retry-after` — as a GatewayError.
 */
export async function readUpstreamError(provider: Provider, upstream: UpstreamResponse, signal: CancelSignal): Promise<GatewayError> {
  let text: string;
  try {
    text = await upstream.body.text();
  } catch (error) {
    return networkError(provider.name, error, signal);
  }
  const key = await keyOf(provider);
  // Redacted in the raw text (a body that is not JSON becomes the message as it is) and again
  // once parsed: a JSON body may escape the key (`\/` for `/`, `\u002B` for `+`), so the raw
  // text need not contain it, yet the parsed fields do.
  return upstreamError(provider, upstream.statusCode, upstream.headers, withoutKey(text, key), key);
}

/**
 * `text` without the provider's key in it. Some providers echo the key they were sent in an
 * error message (`Invalid API key: sk-…`); OpenAI masks it, others may not. Whatever a provider
 * says passes through here before it can reach a caller, the log or the UI. Redact parsed text:
 * in raw JSON the key may be escaped.
 */
export function withoutKey(text: string, key: string | undefined): string {
  return key !== undefined && key.length >= 4 && text.includes(key) ? text.replaceAll(key, '[redacted]') : text;
}

/** The error with any echo of the provider's key taken out of its message. */
export function withoutKeyIn(error: GatewayError, key: string | undefined): GatewayError {
  const message = withoutKey(error.message, key);
  if (message !== error.message) error.message = message;
  return error;
}

/** The provider's key, or undefined when it cannot be read (then it was never sent either). */
export function keyOf(provider: Provider): Promise<string | undefined> {
  return provider.apiKey().catch(() => undefined);
}

/**
 * The GatewayError for an upstream error status. The provider's own code (OpenAI's
 * `context_length_exceeded`, `insufficient_quota`…) is kept, so clients and the executor's
 * fallback can branch on it; `upstream_<status>` stands in when the provider sent none. The
 * status may be the provider kind's reading rather than the HTTP one (Gemini's bad key is a 401),
 * and a wait given in the body (Gemini's RetryInfo) counts when no header gives one.
 */
export function upstreamError(provider: Provider, httpStatus: number, headers: UpstreamResponse['headers'], text: string, key?: string): GatewayError {
  const info = provider.kind.parseError(httpStatus, text);
  const status = info.status ?? httpStatus;
  const said = (value: string | null | undefined): string | undefined => (value == null || value === '' ? undefined : withoutKey(value, key));
  // Azure and FastAPI servers send the status itself as the code: that says less than upstream_<status>.
  const code = said(info.code);
  return new GatewayError(kindForStatus(status), withoutKey(info.message, key), {
    status,
    provider: provider.name,
    code: code === undefined || code === String(httpStatus) ? `upstream_${status}` : code,
    param: said(info.param),
    upstreamType: said(info.type),
    upstreamShape: provider.kind.nativeShape ?? undefined,
    retryAfterSeconds: parseRetryAfter(headers) ?? info.retryAfterSeconds,
  });
}

/** Parses a provider's JSON body; a non-JSON 2xx body is a retryable upstream fault. */
export function parseUpstreamJson(provider: Provider, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError('upstream', `Provider "${provider.name}" returned a body that is not JSON`, {
      provider: provider.name,
      code: 'bad_upstream_response',
      status: 502,
      retryable: true,
    });
  }
}
