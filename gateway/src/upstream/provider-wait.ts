/**
 * The time a request spends waiting on providers: their HTTP exchanges (from the request's
 * first byte sent to the answer's last byte, or to a stream's first events) and the backoff
 * between retries. What the gateway itself adds to a call is the rest: `overheadMs`, sent as
 * `x-switchboard-overhead-ms` and kept in the log.
 */
export class ProviderWait {
  private total = 0;

  /** A `parent` counts this wait too: a semantic-cache embedding holds up the request it serves. */
  constructor(private readonly parent?: ProviderWait) {}

  /** Milliseconds waited so far. */
  get ms(): number {
    return this.total;
  }

  /** Runs `work`, counting how long it takes as waiting. */
  async around<T>(work: () => Promise<T>): Promise<T> {
    const from = performance.now();
    try {
      return await work();
    } finally {
      this.add(performance.now() - from);
    }
  }

  private add(ms: number): void {
    this.total += ms;
    this.parent?.add(ms);
  }
}

/** `work` timed as waiting on providers when there is a `wait` to count it, run as is otherwise. */
export function waitedOn<T>(wait: ProviderWait | undefined, work: () => Promise<T>): Promise<T> {
  return wait ? wait.around(work) : work();
}

/** The gateway's own time in a request so far, in ms to 0.01: since `started`, less its waits. */
export function overheadMs(started: number, wait: ProviderWait | undefined): number {
  return Math.round(Math.max(0, performance.now() - started - (wait?.ms ?? 0)) * 100) / 100;
}
