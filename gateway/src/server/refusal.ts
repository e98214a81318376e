import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors/gateway-error';
import { sendError } from '../errors/render';
import { isObject } from '../formats/json-object';
import type { PipelineDeps, RequestContext } from '../pipeline/context';
import { requestIdHeaders } from '../pipeline/headers';
import { recordOutcome } from '../pipeline/record';
import type { ClientShape } from '../providers/types';
import { Cancellation } from '../upstream/cancel';
import type { Authenticator, KeyIdentity } from './auth';
import { presentedToken } from './auth';
import { readJsonBody } from './body';
import { isLoggedRoute, logEndpoint, storedCallAlias } from './inference-routes';
import type { InferenceRoute } from './inference-routes';
import { newRequestId } from './request-id';

/**
 * The largest body read to learn the model a refused call asked for. A refusal must not cost
 * what serving would (a 30 MB prompt read and parsed to be told "paused"); a bigger body is
 * logged without its model.
 */
export const REFUSAL_PEEK_BYTES = 64 * 1024;

/** What a call gets while the gateway is paused (the desktop app's pause, or the host's). */
export function pausedError(): GatewayError {
  return new GatewayError('unavailable', 'The gateway is paused; resume it from Switchboard', { code: 'paused', retryable: false });
}

/** What a call gets once shutdown has begun. */
export function shuttingDownError(): GatewayError {
  return new GatewayError('unavailable', 'The gateway is shutting down', { code: 'shutting_down' });
}

/**
 * Answers an inference call the gateway refuses as a whole (paused, shutting down) in the
 * caller's shape, and logs it as an ordinary row with its live event, so whoever opens Logs
 * sees why their tool failed. The row names the key (when the caller presented a valid one)
 * and the model asked for (when the body is small: see REFUSAL_PEEK_BYTES). Like any other
 * call, listing models and counting tokens leave no row. Runs only for these refusals.
 */
export async function refuseCall(
  req: IncomingMessage,
  res: ServerResponse,
  route: InferenceRoute,
  shape: ClientShape,
  error: GatewayError,
  deps: PipelineDeps,
  auth: Authenticator,
): Promise<void> {
  const id = newRequestId();
  const receivedAt = Date.now();
  const started = performance.now();
  if (!isLoggedRoute(route)) return sendError(res, shape, error, requestIdHeaders(id, shape));
  const byId = route.endpoint === 'stored_response';
  const asked = req.method === 'POST' && !byId ? await peekRequest(req) : undefined;
  // A body left unread must not be parsed as the next request on this connection.
  if (!req.complete) res.setHeader('connection', 'close');
  sendError(res, shape, error, requestIdHeaders(id, shape));
  const ctx: RequestContext = {
    id,
    receivedAt,
    started,
    shape: route.shape,
    endpoint: logEndpoint(route),
    key: knownKey(req, auth, route.queryKey),
    req,
    res,
    clientGone: new Cancellation(),
    close: { closed: true, callback: undefined },
  };
  // A Gemini call's URL names its model and stream; others' bodies do.
  const alias = byId ? storedCallAlias(req) : (route.modelId ?? asked?.model ?? '');
  recordOutcome(deps, ctx, { alias, attempts: [], status: error.status, stream: route.stream ?? asked?.stream ?? false, error });
}

/** The model and stream flag of a small JSON body, or undefined when it is big, unreadable or not JSON. */
async function peekRequest(req: IncomingMessage): Promise<{ model: string; stream: boolean } | undefined> {
  try {
    const { value } = await readJsonBody(req, REFUSAL_PEEK_BYTES);
    if (!isObject(value)) return undefined;
    return { model: typeof value.model === 'string' ? value.model : '', stream: value.stream === true };
  } catch {
    return undefined;
  }
}

/** The caller's key when it presented a valid one: the row says whose tool was refused, never checks access. */
function knownKey(req: IncomingMessage, auth: Authenticator, queryKey?: string): KeyIdentity | null {
  const token = presentedToken(req) ?? queryKey;
  return token === undefined ? null : (auth.authenticate(token) ?? null);
}
