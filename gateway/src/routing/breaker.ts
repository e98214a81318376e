/**
 * Circuit breakers, one per target (`provider/model`), shared by every route that enables
 * `breaker:`. A breaker opens after `failures` consecutive upstream failures, or when the
 * failure rate over `windowMs` reaches `failureRate` (with at least `minRequests` calls);
 * after `cooldownMs` it lets one probe through (half-open) and closes when the probe succeeds.
 * Only upstream failures count (5xx, 429, timeouts, network errors): a 400 says nothing
 * about the target's health.
 */

export interface BreakerSettings {
  failures: number;
  failureRate?: number;
  minRequests: number;
  windowMs: number;
  cooldownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSnapshot {
  target: string;
  state: BreakerState;
  /** Consecutive failures so far (while closed), or the run that opened it. */
  failures: number;
  /** Unix ms when the breaker last opened; null while it has never opened since closing. */
  openedAt: number | null;
  /** Unix ms from which a probe is let through; null unless open. */
  nextProbeAt: number | null;
}

export interface BreakerChange {
  target: string;
  from: BreakerState;
  to: BreakerState;
  at: number;
}

/**
 * What the executor may do with a target now: `pass` (closed), `probe` (the one half-open
 * trial), `forced` (open, but every candidate is, so it is tried anyway) or `open` (skip).
 */
export type Admission = 'pass' | 'probe' | 'forced' | 'open';

interface Entry {
  state: 'closed' | 'open';
  consecutive: number;
  /** Outcomes inside the rate window, oldest first. */
  window: Array<{ at: number; ok: boolean }>;
  openedAt: number | null;
  nextProbeAt: number | null;
  /** When the half-open probe was handed out, if one is in flight. */
  probeSince: number | null;
}

/** Caps memory per target when a window sees very many calls. */
const MAX_WINDOW = 1000;
/**
 * Targets tracked at most. Config targets are few, but a wildcard route's name the model asked
 * for, so a client could make up new ones: past this, closed breakers (nothing to remember but
 * a failure count) are let go, oldest first; open ones are kept.
 */
const MAX_TARGETS = 4096;

export class BreakerRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(change: BreakerChange) => void>();
  private readonly now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  /** May `target` be tried now? Hands out at most one probe per cooldown. */
  admit(target: string): Admission {
    const entry = this.entries.get(target);
    if (!entry || entry.state === 'closed') return 'pass';
    const now = this.now();
    if (entry.nextProbeAt === null || now < entry.nextProbeAt) return 'open';
    // A probe whose result never came back (a crashed attempt) must not block probing forever.
    const lease = Math.max(1000, entry.nextProbeAt - (entry.openedAt ?? entry.nextProbeAt));
    if (entry.probeSince !== null && now - entry.probeSince < lease) return 'open';
    if (entry.probeSince === null) this.emit(target, 'open', 'half-open', now);
    entry.probeSince = now;
    return 'probe';
  }

  /**
   * The upstream answered: close a probing or forced breaker, reset the failure run. `admitted`
   * is how the attempt got in: one let `pass` while the breaker was closed that ends after it
   * opened says nothing about the target now, and leaves it open until its probe.
   */
  success(target: string, settings: BreakerSettings, admitted: Admission = 'pass'): void {
    const now = this.now();
    const entry = this.entry(target);
    if (entry.state === 'open' && admitted === 'pass') return;
    const from = this.stateOf(entry, now);
    entry.consecutive = 0;
    entry.probeSince = null;
    if (entry.state === 'open') {
      entry.state = 'closed';
      entry.openedAt = null;
      entry.nextProbeAt = null;
      entry.window = [];
      this.emit(target, from, 'closed', now);
      return;
    }
    this.push(entry, settings, now, true);
  }

  /**
   * An upstream failure (5xx, 429, timeout, network): may open the breaker. A late failure of
   * an attempt let `pass` before the breaker opened neither restarts its cooldown nor takes the
   * place of its probe.
   */
  failure(target: string, settings: BreakerSettings, admitted: Admission = 'pass'): void {
    const now = this.now();
    const entry = this.entry(target);
    if (entry.state === 'open' && admitted === 'pass') return;
    const from = this.stateOf(entry, now);
    entry.consecutive++;
    if (entry.state === 'open') {
      // A failed probe (or forced try) opens it again for a full cooldown.
      this.open(entry, settings, now);
      if (from !== 'open') this.emit(target, from, 'open', now);
      return;
    }
    this.push(entry, settings, now, false);
    if (entry.consecutive >= settings.failures || this.rateTripped(entry, settings)) {
      this.open(entry, settings, now);
      this.emit(target, 'closed', 'open', now);
    }
  }

  /** The attempt ended without a verdict on the target (a 4xx, the client left): free the probe. */
  release(target: string): void {
    const entry = this.entries.get(target);
    if (entry) entry.probeSince = null;
  }

  state(target: string): BreakerState {
    const entry = this.entries.get(target);
    return entry ? this.stateOf(entry, this.now()) : 'closed';
  }

  /** Unix ms when `target` last opened, or undefined when it is not open. */
  openedAt(target: string): number | undefined {
    const entry = this.entries.get(target);
    return entry?.state === 'open' && entry.openedAt !== null ? entry.openedAt : undefined;
  }

  /** Every target seen so far, for the admin API and the UI. */
  snapshot(): BreakerSnapshot[] {
    const now = this.now();
    return [...this.entries].map(([target, entry]) => ({
      target,
      state: this.stateOf(entry, now),
      failures: entry.consecutive,
      openedAt: entry.openedAt,
      nextProbeAt: entry.state === 'open' ? entry.nextProbeAt : null,
    }));
  }

  /** Calls `listener` on every state change. Returns the unsubscribe function. */
  onChange(listener: (change: BreakerChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Closes one breaker (or all), e.g. from the admin UI after fixing a provider. */
  reset(target?: string): void {
    const now = this.now();
    const targets = target === undefined ? [...this.entries.keys()] : [target];
    for (const name of targets) {
      const entry = this.entries.get(name);
      if (!entry) continue;
      const from = this.stateOf(entry, now);
      this.entries.delete(name);
      if (from !== 'closed') this.emit(name, from, 'closed', now);
    }
  }

  private entry(target: string): Entry {
    let entry = this.entries.get(target);
    if (!entry) {
      if (this.entries.size >= MAX_TARGETS) this.forgetClosed();
      entry = { state: 'closed', consecutive: 0, window: [], openedAt: null, nextProbeAt: null, probeSince: null };
      this.entries.set(target, entry);
    }
    return entry;
  }

  /** Lets go of closed breakers, oldest first, until there is room for a new target. */
  private forgetClosed(): void {
    for (const [name, entry] of this.entries) {
      if (this.entries.size < MAX_TARGETS) return;
      if (entry.state === 'closed') this.entries.delete(name);
    }
  }

  private stateOf(entry: Entry, now: number): BreakerState {
    if (entry.state === 'closed') return 'closed';
    return entry.nextProbeAt !== null && now >= entry.nextProbeAt ? 'half-open' : 'open';
  }

  private open(entry: Entry, settings: BreakerSettings, now: number): void {
    entry.state = 'open';
    entry.openedAt = now;
    entry.nextProbeAt = now + settings.cooldownMs;
    entry.probeSince = null;
    entry.window = [];
  }

  private push(entry: Entry, settings: BreakerSettings, now: number, ok: boolean): void {
    if (settings.failureRate === undefined) return;
    entry.window.push({ at: now, ok });
    const since = now - settings.windowMs;
    let drop = 0;
    while (drop < entry.window.length && (entry.window[drop] as { at: number }).at < since) drop++;
    if (entry.window.length - drop > MAX_WINDOW) drop = entry.window.length - MAX_WINDOW;
    if (drop > 0) entry.window.splice(0, drop);
  }

  private rateTripped(entry: Entry, settings: BreakerSettings): boolean {
    if (settings.failureRate === undefined || entry.window.length < settings.minRequests) return false;
    const failed = entry.window.reduce((sum, outcome) => sum + (outcome.ok ? 0 : 1), 0);
    return failed / entry.window.length >= settings.failureRate;
  }

  private emit(target: string, from: BreakerState, to: BreakerState, at: number): void {
    for (const listener of this.listeners) {
      try {
        listener({ target, from, to, at });
      } catch {
        // A broken listener (UI, notifications) must never fail a request.
      }
    }
  }
}
