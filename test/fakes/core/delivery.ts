import type { ServerResponse } from 'node:http';
import type { ContentBehaviour } from './types';
import type { Frame, JsonReply, Rendered } from './route';

/** Resolves true after `ms`, or false as soon as `signal` aborts (the fake is closing). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function sendJson(
  res: ServerResponse,
  reply: JsonReply,
  contentType: string,
  headers: Record<string, string>,
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...headers,
    ...reply.headers,
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}

interface DeliveryOptions {
  headers: Record<string, string>;
  jsonContentType: string;
  signal: AbortSignal;
}

/** Writes a rendered answer, applying slow-stream delays and stream-fail cuts. */
export async function deliver(
  res: ServerResponse,
  rendered: Rendered,
  behaviour: ContentBehaviour,
  options: DeliveryOptions,
): Promise<void> {
  // The client may have given up during a delay.
  if (res.destroyed) return;
  if (rendered.type === 'json') return deliverJson(res, rendered.body, behaviour, options, rendered.headers);

  res.writeHead(200, {
    ...options.headers,
    ...rendered.headers,
    'content-type': rendered.contentType,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  // Headers go out at once, as real providers send 200 before the first token.
  res.flushHeaders();
  let contentSent = 0;
  let framesSent = 0;
  for (const frame of rendered.frames) {
    if (behaviour.kind === 'slow-stream' && !(await sleep(behaviour.chunkDelayMs, options.signal))) return;
    if (res.destroyed) return;
    if (behaviour.kind === 'stream-fail' && shouldFail(frame, contentSent, behaviour.afterChunks)) {
      if (behaviour.mode === 'error-event') {
        await write(res, rendered.errorFrame(behaviour.errorMessage, framesSent));
        res.end();
      } else {
        res.destroy();
      }
      return;
    }
    await write(res, frame.text);
    framesSent += 1;
    if (frame.kind === 'content') contentSent += 1;
  }
  res.end();
}

function shouldFail(frame: Frame, contentSent: number, afterChunks: number): boolean {
  return frame.kind === 'final' || (frame.kind === 'content' && contentSent >= afterChunks);
}

async function deliverJson(
  res: ServerResponse,
  body: unknown,
  behaviour: ContentBehaviour,
  options: DeliveryOptions,
  extraHeaders: Record<string, string> | undefined,
): Promise<void> {
  if (behaviour.kind === 'slow-stream' && !(await sleep(behaviour.chunkDelayMs, options.signal))) return;
  const payload = JSON.stringify(body);
  if (behaviour.kind !== 'stream-fail') {
    return sendJson(res, { status: 200, body, headers: extraHeaders }, options.jsonContentType, options.headers);
  }
  // A non-streaming request cannot fail "after N chunks": send half the body, then cut the connection.
  res.writeHead(200, {
    ...options.headers,
    ...extraHeaders,
    'content-type': options.jsonContentType,
    'content-length': String(Buffer.byteLength(payload)),
  });
  await write(res, payload.slice(0, Math.floor(payload.length / 2)));
  res.destroy();
}

/** Waits until the bytes are handed to the socket, so a following destroy() cannot swallow them. */
function write(res: ServerResponse, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    const done = (): void => {
      res.off('close', done);
      resolve();
    };
    // 'close' covers a client that disconnects while the write is pending.
    res.once('close', done);
    res.write(text, done);
  });
}
