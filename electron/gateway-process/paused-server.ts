/**
 * What listens on the gateway's port while the user has paused it. Pausing closes the gateway
 * (finishing in-flight calls and flushing the log), and this stand-in holds the port so that
 * clients get a clear 503 "paused" in their own API shape instead of "connection refused", and
 * so that no other program takes the port before the user resumes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { GatewayError } from '../../gateway/src/errors/gateway-error';
import { sendError } from '../../gateway/src/errors/render';
import { matchInferenceRoute } from '../../gateway/src/server/inference-routes';

export const PAUSED_MESSAGE = 'Switchboard is paused. Resume it from the Switchboard menu in the tray or menu bar.';

export interface PausedServer {
  close(): Promise<void>;
}

/** Answers one request on the paused port. */
export function answerPaused(req: IncomingMessage, res: ServerResponse): void {
  // Nothing is read from the body; do not leave it to be parsed as a next request.
  res.setHeader('connection', 'close');
  const route = matchInferenceRoute(req.url ?? '/');
  // A client retrying a paused gateway only adds load and delay: the SDKs honour x-should-retry.
  const error = new GatewayError('unavailable', PAUSED_MESSAGE, { code: 'paused', retryable: false, headers: { 'x-should-retry': 'false' } });
  sendError(res, route?.shape ?? 'openai', error);
}

/** Listens on `host:port` and answers every request with 503 "paused". */
export async function servePaused(host: string, port: number): Promise<PausedServer> {
  const server = createServer({ keepAliveTimeout: 1_000 }, answerPaused);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
