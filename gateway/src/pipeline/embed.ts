import type { Embed } from '../cache/cache-service';
import { GatewayError } from '../errors/gateway-error';
import { execute } from '../routing/executor';
import type { PipelineDeps } from './context';
import { attemptEmbedding } from './embeddings';

/** How long the semantic cache may spend on an embedding before the request goes on without it. */
const EMBED_DEADLINE_MS = 5_000;

/**
 * The semantic cache's embedder: one call through the configured embedding route, with the
 * route's own fallbacks, bounded so a slow embedding provider cannot hold a request up.
 */
export function createEmbedder(deps: PipelineDeps): Embed {
  return async (text, embeddingRoute) => {
    const plan = { ...deps.router.plan(embeddingRoute), deadlineMs: EMBED_DEADLINE_MS };
    const request = { model: embeddingRoute, input: [text] };
    const body = { model: embeddingRoute, input: [text] };
    const result = await execute(plan, (candidate, signal) => attemptEmbedding(body, request, candidate, signal), {
      signal: AbortSignal.timeout(EMBED_DEADLINE_MS),
      stream: false,
    });
    const vector = result.value.embeddings[0];
    if (!vector) throw new GatewayError('upstream', `Embedding route "${embeddingRoute}" returned no vector`, { code: 'bad_upstream_response' });
    return vector;
  };
}
