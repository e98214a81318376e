import type { ServerResponse } from 'node:http';
import type { StreamFraming } from '../formats/types';

/**
 * Writes a stream to the client, waiting for 'drain' when the socket's buffer is full so a
 * slow client cannot make the gateway buffer a whole response in memory. Streams are rendered
 * as SSE; a `framing` re-frames them on the way out (Gemini's JSON array).
 */
export class StreamWriter {
  private firstWriteAt: number | undefined;
  private captured = '';

  constructor(
    private readonly res: ServerResponse,
    /** Bytes of output to keep for the log (0 when bodies are not logged). */
    private readonly captureLimit: number,
    private readonly framing?: StreamFraming,
  ) {}

  /** performance.now() of the first byte written, for time to first token. */
  get firstByteAt(): number | undefined {
    return this.firstWriteAt;
  }

  /** The stream as SSE (before any re-framing), up to the capture limit: what the log keeps. */
  get capturedText(): string {
    return this.captured;
  }

  async write(chunk: string | Buffer): Promise<void> {
    if (chunk.length === 0 || this.res.destroyed) return;
    if (this.captured.length < this.captureLimit) {
      this.captured += (typeof chunk === 'string' ? chunk : chunk.toString('utf8')).slice(0, this.captureLimit - this.captured.length);
    }
    const out = this.framing ? this.framing.push(chunk) : chunk;
    if (out.length === 0) return;
    this.firstWriteAt ??= performance.now();
    if (!this.res.write(out)) await drained(this.res);
  }

  /** Ends the response, with what closes the framing (the array's `]`). */
  end(): void {
    this.res.end(this.framing?.end() ?? '');
  }
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/** Sends a stream's head (200, `headers`, and SSE's or the framing's content type); returns its writer. */
export function openStream(res: ServerResponse, headers: Record<string, string>, captureLimit: number, framing?: StreamFraming): StreamWriter {
  res.writeHead(200, Object.assign(headers, SSE_HEADERS, framing === undefined ? undefined : { 'content-type': framing.contentType }));
  return new StreamWriter(res, captureLimit, framing);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
