import type { IncomingHttpHeaders } from 'node:http';
import type { ClientShape } from '../providers/types';
import type { LogRecord } from '../store/log-types';

export interface InferenceRoute {
  method: 'GET' | 'POST';
  shape: ClientShape;
  /** `stored_response`: `/responses/{id}` and below, relayed to the provider that stored it (pipeline/stored-response.ts), whatever the method. */
  endpoint: LogRecord['endpoint'] | 'models' | 'count_tokens' | 'stored_response';
  /** `GET /models/{id}`: the id asked for, URL-decoded (a `provider/model` id keeps its `/`). */
  modelId?: string;
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
  ['/responses', { method: 'POST', shape: 'openai-responses', endpoint: 'responses' }],
  ['/embeddings', { method: 'POST', shape: 'openai', endpoint: 'embeddings' }],
  ['/models', { method: 'GET', shape: 'openai', endpoint: 'models' }],
]);

const MODEL_PREFIX = '/models/';
const RESPONSE_PREFIX = '/responses/';
const STORED_RESPONSE: InferenceRoute = { method: 'GET', shape: 'openai-responses', endpoint: 'stored_response' };

/** The inference route for a request path (query string ignored), if it is one. */
export function matchInferenceRoute(url: string): InferenceRoute | undefined {
  const query = url.indexOf('?');
  let path = query === -1 ? url : url.slice(0, query);
  if (path.startsWith('/v1/')) path = path.slice(3);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return routes.get(path) ?? matchModel(path) ?? (path.startsWith(RESPONSE_PREFIX) ? STORED_RESPONSE : undefined);
}

/**
 * `/models/{id}`. Both SDKs percent-encode the id (`openai%2Fgpt-4o`); curl users write the
 * `/` as is; so the whole rest of the path is the id.
 */
function matchModel(path: string): InferenceRoute | undefined {
  if (!path.startsWith(MODEL_PREFIX) || path.length === MODEL_PREFIX.length) return undefined;
  return { method: 'GET', shape: 'openai', endpoint: 'models', modelId: decodePathPart(path.slice(MODEL_PREFIX.length)) };
}

/** A path part URL-decoded; one that is not valid percent-encoding is kept as sent (it names no model). */
export function decodePathPart(part: string): string {
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * The API shape to answer in. The models endpoints serve both SDKs, and Anthropic's is the
 * one that sends `anthropic-version`; every other path has one shape.
 */
export function callerShape(route: InferenceRoute, headers: IncomingHttpHeaders): ClientShape {
  return route.endpoint === 'models' && headers['anthropic-version'] !== undefined ? 'anthropic' : route.shape;
}

/**
 * The log's endpoint family for a route: calls on a stored response log as `responses`; the
 * models and count endpoints (not logged) as their shape's chat family.
 */
export function logEndpoint(route: InferenceRoute): LogRecord['endpoint'] {
  switch (route.endpoint) {
    case 'stored_response':
      return 'responses';
    case 'models':
    case 'count_tokens':
      return route.shape === 'anthropic' ? 'messages' : 'chat';
    default:
      return route.endpoint;
  }
}

/**
 * The log alias of a call on a stored response (`GET /v1/responses/resp_1`): its method and
 * path, query left out, so every call on a response is found by its id, refused ones included.
 */
export function storedCallAlias(req: { method?: string | undefined; url?: string | undefined }): string {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return `${req.method ?? ''} ${query === -1 ? url : url.slice(0, query)}`;
}

/** Whether calls to a route leave a row in the request log (listing models and counting tokens do not). */
export const isLoggedRoute = (route: InferenceRoute): boolean => route.endpoint !== 'models' && route.endpoint !== 'count_tokens';
