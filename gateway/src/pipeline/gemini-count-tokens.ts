import { estimateTokens } from '../canonical/estimate-tokens';
import { sendError, toGatewayError } from '../errors/render';
import { invalidRequest } from '../errors/gateway-error';
import { geminiModelName, inspectGeminiRequest } from '../formats/gemini';
import { isObject } from '../formats/json-object';
import { checkRouteAllowed } from '../keys/route-access';
import { joinUrl } from '../providers/types';
import type { PipelineDeps, RequestContext } from './context';
import { guardRequest } from './guard';
import { requestIdHeaders } from './headers';
import { countHeaders, relayCount, sendEstimate } from './token-count';

/**
 * `POST /v1beta/models/{model}:countTokens` (Gemini CLI asks before it compresses a long
 * chat). A Gemini target counts exactly; any other gets the gateway's estimate, which routing
 * uses too. The body is `{ contents }` or a whole `{ generateContentRequest }`.
 */
export async function handleGeminiCountTokens(deps: PipelineDeps, ctx: RequestContext, rawBody: unknown): Promise<void> {
  try {
    const model = ctx.urlCall?.model ?? '';
    if (!isObject(rawBody)) throw invalidRequest('The request body must be a JSON object', undefined);
    const wrapped = isObject(rawBody.generateContentRequest);
    const asked = wrapped ? (rawBody.generateContentRequest as Record<string, unknown>) : { contents: rawBody.contents };
    // The contents go upstream too, so the route's guardrail applies (block refuses here as well).
    const guarded = guardRequest(deps.config(), asked, 'gemini', model).body as Record<string, unknown>;
    const plan = deps.router.plan(model);
    // A key limited to some routes may not count on the others; budgets stay with the calls that cost money.
    checkRouteAllowed(ctx.key, plan.route, model);
    const candidate = plan.candidates[0];
    const provider = candidate?.provider;
    if (candidate && provider?.kind.nativeShape === 'gemini') {
      const name = geminiModelName(candidate.model);
      const body = wrapped ? { generateContentRequest: { ...guarded, model: name } } : guarded;
      return await relayCount(ctx, 'gemini', candidate, { url: joinUrl(provider.baseUrl, `${name}:countTokens`), headers: await countHeaders(provider), body: JSON.stringify(body) });
    }
    const { request, untranslatable } = inspectGeminiRequest(guarded);
    if (untranslatable) throw untranslatable;
    request.model = model;
    sendEstimate(ctx, 'gemini', { totalTokens: estimateTokens(request) });
  } catch (caught) {
    sendError(ctx.res, 'gemini', toGatewayError(caught), requestIdHeaders(ctx.id, 'gemini'));
  }
}
