/**
 * What the gateway acquired while starting, released last-first. One list serves both a
 * start-up that fails halfway and close(), so the two cannot drift apart.
 */
export class ReleaseStack {
  private readonly steps: Array<() => unknown> = [];

  /** Registers `resource` to be closed and returns it, so acquiring stays one line. */
  own<T extends { close(): unknown }>(resource: T): T {
    this.steps.push(() => resource.close());
    return resource;
  }

  /** Registers a release function (an unsubscribe) and returns it. */
  defer<F extends () => unknown>(release: F): F {
    this.steps.push(release);
    return release;
  }

  /**
   * Runs every step, last registered first, each awaited before the next. A failing step does
   * not stop the rest (a log that cannot flush must still let the database close); the first
   * failure is thrown once all have run. Steps run once: a second call has nothing left to do.
   */
  async release(): Promise<void> {
    let failure: { error: unknown } | undefined;
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
