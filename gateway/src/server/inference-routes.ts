import type { ClientShape } from '../providers/types';
import type { LogRecord } from '../store/log-types';

export interface InferenceRoute {
  method: 'GET' | 'POST';
  shape: ClientShape;
  endpoint: LogRecord['endpoint'] | 'models' | 'count_tokens';
}

/**
 * The inference surface, matched without a framework: these paths carry every LLM call, so
 * they skip Express. Paths are accepted with and without the `/v1` prefix, since clients
 * differ on whether the base URL includes it.
 */
const routes = new Map<string, InferenceRoute>([
  ['/chat/completions', { method: 'POST', shape: 'openai', endpoint: 'chat' }],
  ['/messages', { method: 'POST', shape: 'anthropic', endpoint: 'messages' }],
  ['/messages/count_tokens', { method: 'POST', shape: 'anthropic', endpoint: 'count_tokens' }],
  ['/embeddings', { method: 'POST', shape: 'openai', endpoint: 'embeddings' }],
  ['/models', { method: 'GET', shape: 'openai', endpoint: 'models' }],
]);

/** The inference route for a request path (query string ignored), if it is one. */
export function matchInferenceRoute(url: string): InferenceRoute | undefined {
  const query = url.indexOf('?');
  let path = query === -1 ? url : url.slice(0, query);
  if (path.startsWith('/v1/')) path = path.slice(3);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return routes.get(path);
}
