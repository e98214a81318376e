import { GatewayError, kindForStatus } from '../errors/gateway-error';
import type { Provider } from '../providers/registry';
import { networkError, parseRetryAfter } from './http';
import type { UpstreamResponse } from './http';
import type { CancelSignal } from './cancel';

/**
 * Reads an upstream error response and keeps its meaning — status, the provider's error type
 * and message, and any `retry-after` — as a GatewayError.
 */
export async function readUpstreamError(provider: Provider, upstream: UpstreamResponse, signal: CancelSignal): Promise<GatewayError> {
  let text: string;
  try {
    text = await upstream.body.text();
  } catch (error) {
    return networkError(provider.name, error, signal);
  }
  return upstreamError(provider, upstream.statusCode, upstream.headers, text);
}

export function upstreamError(provider: Provider, status: number, headers: UpstreamResponse['headers'], text: string): GatewayError {
  const info = provider.kind.parseError(status, text);
  const retryAfterSeconds = parseRetryAfter(headers);
  return new GatewayError(kindForStatus(status), info.message, {
    status,
    provider: provider.name,
    code: `upstream_${status}`,
    ...(info.type === undefined ? {} : { upstreamType: info.type }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
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
