/**
 * CounterStore in this process's memory.
 *
 * Windows are sliding, kept as sub-buckets: each window is cut into `buckets` slices (60 by
 * default, so 1 s for a minute) and usage is summed per slice. Memory per counter is bounded
 * by the slice count whatever the traffic, unlike a log of every request, and there is no
 * burst at a boundary, unlike a fixed window. Usage is treated as if it happened at the end of
 * its slice, so it leaves the window between W and W + W/60 after it was counted: never early,
 * which is what keeps "nothing beyond the limit in any window" true.
 *
 * Atomicity: each method does its check and its update in one synchronous step (there is no
 * `await` inside), so on Node's single thread no other call can run in between.
 */
import type { ConsumeResult, CounterStore, WindowState } from './counter-store';

export interface MemoryCounterStoreOptions {
  /** Slices per window. Default 60. */
  buckets?: number;
  /** Clock in Unix ms (tests inject one). */
  now?: () => number;
}

interface SlidingWindow {
  windowMs: number;
  bucketMs: number;
  /** Slice start times, oldest first, with the amount counted in each. */
  starts: number[];
  amounts: number[];
  total: number;
}

/** Run a sweep of idle counters every this many operations, so memory follows live keys only. */
const SWEEP_EVERY = 1024;

export class MemoryCounterStore implements CounterStore {
  private readonly windows = new Map<string, SlidingWindow>();
  private readonly slots = new Map<string, number>();
  private readonly buckets: number;
  private readonly now: () => number;
  private operations = 0;

  constructor(options: MemoryCounterStoreOptions = {}) {
    this.buckets = Math.max(1, Math.trunc(options.buckets ?? 60));
    this.now = options.now ?? Date.now;
  }

  /** Counters currently held, windows and slots together (idle ones until the next sweep). */
  get size(): number {
    return this.windows.size + this.slots.size;
  }

  async consume(key: string, amount: number, limit: number, windowMs: number): Promise<ConsumeResult> {
    const now = this.now();
    const window = this.window(key, windowMs, now);
    if (window.total + amount > limit) {
      return { allowed: false, limit, remaining: Math.max(0, limit - window.total), resetAt: resetAt(window, now), retryAt: retryAt(window, amount, limit) };
    }
    count(window, amount, now);
    return { allowed: true, limit, remaining: limit - window.total, resetAt: resetAt(window, now), countedAt: now };
  }

  async peek(key: string, limit: number, windowMs: number): Promise<WindowState> {
    const now = this.now();
    const window = this.windows.get(key);
    // No window (or one of another length, which the next consume starts afresh): nothing counted.
    if (!window || window.windowMs !== windowMs) return { limit, remaining: limit, resetAt: now };
    prune(window, now);
    return { limit, remaining: Math.max(0, limit - window.total), resetAt: resetAt(window, now) };
  }

  async add(key: string, amount: number, windowMs: number): Promise<void> {
    if (amount <= 0) return;
    const now = this.now();
    count(this.window(key, windowMs, now), amount, now);
  }

  async release(key: string, amount: number, countedAt: number): Promise<void> {
    const window = this.windows.get(key);
    if (!window) return;
    prune(window, this.now());
    // From the slice it was counted in; once that slice has left the window, so has the usage.
    // Searched from the newest slice: what is given back was usually counted moments ago.
    const start = sliceStart(window, countedAt);
    let index = window.starts.length - 1;
    while (index >= 0 && window.starts[index] !== start) index -= 1;
    if (index < 0) return;
    const taken = Math.min(amount, window.amounts[index]!);
    window.amounts[index]! -= taken;
    window.total -= taken;
    if (window.amounts[index] === 0) {
      window.amounts.splice(index, 1);
      window.starts.splice(index, 1);
    }
  }

  async acquire(key: string, limit: number): Promise<boolean> {
    this.countOperation();
    const used = this.slots.get(key) ?? 0;
    if (used >= limit) return false;
    this.slots.set(key, used + 1);
    return true;
  }

  async releaseSlot(key: string): Promise<void> {
    const used = this.slots.get(key);
    // A counter back at zero stays until the next sweep: a busy key goes 0 → 1 → 0 on every
    // request, and deleting and re-adding the entry each time churns the map.
    if (used !== undefined && used > 0) this.slots.set(key, used - 1);
  }

  /** The key's window with expired slices dropped; created (or reset when its length changed). */
  private window(key: string, windowMs: number, now: number): SlidingWindow {
    this.countOperation();
    let window = this.windows.get(key);
    if (!window || window.windowMs !== windowMs) {
      window = { windowMs, bucketMs: Math.max(1, windowMs / this.buckets), starts: [], amounts: [], total: 0 };
      this.windows.set(key, window);
    }
    prune(window, now);
    return window;
  }

  private countOperation(): void {
    this.operations += 1;
    if (this.operations % SWEEP_EVERY === 0) this.sweep(this.now());
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      prune(window, now);
      if (window.total === 0) this.windows.delete(key);
    }
    for (const [key, used] of this.slots) if (used === 0) this.slots.delete(key);
  }
}

function prune(window: SlidingWindow, now: number): void {
  while (window.starts.length > 0 && expiresAt(window, window.starts[0]!) <= now) {
    window.starts.shift();
    window.total -= window.amounts.shift()!;
  }
  if (window.starts.length === 0) window.total = 0;
}

/** A slice leaves the window one window-length after the slice's end. */
const expiresAt = (window: SlidingWindow, start: number): number => start + window.bucketMs + window.windowMs;

const sliceStart = (window: SlidingWindow, at: number): number => Math.floor(at / window.bucketMs) * window.bucketMs;

function count(window: SlidingWindow, amount: number, now: number): void {
  const start = sliceStart(window, now);
  const last = window.starts.length - 1;
  if (last >= 0 && window.starts[last] === start) window.amounts[last]! += amount;
  else {
    window.starts.push(start);
    window.amounts.push(amount);
  }
  window.total += amount;
}

function resetAt(window: SlidingWindow, now: number): number {
  const newest = window.starts.at(-1);
  return newest === undefined ? now : expiresAt(window, newest);
}

/** When enough old slices have left for `amount` to fit; undefined when it never can. */
function retryAt(window: SlidingWindow, amount: number, limit: number): number | undefined {
  if (amount > limit) return undefined;
  let over = window.total + amount - limit;
  for (let i = 0; i < window.starts.length; i += 1) {
    over -= window.amounts[i]!;
    if (over <= 0) return expiresAt(window, window.starts[i]!);
  }
  return undefined;
}
