/**
 * A provider API a test plays itself, for servers the shared fakes do not model (Mistral's, an
 * Ollama that answers floats only): a real HTTP server on 127.0.0.1 whose handler gets each
 * request with its JSON body read.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandIn {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  close(): Promise<void>;
}

export type StandInHandler = (req: IncomingMessage, body: Record<string, unknown>, res: ServerResponse) => void;

export async function startStandIn(answer: StandInHandler): Promise<StandIn> {
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (piece: string) => (text += piece));
    req.on('end', () => answer(req, JSON.parse(text) as Record<string, unknown>, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export function replyJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * Mistral's answer to fields its API does not know: a 422 naming each as `extra_forbidden`
 * (docs.mistral.ai; measured against the live API). True when `body` had such a field and was refused.
 */
export function refusedAsMistral(body: Record<string, unknown>, known: ReadonlySet<string>, res: ServerResponse): boolean {
  const extra = Object.keys(body).filter((field) => !known.has(field));
  if (extra.length === 0) return false;
  const detail = extra.map((field) => ({ type: 'extra_forbidden', loc: ['body', field], msg: 'Extra inputs are not permitted', input: body[field] }));
  replyJson(res, 422, { object: 'error', message: { detail }, type: 'invalid_request_error', param: null, code: null });
  return true;
}
