/**
 * When the gateway process dies unexpectedly it is started again, after a delay that doubles
 * with each crash. A gateway that keeps dying (a corrupt database, a native module built for the
 * wrong ABI) would otherwise restart forever, so after `maxCrashes` within `windowMs` the shell
 * gives up and shows an error until the user asks for a restart.
 */

export interface RestartPolicyOptions {
  /** Crashes within `windowMs` that make the shell give up. Default 5. */
  maxCrashes?: number;
  /** Default 60 s. */
  windowMs?: number;
  /** Delay before the first restart. Default 500 ms. */
  baseDelayMs?: number;
  /** Longest delay. Default 10 s. */
  maxDelayMs?: number;
}

export type CrashDecision = { action: 'restart'; delayMs: number; crashesInWindow: number } | { action: 'give-up'; crashesInWindow: number; windowMs: number };

export interface RestartPolicy {
  /** Records a crash at `now` (Unix ms) and says what to do about it. */
  onCrash(now: number): CrashDecision;
  /** Forgets past crashes (the user asked for a fresh start). */
  reset(): void;
}

export function createRestartPolicy(options: RestartPolicyOptions = {}): RestartPolicy {
  const maxCrashes = options.maxCrashes ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  let crashes: number[] = [];

  return {
    onCrash(now) {
      crashes = [...crashes.filter((at) => now - at < windowMs), now];
      const count = crashes.length;
      if (count >= maxCrashes) return { action: 'give-up', crashesInWindow: count, windowMs };
      return { action: 'restart', delayMs: Math.min(baseDelayMs * 2 ** (count - 1), maxDelayMs), crashesInWindow: count };
    },
    reset() {
      crashes = [];
    },
  };
}
