import type { Dispatcher } from 'undici';
import type { Cuttable } from './cut-list';

/** Bytes queued unread before the socket is paused (undici's own Readable uses the same). */
const HIGH_WATER_BYTES = 64 * 1024;

/** What a pending reader waits on: the next chunk, or the end. */
interface Waiter {
  resolve(result: IteratorResult<Buffer>): void;
  reject(error: unknown): void;
}

/**
 * An upstream response body, fed by an undici dispatch handler and read either chunk by chunk
 * (streams) or whole (`text()`). It replaces the Readable that undici's `request()` builds: a
 * queue and at most one pending promise, where a Readable's async iterator costs several
 * promises and events per chunk. Reading pauses the socket past 64 KB queued and resumes it
 * once the reader catches up.
 */
export class UpstreamBody implements AsyncIterator<Buffer>, AsyncIterable<Buffer>, Cuttable {
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private waiter: Waiter | undefined;
  /** Set by `text()`: the whole body is wanted, so nothing pauses. */
  private whole: { resolve(text: string): void; reject(error: unknown): void } | undefined;
  /** Links of the CutList while the body is relayed as a stream. */
  openPrev: Cuttable | undefined = undefined;
  openNext: Cuttable | undefined = undefined;

  constructor(
    private readonly controller: Dispatcher.DispatchController,
    /** Called once the body is over, however it ended. */
    private readonly onClose: () => void,
  ) {}

  /** True once the body was cut by `destroy()` or failed. */
  get destroyed(): boolean {
    return this.failure !== undefined;
  }

  // ---- the dispatch handler's side ----

  push(chunk: Buffer): void {
    if (this.failure) return;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter.resolve({ value: chunk, done: false });
      return;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (!this.whole && this.queuedBytes > HIGH_WATER_BYTES) this.controller.pause();
  }

  finish(): void {
    if (this.failure || this.ended) return;
    this.ended = true;
    this.onClose();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve({ value: undefined, done: true });
    const whole = this.whole;
    this.whole = undefined;
    whole?.resolve(this.drain());
  }

  fail(error: unknown): void {
    if (this.failure || this.ended) return;
    this.failure = { error };
    this.queue = [];
    this.queuedBytes = 0;
    this.onClose();
    const pending = this.waiter ?? this.whole;
    this.waiter = undefined;
    this.whole = undefined;
    pending?.reject(error);
  }

  // ---- the reader's side ----

  next(): Promise<IteratorResult<Buffer>> {
    if (this.queue.length > 0) {
      const value = this.queue.shift() as Buffer;
      this.queuedBytes -= value.length;
      if (this.queue.length === 0 && this.controller.paused) this.controller.resume();
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Leaving a `for await` early cuts the upstream. */
  return(): Promise<IteratorResult<Buffer>> {
    this.destroy();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The rest of the body as UTF-8 text, decoded whole so no character splits across chunks. */
  text(): Promise<string> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.ended) return Promise.resolve(this.drain());
    const whole = new Promise<string>((resolve, reject) => {
      this.whole = { resolve, reject };
    });
    // After `whole` is set: undici may push (or finish) synchronously inside resume(), and a
    // push that saw no `whole` would pause the socket again, for good.
    if (this.controller.paused) this.controller.resume();
    return whole;
  }

  /**
   * Cuts the upstream: the connection is aborted, queued bytes are dropped, and a pending read
   * fails with `error` (by default an error saying the body was cut, so a cut is never taken for
   * a complete answer).
   */
  destroy(error?: unknown): void {
    if (this.failure || this.ended) return;
    const reason = error ?? new Error('The upstream response was cut before its end');
    this.controller.abort(reason as Error);
    // undici reports the abort through the handler, but not always before the caller moves on.
    this.fail(reason);
  }

  private drain(): string {
    const queue = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    return (queue.length === 1 ? (queue[0] as Buffer) : Buffer.concat(queue)).toString('utf8');
  }
}
