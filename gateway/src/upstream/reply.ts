import type { Provider } from '../providers/registry';
import { networkError, sendUpstream } from './http';
import type { UpstreamRequest } from './http';
import { readUpstreamError } from './upstream-error';

/**
 * Sends a request that does not stream and reads the whole answer. An error status becomes a
 * GatewayError that keeps the provider's meaning; a failure mid-body, a retryable network error.
 */
export async function fetchUpstreamText(provider: Provider, req: UpstreamRequest): Promise<string> {
  const upstream = await sendUpstream(provider.name, req);
  if (upstream.statusCode >= 400) throw await readUpstreamError(provider, upstream, req.signal);
  try {
    return await upstream.body.text();
  } catch (error) {
    throw networkError(provider.name, error, req.signal);
  }
}
