import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors/gateway-error';

/** Reads and parses a JSON body, refusing it as soon as it passes `limit` bytes. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new GatewayError('invalid_request', 'The request body is empty; expected a JSON object', { code: 'invalid_json' });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // V8's message quotes the body; report only the position so prompt text never reaches logs.
    const position = error instanceof SyntaxError ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    const detail = position === undefined ? '' : ` (at position ${position})`;
    throw new GatewayError('invalid_request', `The request body is not valid JSON${detail}`, { code: 'invalid_json' });
  }
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('request_too_large', `The request body exceeds the ${Math.round(limit / 1024 / 1024)} MB limit (server.maxBodyBytes)`, {
    code: 'request_too_large',
  });
}
