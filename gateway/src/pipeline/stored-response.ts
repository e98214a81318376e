/**
 * Calls on a Responses API answer by its id — `GET`/`DELETE /v1/responses/{id}`,
 * `POST /v1/responses/{id}/cancel`, `GET /v1/responses/{id}/input_items` — relayed to the
 * provider that stored it (OpenAI, or Azure with `nativeResponses`), with that provider's key,
 * for the gateway key that made it (the master key may reach them all). The gateway learns who
 * stored what from the native Responses calls it carried (store/response-owners.ts); an id it
 * did not see made is answered 404, as is one another key made, so ids cannot be probed.
 */
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors/gateway-error';
import { MASTER_KEY_ID } from '../server/auth';
import { decodePathPart } from '../server/inference-routes';
import { toAbortSignal } from '../upstream/cancel';
import { fetchUpstreamText } from '../upstream/reply';
import type { PipelineDeps, RequestContext } from './context';
import { requestIdHeaders } from './headers';

const PATH = /^\/(?:v1\/)?responses\/([^/]+)(?:\/(cancel|input_items))?\/?$/;
/** The method each call takes: none of them has a body but `cancel`'s empty one. */
const METHODS: Record<string, readonly string[]> = { '': ['GET', 'DELETE'], cancel: ['POST'], input_items: ['GET'] };
const RELAY_TIMEOUT_MS = 60_000;

export async function serveStoredResponse(deps: PipelineDeps, ctx: RequestContext, req: IncomingMessage): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway');
  const match = PATH.exec(url.pathname);
  if (!match) throw notStored();
  const id = decodePathPart(match[1] ?? '');
  // Providers' ids are plain (`resp_…`); anything else (bad percent-encoding included) was never recorded.
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw notStored();
  const call = match[2] ?? '';
  const allowed = METHODS[call] ?? [];
  if (!allowed.includes(req.method ?? '')) {
    ctx.res.setHeader('allow', allowed.join(', '));
    throw new GatewayError('invalid_request', `Method ${req.method ?? ''} is not allowed here; use ${allowed.join(' or ')}`, { status: 405, code: 'method_not_allowed' });
  }
  if (url.searchParams.getAll('stream').includes('true')) {
    throw new GatewayError('invalid_request', 'Streaming a stored response again is not relayed; ask for it without stream=true', { param: 'stream', code: 'unsupported_parameter', retryable: false });
  }
  const owner = deps.responseOwners?.find(id);
  const keyId = ctx.key?.id ?? null;
  if (!owner || (owner.keyId !== keyId && keyId !== MASTER_KEY_ID)) throw notStored();
  const provider = deps.providerNamed?.(owner.provider);
  const api = provider?.kind.nativeApis?.['openai-responses'];
  if (!provider || !api) throw notStored(`the provider that stored it ("${owner.provider}") is no longer in the config, or no longer takes the Responses API natively`);

  const method = req.method as 'GET' | 'DELETE' | 'POST';
  const headers = { ...(await provider.headers()), ...provider.kind.headers(await provider.apiKey(ctx.clientGone)), accept: 'application/json' };
  let text: string;
  try {
    // Through the upstream pool, and read as any provider answer is: an error keeps the
    // provider's meaning without its secrets, and a 401 makes the key be read again.
    text = await fetchUpstreamText(provider, {
      url: `${api.url(provider.baseUrl)}/${encodeURIComponent(id)}${call ? `/${call}` : ''}${url.search}`,
      method,
      headers: method === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers,
      body: method === 'POST' ? '{}' : undefined,
      signal: AbortSignal.any([toAbortSignal(ctx.clientGone), AbortSignal.timeout(RELAY_TIMEOUT_MS)]),
    });
  } catch (error) {
    // Gone at the provider (deleted elsewhere, or expired): nothing left to relay.
    if (error instanceof GatewayError && error.status === 404) deps.responseOwners?.forget(id);
    throw error;
  }
  if (method === 'DELETE') deps.responseOwners?.forget(id);
  ctx.res.writeHead(200, { ...requestIdHeaders(ctx.id, 'openai-responses'), 'x-switchboard-provider': provider.name, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  ctx.res.end(text);
}

/**
 * Anything below `/v1/responses/` the gateway cannot relay: an id it did not see a provider
 * store, or another key's; OpenAI's compact and input_tokens helpers.
 */
export function notStored(why?: string): GatewayError {
  const reason = why ?? 'no provider stored a response with this id for this key through the gateway';
  return new GatewayError('not_found', `Response not found: ${reason}. Calls by id (retrieve, delete, cancel, input_items) reach the provider that stored the response, for the key that made it; go on from an answer by sending the whole conversation in \`input\` (\`store: false\`), or by \`previous_response_id\` on a route to OpenAI`, {
    code: 'response_not_found',
    retryable: false,
  });
}
