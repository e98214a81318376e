/**
 * Counters behind rate limits. In memory for one process now; the interface is shaped for a
 * shared backend (Redis: a Lua script per call) so several gateways can enforce one limit.
 * Every method is async so such a backend fits; callers always await.
 */

/** A window's state against a limit. */
export interface WindowState {
  limit: number;
  /** What is left in the window. */
  remaining: number;
  /** Unix ms when everything counted so far has left the window (the counter is back to 0). */
  resetAt: number;
}

export interface ConsumeResult extends WindowState {
  allowed: boolean;
  /** What is left in the window after this call (unchanged when refused). */
  remaining: number;
  /** When refused: Unix ms when enough has left the window for this amount to fit. */
  retryAt?: number;
  /** When allowed: the Unix ms the amount was counted at, for taking it back with `release`. */
  countedAt?: number;
}

export interface CounterStore {
  /**
   * Atomic check-and-add: adds `amount` to the window's total only when the total stays within
   * `limit`; otherwise adds nothing. Two concurrent calls can never both squeeze past the limit.
   */
  consume(key: string, amount: number, limit: number, windowMs: number): Promise<ConsumeResult>;
  /** The window's state against `limit`, counting nothing (for the headers of a refusal). */
  peek(key: string, limit: number, windowMs: number): Promise<WindowState>;
  /** Adds without checking, for usage that already happened (tokens beyond an estimate). */
  add(key: string, amount: number, windowMs: number): Promise<void>;
  /**
   * Takes back up to `amount` of what was counted at `countedAt` (a rollback, or an estimate
   * larger than the real usage), from where it was counted: usage that has already left the
   * window is not taken back again, out of other callers' later usage.
   */
  release(key: string, amount: number, countedAt: number): Promise<void>;
  /** Takes one of `limit` concurrency slots; false (and nothing taken) when all are in use. */
  acquire(key: string, limit: number): Promise<boolean>;
  /**
   * Gives a slot back. Never goes below zero. (A shared backend should also lease slots with an
   * expiry, so a gateway that crashes mid-request does not hold them forever.)
   */
  releaseSlot(key: string): Promise<void>;
}
