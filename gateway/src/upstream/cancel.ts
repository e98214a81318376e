/**
 * Cancellation without EventTarget. On Node 20 every AbortController costs several µs (the
 * profile showed two per request, ~5% of a call's CPU), and the request path needs one per
 * attempt plus one for the client going away. `Cancellation` is the small part of
 * AbortController the gateway uses; undici accepts it as a request's `signal` (it takes any
 * object with `addEventListener`, or an EventEmitter), and a real AbortSignal fits wherever a
 * CancelSignal is asked for.
 */

/** What the request path reads from a signal: AbortSignal has it, and so does Cancellation. */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export class Cancellation implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Array<() => void> = [];

  /** Aborts once: later calls keep the first reason. Listeners run once, in order. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        // One failing listener must not stop the others from hearing the abort.
        process.emitWarning(`switchboard: an abort listener threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Like EventTarget: a listener added after the abort is not called. */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
  }
}

/** A real AbortSignal that follows `signal`, for APIs that insist on one (AbortSignal.any). */
export function toAbortSignal(signal: CancelSignal): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  return controller.signal;
}

/**
 * `promise`, or its signal's reason once it aborts, whichever comes first; `promise` itself runs
 * on (another caller may share it). Without a signal, `promise` as it is.
 */
export function untilAborted<T>(promise: Promise<T>, signal: CancelSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    // Nobody waits for it now; its failure must not go unhandled (Node would exit on it).
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
