/**
 * Something a shutdown may have to end: an upstream stream being relayed (UpstreamBody), or a
 * call still waiting for its answer (server/in-flight-call.ts). CutList links it.
 */
export interface Cuttable {
  /** Ends it with `error`: a relayed stream's pending read fails; a waiting call is answered with it. */
  destroy(error: unknown): void;
  /** CutList's links, set only by it. */
  openPrev: Cuttable | undefined;
  openNext: Cuttable | undefined;
}

/**
 * What a gateway has in flight that a shutdown whose grace period ends must end in its
 * caller's shape (an error event, an error answer) rather than by closing the socket on it,
 * which SDKs report as a vague network error. A list linked through its members themselves:
 * joining and leaving write a few fields and allocate nothing, where a Set would churn a hash
 * table under load (see server/tally.ts).
 */
export class CutList {
  private head: Cuttable | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(member: Cuttable): void {
    member.openPrev = undefined;
    member.openNext = this.head;
    if (this.head) this.head.openPrev = member;
    this.head = member;
    this.count += 1;
  }

  /** Takes a member out; one not in the list (already cut) is left alone. */
  remove(member: Cuttable): void {
    if (member.openPrev === undefined && this.head !== member) return;
    if (member.openPrev) member.openPrev.openNext = member.openNext;
    else this.head = member.openNext;
    if (member.openNext) member.openNext.openPrev = member.openPrev;
    member.openPrev = undefined;
    member.openNext = undefined;
    this.count -= 1;
  }

  /** Cuts every member with `error` and empties the list; returns how many were cut. */
  cutAll(error: unknown): number {
    const cut = this.count;
    let member = this.head;
    this.head = undefined;
    this.count = 0;
    while (member) {
      const next = member.openNext;
      member.openPrev = undefined;
      member.openNext = undefined;
      member.destroy(error);
      member = next;
    }
    return cut;
  }
}
