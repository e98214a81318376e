import type { ServerResponse } from 'node:http';

/**
 * Writes a stream to the client, waiting for 'drain' when the socket's buffer is full so a
 * slow client cannot make the gateway buffer a whole response in memory.
 */
export class StreamWriter {
  private firstWriteAt: number | undefined;
  private captured = '';

  constructor(
    private readonly res: ServerResponse,
    /** Bytes of output to keep for the log (0 when bodies are not logged). */
    private readonly captureLimit: number,
  ) {}

  /** performance.now() of the first byte written, for time to first token. */
  get firstByteAt(): number | undefined {
    return this.firstWriteAt;
  }

  get capturedText(): string {
    return this.captured;
  }

  async write(chunk: string | Buffer): Promise<void> {
    if (chunk.length === 0 || this.res.destroyed) return;
    this.firstWriteAt ??= performance.now();
    if (this.captured.length < this.captureLimit) {
      this.captured += (typeof chunk === 'string' ? chunk : chunk.toString('utf8')).slice(0, this.captureLimit - this.captured.length);
    }
    if (!this.res.write(chunk)) await drained(this.res);
  }
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
