/**
 * Last-used times, batched: authenticating a request only notes the time in memory, and a
 * timer writes all notes in one transaction. A write per request would put the disk on every
 * request's path for a value people read at minute precision.
 */
export class LastUsedBatcher {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: (batch: ReadonlyMap<string, number>) => void,
    private readonly intervalMs: number,
    private readonly warn: (message: string) => void,
  ) {}

  /** Notes that key `id` was used at `at` (Unix ms). */
  touch(id: string, at: number): void {
    if ((this.pending.get(id) ?? -Infinity) < at) this.pending.set(id, at);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.intervalMs);
    // Unwritten times must not keep a finished process alive; the host calls close().
    this.timer.unref();
  }

  /** A time noted but not written yet. */
  pendingFor(id: string): number | undefined {
    return this.pending.get(id);
  }

  /** Writes everything noted; on failure keeps it for the next attempt. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      this.write(batch);
    } catch (error) {
      for (const [id, at] of batch) if ((this.pending.get(id) ?? -Infinity) < at) this.pending.set(id, at);
      this.warn(`switchboard keys: writing last-used times failed; will retry: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
