import type { IncomingHttpHeaders } from 'node:http';
import type { ClientShape } from '../providers/types';
import type { LogRecord } from '../store/log-types';

export interface InferenceRoute {
  method: 'GET' | 'POST';
  shape: ClientShape;
  /** `stored_response`: `/responses/{id}` and below, relayed to the provider that stored it (pipeline/stored-response.ts), whatever the method. */
  endpoint: LogRecord['endpoint'] | 'models' | 'count_tokens' | 'stored_response';
  /**
   * `GET /models/{id}`: the id asked for, URL-decoded (a `provider/model` id keeps its `/`).
   * Gemini's calls (`/models/{model}:generateContent`): the model, which their bodies do not name.
   */
  modelId?: string;
  /** Gemini's `:streamGenerateContent`: the URL, not the body, asks for a stream. */
  stream?: boolean;
  /** Gemini's `?alt=` (`sse` for a stream of SSE frames; otherwise one JSON array). */
  alt?: string;
  /** Gemini's `?key=`: the API key as a query parameter, which Google's REST API accepts too. */
  queryKey?: string;
  /** Gemini's `:batchEmbedContents` (several contents, answered as a list). */
  batch?: boolean;
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
  ['/completions', { method: 'POST', shape: 'openai', endpoint: 'completions' }],
  ['/fim/completions', { method: 'POST', shape: 'openai', endpoint: 'fim' }],
  ['/models', { method: 'GET', shape: 'openai', endpoint: 'models' }],
]);

const MODEL_PREFIX = '/models/';
const RESPONSE_PREFIX = '/responses/';
const STORED_RESPONSE: InferenceRoute = { method: 'GET', shape: 'openai-responses', endpoint: 'stored_response' };

/** The inference route for a request path (the query string read only by Gemini's calls), if it is one. */
export function matchInferenceRoute(url: string): InferenceRoute | undefined {
  const query = url.indexOf('?');
  let path = query === -1 ? url : url.slice(0, query);
  // Gemini's API versions: v1beta (every Google SDK's default) and v1.
  const beta = path.startsWith('/v1beta/');
  if (beta) path = path.slice(7);
  else if (path.startsWith('/v1/')) path = path.slice(3);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const route =
    routes.get(path) ?? matchGemini(path, query === -1 ? '' : url.slice(query + 1)) ?? matchModel(path) ?? (path.startsWith(RESPONSE_PREFIX) ? STORED_RESPONSE : undefined);
  // Google's SDKs list models under /v1beta, and read them in Gemini's shape.
  return beta && route?.endpoint === 'models' ? { ...route, shape: 'gemini' } : route;
}

/** Gemini's methods on a model, after `models/{model}:`. */
const geminiMethods: Readonly<Record<string, Pick<InferenceRoute, 'endpoint' | 'stream' | 'batch'>>> = {
  generateContent: { endpoint: 'generate_content', stream: false },
  streamGenerateContent: { endpoint: 'generate_content', stream: true },
  countTokens: { endpoint: 'count_tokens' },
  embedContent: { endpoint: 'embeddings', batch: false },
  batchEmbedContents: { endpoint: 'embeddings', batch: true },
};

/**
 * Gemini's API (`GOOGLE_GEMINI_BASE_URL`, @google/genai's `httpOptions.baseUrl`):
 * `/models/{model}:{method}`, the model named by the path. The method is after the last colon,
 * since a model name may hold one (`llama3:8b`).
 */
function matchGemini(path: string, query: string): InferenceRoute | undefined {
  if (!path.startsWith(MODEL_PREFIX)) return undefined;
  const colon = path.lastIndexOf(':');
  if (colon <= MODEL_PREFIX.length) return undefined;
  const method = Object.hasOwn(geminiMethods, path.slice(colon + 1)) ? geminiMethods[path.slice(colon + 1)] : undefined;
  if (method === undefined) return undefined;
  const params = new URLSearchParams(query);
  const route: InferenceRoute = { method: 'POST', shape: 'gemini', ...method, modelId: decodePathPart(path.slice(MODEL_PREFIX.length, colon)) };
  const alt = params.get('alt');
  if (alt !== null) route.alt = alt;
  const key = params.get('key');
  if (key !== null && key !== '') route.queryKey = key;
  return route;
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
 * The API shape to answer in. The models endpoints serve every SDK: Anthropic's sends
 * `anthropic-version`, Google's `x-goog-api-client`; every other path has one shape.
 */
export function callerShape(route: InferenceRoute, headers: IncomingHttpHeaders): ClientShape {
  if (route.endpoint !== 'models') return route.shape;
  if (headers['anthropic-version'] !== undefined) return 'anthropic';
  // Google's SDKs (@google/genai 3 lists under /v1, like OpenAI's) say who they are in both.
  return headers['x-goog-api-client'] !== undefined || headers['x-goog-api-key'] !== undefined ? 'gemini' : route.shape;
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
      return route.shape === 'anthropic' ? 'messages' : route.shape === 'gemini' ? 'generate_content' : 'chat';
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
