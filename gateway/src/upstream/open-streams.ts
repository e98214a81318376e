/** An upstream stream being relayed to a client (an UpstreamBody), as OpenStreams links it. */
export interface OpenStream {
  /** Cuts the stream: its pending read fails with `error`. */
  destroy(error: unknown): void;
  /** OpenStreams' links, set only by it. */
  openPrev: OpenStream | undefined;
  openNext: OpenStream | undefined;
}

/**
 * The upstream streams a gateway is relaying to its clients, so that a shutdown whose grace period ends can end each
 * with an error event in its caller's shape instead of closing the socket on it (SDKs report
 * that as a vague network error). A list linked through the streams themselves: joining and
 * leaving write a few fields and allocate nothing, where a Set would churn a hash table under
 * load (see server/tally.ts).
 */
export class OpenStreams {
  private head: OpenStream | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(stream: OpenStream): void {
    stream.openPrev = undefined;
    stream.openNext = this.head;
    if (this.head) this.head.openPrev = stream;
    this.head = stream;
    this.count += 1;
  }

  /** Takes a stream out; one not in the list (already cut) is left alone. */
  remove(stream: OpenStream): void {
    if (stream.openPrev === undefined && this.head !== stream) return;
    if (stream.openPrev) stream.openPrev.openNext = stream.openNext;
    else this.head = stream.openNext;
    if (stream.openNext) stream.openNext.openPrev = stream.openPrev;
    stream.openPrev = undefined;
    stream.openNext = undefined;
    this.count -= 1;
  }

  /** Cuts every open stream with `error` and empties the list; returns how many were cut. */
  cutAll(error: unknown): number {
    const cut = this.count;
    let stream = this.head;
    this.head = undefined;
    this.count = 0;
    while (stream) {
      const next = stream.openNext;
      stream.openPrev = undefined;
      stream.openNext = undefined;
      stream.destroy(error);
      stream = next;
    }
    return cut;
  }
}
