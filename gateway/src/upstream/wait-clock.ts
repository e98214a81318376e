/**
 * The time a request spends waiting on others: for the client's body to arrive, on providers
 * (each HTTP exchange, from the request's first byte sent to the answer's last byte or a
 * stream's first events) and in the backoff between retries. What the gateway itself adds to a
 * call is the rest: `overheadMs`, sent as `x-switchboard-overhead-ms` and kept in the log.
 */
export class WaitClock {
  private total = 0;

  /** A `parent` counts these waits too: a semantic-cache embedding holds up the request it serves. */
  constructor(private readonly parent?: WaitClock) {}

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

/** `work` timed as waiting when there is a clock to count it, run as is otherwise. */
export function waitedOn<T>(wait: WaitClock | undefined, work: () => Promise<T>): Promise<T> {
  return wait ? wait.around(work) : work();
}

/** The gateway's own time in a request so far, in ms to 0.01: since `started`, less its waits. */
export function overheadMs(started: number, wait: WaitClock | undefined): number {
  return Math.round(Math.max(0, performance.now() - started - (wait?.ms ?? 0)) * 100) / 100;
}
