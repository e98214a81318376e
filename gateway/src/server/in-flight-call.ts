import type { ServerResponse } from 'node:http';
import { Cancellation } from '../upstream/cancel';
import type { Cuttable } from '../upstream/cut-list';

/**
 * An inference call's cancellation (its `clientGone`), listed in the server's CutList while
 * the call runs, so that a shutdown whose grace period ends can answer the calls still waiting
 * on a provider instead of closing their sockets. One object per call, as the cancellation was
 * before: listing it writes two fields.
 */
export class InFlightCall extends Cancellation implements Cuttable {
  openPrev: Cuttable | undefined = undefined;
  openNext: Cuttable | undefined = undefined;

  constructor(private readonly res: ServerResponse) {
    super();
  }

  /**
   * Aborts a call that has not begun its answer: its provider request is dropped and the
   * pipeline answers `error` in the caller's shape (and logs it). A call already answering is
   * left alone: a relayed stream is cut through the streams' own list, with an error event.
   */
  destroy(error: unknown): void {
    if (!this.res.headersSent) this.abort(error);
  }
}
