/**
 * What the count-tokens endpoints share (Anthropic's `/v1/messages/count_tokens`, Gemini's
 * `:countTokens`): a target that counts exactly is asked and its answer relayed as it came; any
 * other gets the gateway's estimate, which routing uses too.
 */
import type { ClientShape } from '../providers/types';
import type { Provider } from '../providers/registry';
import type { Candidate } from '../routing/types';
import { toAbortSignal } from '../upstream/cancel';
import { fetchUpstreamText } from '../upstream/reply';
import type { RequestContext } from './context';
import { headerValue, requestIdHeaders } from './headers';

/** The provider's own headers and key, as a count call sends them. */
export async function countHeaders(provider: Provider): Promise<Record<string, string>> {
  return { 'content-type': 'application/json', ...(await provider.headers()), ...provider.kind.headers(await provider.apiKey()) };
}

/** Asks `candidate`'s provider to count, within the target's timeout, and answers with what it said. */
export async function relayCount(ctx: RequestContext, shape: ClientShape, candidate: Candidate, sent: { url: string; headers: Record<string, string>; body: string }): Promise<void> {
  const { provider } = candidate;
  const text = await fetchUpstreamText(provider, { ...sent, signal: AbortSignal.any([toAbortSignal(ctx.clientGone), AbortSignal.timeout(candidate.policy.timeoutMs)]) });
  ctx.res.writeHead(200, { 'content-type': 'application/json', ...requestIdHeaders(ctx.id, shape), 'x-switchboard-provider': headerValue(provider.name) });
  ctx.res.end(text);
}

/** The gateway's estimate, in the caller's shape (`body`), marked as one. */
export function sendEstimate(ctx: RequestContext, shape: ClientShape, body: unknown): void {
  ctx.res.writeHead(200, { 'content-type': 'application/json', ...requestIdHeaders(ctx.id, shape), 'x-switchboard-token-count': 'estimated' });
  ctx.res.end(JSON.stringify(body));
}
