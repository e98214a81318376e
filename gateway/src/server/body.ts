import type { IncomingMessage } from 'node:http';
import { jsonErrorPosition } from '../config/syntax-errors';
import { GatewayError } from '../errors/gateway-error';

/** A request body: its text as sent, and what it parses to. */
export interface JsonBody {
  text: string;
  value: unknown;
}

/** Reads and parses a JSON body, refusing it as soon as it passes `limit` bytes. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<JsonBody> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const text = (await readBody(req, limit)).toString('utf8');
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch (error) {
    // Checked only once parsing failed: trimming first would copy every body, prompts and all.
    if (text.trim() === '') throw new GatewayError('invalid_request', 'The request body is empty; expected a JSON object', { code: 'invalid_json' });
    // Only the position: V8's message may quote the prompt, which must never reach logs.
    throw new GatewayError('invalid_request', `The request body is not valid JSON${jsonErrorPosition(error)}`, { code: 'invalid_json' });
  }
}

/**
 * The raw body, from 'data' events rather than `for await`: the async iterator costs a few
 * promises per chunk, and most bodies arrive in one chunk. Stops reading past `limit`.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A stream that already ended or died emits nothing more: the listeners below would wait forever.
    if (req.readableEnded) return resolve(Buffer.alloc(0));
    if (req.destroyed) return reject(clientClosed());
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onGone);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Stop buffering; the caller answers 413 and closes the connection.
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    // A request stream fails or closes before its end only when the client went away: mid-body,
    // or before the server read a body that had arrived whole (no 'end' follows either). The
    // 'error' listener stays after settling: an unheard 'error' event would crash the process.
    const onGone = (): void => {
      if (req.readableEnded) return;
      cleanup();
      reject(clientClosed());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
  });
}

function clientClosed(): GatewayError {
  return new GatewayError('invalid_request', 'The client closed the connection before sending the whole body', { status: 499, code: 'client_closed' });
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('request_too_large', `The request body exceeds the ${sizeText(limit)} limit (server.maxBodyBytes)`, {
    code: 'request_too_large',
  });
}

/** A size in the config's own units: a limit of 512KB is "512 KB", not "0 MB". */
function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
