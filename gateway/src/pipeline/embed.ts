import { emptyUsage } from '../canonical/types';
import { GatewayError } from '../errors/gateway-error';
import { toGatewayError } from '../errors/render';
import { execute, ExecutionError } from '../routing/executor';
import type { RoutePlan } from '../routing/types';
import { newRequestId } from '../server/request-id';
import type { Findings } from '../guardrails';
import type { PipelineDeps, RequestContext } from './context';
import { attemptEmbedding } from './embeddings';
import { guardRequest } from './guard';
import { recordOutcome } from './record';

/** How long the semantic cache may spend on an embedding before the request goes on without it. */
const EMBED_DEADLINE_MS = 5_000;

/** Produces the semantic cache's embedding of `text` for the request `parent`. */
export type RequestEmbed = (text: string, embeddingRoute: string, parent: RequestContext) => Promise<ArrayLike<number>>;

/**
 * The semantic cache's embedder: one call through the configured embedding route, with the
 * route's own fallbacks, bounded so a slow embedding provider cannot hold a request up.
 *
 * The call is a provider call like any other, so it gets a log row of its own (endpoint
 * `embeddings`, the embedding route as alias, metadata naming the request it served), its
 * cost, and a charge to the caller's key and team budgets: a semantic cache that saves money
 * on hits still pays for an embedding on every lookup, and the log shows it.
 */
export function createEmbedder(deps: PipelineDeps): RequestEmbed {
  return async (text, embeddingRoute, parent) => {
    const ctx: RequestContext = { ...parent, id: newRequestId(), receivedAt: Date.now(), started: performance.now(), endpoint: 'embeddings' };
    const metadata = { 'switchboard.purpose': 'semantic-cache', 'switchboard.request': parent.id };
    let plan: RoutePlan | undefined;
    let findings: Findings | undefined;
    let recorded = false;
    try {
      plan = { ...deps.router.plan(embeddingRoute), deadlineMs: EMBED_DEADLINE_MS };
      // The embedding route's own guardrail applies, as to a client's call to it: the chat
      // route's (which may have none) scrubbed only what went to the chat provider. A `block`
      // throws, and the request goes on without the semantic lookup.
      const guarded = guardRequest(deps.config(), { model: embeddingRoute, input: [text] }, 'embeddings');
      findings = guarded.findings;
      const request = guarded.body as { model: string; input: string[] };
      const result = await execute(plan, (candidate, signal) => attemptEmbedding(request, request, candidate, signal, deps.quotas), {
        signal: AbortSignal.timeout(EMBED_DEADLINE_MS),
        stream: false,
      });
      const usage = { ...emptyUsage(), inputTokens: result.value.inputTokens };
      recordOutcome(deps, ctx, { alias: embeddingRoute, plan, candidate: result.candidate, attempts: result.attempts, status: 200, stream: false, usage, servedModel: result.value.model, metadata, piiFindings: findings });
      recorded = true;
      const vector = result.value.embeddings[0];
      if (!vector) throw new GatewayError('upstream', `Embedding route "${embeddingRoute}" returned no vector`, { code: 'bad_upstream_response' });
      return vector;
    } catch (caught) {
      if (!recorded) {
        const error = toGatewayError(caught);
        const failed = caught instanceof ExecutionError ? caught : undefined;
        recordOutcome(deps, ctx, { alias: embeddingRoute, plan, candidate: failed?.candidate, attempts: failed?.attempts ?? [], status: error.status, stream: false, error, metadata, piiFindings: findings });
      }
      throw caught;
    }
  };
}
