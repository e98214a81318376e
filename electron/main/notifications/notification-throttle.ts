/**
 * Keeps notifications from turning into a storm: each key (one breaker, one budget) notifies at
 * most once per its interval, and no more than `burst` notifications of any kind are shown per
 * `burstWindowMs` (a provider outage opens many breakers at once).
 */

export interface NotificationThrottleOptions {
  /** Default 3. */
  burst?: number;
  /** Default 60 s. */
  burstWindowMs?: number;
}

export interface NotificationThrottle {
  /** Whether a notification for `key` may be shown at `now`; records it when so. */
  allow(key: string, minIntervalMs: number, now: number): boolean;
}

export function createNotificationThrottle(options: NotificationThrottleOptions = {}): NotificationThrottle {
  const burst = options.burst ?? 3;
  const burstWindowMs = options.burstWindowMs ?? 60_000;
  const lastShown = new Map<string, number>();
  let recent: number[] = [];

  return {
    allow(key, minIntervalMs, now) {
      const last = lastShown.get(key);
      if (last !== undefined && now - last < minIntervalMs) return false;
      recent = recent.filter((at) => now - at < burstWindowMs);
      if (recent.length >= burst) return false;
      recent.push(now);
      lastShown.set(key, now);
      return true;
    },
  };
}
