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
  const secrets = await provider.secrets();
  // Redacted in the raw text (a body that is not JSON becomes the message as it is) and again
  // once parsed: a JSON body may escape a secret (`\/` for `/`, `\u002B` for `+`), so the raw
  // text need not contain it, yet the parsed fields do.
  const error = upstreamError(provider, upstream.statusCode, upstream.headers, withoutSecrets(text, secrets), secrets);
  // A refused key may have been rotated in the keychain meanwhile: read it again next call
  // (after the redaction above, which needs the key that was sent).
  if (error.status === 401) provider.forgetSecrets();
  return error;
}

/**
 * `text` without the provider's secrets in it (`Provider.secrets()`: its key and the secrets its
 * headers send). Some providers and proxies echo what they were sent in an error message
 * (`Invalid API key: sk-…`, `invalid subscription key …`); OpenAI masks it, others may not.
 * Whatever a provider says passes through here before it can reach a caller, the log or the UI.
 * Redact parsed text: in raw JSON a secret may be escaped.
 */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.replaceAll(secret, '[redacted]');
  return out;
}

/** Structured details with any echo of the provider's secrets taken out. */
function detailsWithout(details: readonly unknown[], secrets: readonly string[]): readonly unknown[] {
  const text = JSON.stringify(details);
  const clean = withoutSecrets(text, secrets);
  return clean === text ? details : (JSON.parse(clean) as unknown[]);
}

/** The error with any echo of the provider's secrets taken out of its message. */
export function withoutSecretsIn(error: GatewayError, secrets: readonly string[]): GatewayError {
  const message = withoutSecrets(error.message, secrets);
  const code = withoutSecrets(error.code, secrets);
  const param = error.param === undefined ? undefined : withoutSecrets(error.param, secrets);
  if (code !== error.code || param !== error.param) {
    // Rare (a provider's code or param quoting the key, in a stream's error event): a copy, as
    // both are read-only. Every other field carries over.
    const { kind, status, retryable, provider, upstreamType, upstreamShape, upstreamDetails, retryAfterSeconds, headers } = error;
    return new GatewayError(kind, message, { status, code, param, retryable, provider, upstreamType, upstreamShape, upstreamDetails, retryAfterSeconds, headers, cause: error.cause });
  }
  if (message !== error.message) error.message = message;
  return error;
}

/**
 * The GatewayError for an upstream error status. The provider's own code (OpenAI's
 * `context_length_exceeded`, `insufficient_quota`…) is kept, so clients and the executor's
 * fallback can branch on it; `upstream_<status>` stands in when the provider sent none. The
 * status may be the provider kind's reading rather than the HTTP one (Gemini's bad key is a 401),
 * and a wait given in the body (Gemini's RetryInfo) counts when no header gives one.
 */
export function upstreamError(provider: Provider, httpStatus: number, headers: UpstreamResponse['headers'], text: string, secrets: readonly string[] = []): GatewayError {
  const info = provider.kind.parseError(httpStatus, text);
  const status = info.status ?? httpStatus;
  const said = (value: string | null | undefined): string | undefined => (value == null || value === '' ? undefined : withoutSecrets(value, secrets));
  // Azure and FastAPI servers send the status itself as the code: that says less than upstream_<status>.
  const code = said(info.code);
  return new GatewayError(kindForStatus(status), withoutSecrets(info.message, secrets), {
    status,
    provider: provider.name,
    code: code === undefined || code === String(httpStatus) ? `upstream_${status}` : code,
    param: said(info.param),
    upstreamType: said(info.type),
    upstreamShape: provider.kind.nativeShape ?? undefined,
    upstreamDetails: info.details && detailsWithout(info.details, secrets),
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
