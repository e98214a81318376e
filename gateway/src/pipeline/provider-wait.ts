/**
 * How long one call waited on others: its providers (every attempt, from sending the request
 * until the answer was read or its stream committed; a semantic cache lookup's embedding) and
 * the backoffs between retries. What is left of the time before the answer began is the
 * gateway's own overhead (`x-switchboard-overhead-ms`, the log's `overhead_ms`), the figure
 * LiteLLM users read from `x-litellm-overhead-duration-ms`.
 */
export class ProviderWait {
  /** Milliseconds waited so far. */
  ms = 0;

  /** Counts the time from `since` (a `performance.now()` reading) until now. */
  add(since: number): void {
    this.ms += performance.now() - since;
  }

  /** Resolves as `work` does, counting the wait whatever its outcome. */
  async time<T>(work: Promise<T>): Promise<T> {
    const since = performance.now();
    try {
      return await work;
    } finally {
      this.add(since);
    }
  }
}

/** Sets `x-switchboard-overhead-ms`, to the hundredth of a millisecond, in `headers`; returns them. */
export function addOverhead<T extends Record<string, string | number>>(headers: T, ms: number): T {
  (headers as Record<string, string | number>)['x-switchboard-overhead-ms'] = ms.toFixed(2);
  return headers;
}

/** The gateway's own share of a call that `started` (a `performance.now()` reading) and waited `waited`, in ms, to 0.01 ms. */
export function overheadMs(started: number, waited: ProviderWait): number {
  return Math.max(0, Math.round((performance.now() - started - waited.ms) * 100) / 100);
}
