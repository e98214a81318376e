/**
 * Holds the gateway's background writes (log rows, cache entries: both write-behind already)
 * while a WAL checkpoint runs on the checkpointer's thread.
 *
 * Why: SQLite restarts the WAL from its beginning only when a write finds every frame already
 * copied into the database file. A checkpoint that writes race never finishes, so under a
 * steady write load the WAL grew until the gateway connection's backstop auto-checkpoint
 * copied ~64 MB inside one commit on the event loop (~50 ms, measured). With writes held for
 * the few milliseconds a checkpoint takes, each checkpoint completes, the next write restarts
 * the WAL, and it stays about a second of writes long.
 *
 * Writes a caller waits on (flushes before reads, deletes, close) do not wait for the gate:
 * they only make that one checkpoint partial.
 */
export class WriteGate {
  private held = false;
  private waiting: Array<() => void> = [];

  /** Whether background writes should wait (a checkpoint is running). */
  get closed(): boolean {
    return this.held;
  }

  /** Runs `write` once the gate is open: now, or when the checkpoint ends. */
  whenOpen(write: () => void): void {
    if (!this.held) write();
    else this.waiting.push(write);
  }

  close(): void {
    this.held = true;
  }

  /** Opens the gate and runs the writes that waited, in the order they came. */
  open(): void {
    if (!this.held) return;
    this.held = false;
    const waiting = this.waiting;
    this.waiting = [];
    for (const write of waiting) {
      // A failing write reports itself (its owner retries); it must not keep the others waiting.
      try {
        write();
      } catch {
        // See above.
      }
    }
  }
}
