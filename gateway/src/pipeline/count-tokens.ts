import { estimateTokens } from '../canonical/estimate-tokens';
import { sendError, toGatewayError } from '../errors/render';
import { inspectAnthropicRequest } from '../formats/anthropic/parse-request';
import { checkRouteAllowed } from '../keys/route-access';
import { toAbortSignal } from '../upstream/cancel';
import { fetchUpstreamText } from '../upstream/reply';
import { withAnthropicClientHeaders } from './anthropic-headers';
import type { PipelineDeps, RequestContext } from './context';
import { guardRequest } from './guard';
import { headerValue, requestIdHeaders } from './headers';

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
      const base: Record<string, string> = { 'content-type': 'application/json', ...(await provider.headers()), ...provider.kind.headers(await provider.apiKey()) };
      const headers = withAnthropicClientHeaders(base, ctx.req.headers);
      const text = await fetchUpstreamText(provider, {
        url: provider.kind.countTokensUrl(provider.baseUrl),
        headers,
        body: JSON.stringify({ ...rest, model: candidate.model }),
        signal: AbortSignal.any([toAbortSignal(ctx.clientGone), AbortSignal.timeout(candidate.policy.timeoutMs)]),
      });
      ctx.res.writeHead(200, { 'content-type': 'application/json', ...requestIdHeaders(ctx.id, 'anthropic'), 'x-switchboard-provider': headerValue(provider.name) });
      ctx.res.end(text);
      return;
    }
    if (untranslatable) throw untranslatable;
    const text = JSON.stringify({ input_tokens: estimateTokens(request) });
    ctx.res.writeHead(200, { 'content-type': 'application/json', ...requestIdHeaders(ctx.id, 'anthropic'), 'x-switchboard-token-count': 'estimated' });
    ctx.res.end(text);
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
