import { estimateTokens } from '../canonical/estimate-tokens';
import { sendError, toGatewayError } from '../errors/render';
import { inspectAnthropicRequest } from '../formats/anthropic/parse-request';
import { checkRouteAllowed } from '../keys/route-access';
import { withAnthropicClientHeaders } from './anthropic-headers';
import type { PipelineDeps, RequestContext } from './context';
import { guardRequest } from './guard';
import { requestIdHeaders } from './headers';
import { countHeaders, relayCount, sendEstimate } from './token-count';

/**
 * `POST /v1/messages/count_tokens`. An Anthropic target counts exactly; any other target gets
 * the gateway's estimate, which is what routing decisions use too.
 */
export async function handleCountTokens(deps: PipelineDeps, ctx: RequestContext, rawBody: unknown): Promise<void> {
  try {
    // The body goes upstream too, so the route's guardrail applies (block refuses here as well).
    const body = guardRequest(deps.config(), rawBody, 'anthropic').body;
    // count_tokens takes a Messages request without max_tokens.
    const withMax = typeof body === 'object' && body !== null && !('max_tokens' in body) ? withMember(body as Record<string, unknown>, 'max_tokens', 1) : body;
    // Inspected, not strictly parsed: content only Anthropic understands (PDFs, server tools,
    // MCP) is counted natively like any other; only an estimate needs the canonical form.
    const { request, untranslatable } = inspectAnthropicRequest(withMax);
    const plan = deps.router.plan(request.model);
    // A key limited to some routes may not count (or estimate) on the others, as /v1/messages refuses them.
    // Budgets and rate limits stay with the requests that cost money.
    checkRouteAllowed(ctx.key, plan.route, request.model);
    const candidate = plan.candidates[0];
    const provider = candidate?.provider;
    if (candidate && provider?.kind.countTokensUrl) {
      const { max_tokens: _ignored, ...rest } = withMax as Record<string, unknown>;
      const headers = withAnthropicClientHeaders(await countHeaders(provider), ctx.req.headers);
      return await relayCount(ctx, 'anthropic', candidate, { url: provider.kind.countTokensUrl(provider.baseUrl), headers, body: JSON.stringify({ ...rest, model: candidate.model }) });
    }
    if (untranslatable) throw untranslatable;
    sendEstimate(ctx, 'anthropic', { input_tokens: estimateTokens(request) });
  } catch (caught) {
    sendError(ctx.res, 'anthropic', toGatewayError(caught), requestIdHeaders(ctx.id, 'anthropic'));
  }
}

/**
 * `{ ...record, [name]: value }` for a member `record` lacks, without the spread: a spread
 * followed by a new member takes V8's slow path. Cloned by a spread, not Object.assign, so an
 * own "__proto__" key from JSON.parse stays data.
 */
function withMember(record: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  const copy = { ...record };
  copy[name] = value;
  return copy;
}
