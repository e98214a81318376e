import type { CachedAnswer } from './cached-answer';

/** A live entry as a hit needs it: parsed once, shared by every hit while it stays hot. */
export interface HotEntry {
  route: string;
  scope: string;
  /** Deep-frozen: every hit renders from the same object, so nothing may change it. */
  response: CachedAnswer;
  costUsd: number;
  createdAt: number;
  expiresAt: number;
  /** Hits already committed to SQLite (pending ones are counted beside, by the cache). */
  hits: number;
}

/**
 * The most recently hit entries, parsed: a repeat hit costs a Map lookup instead of a SQLite
 * read and a JSON.parse. Bounded by entry count and by the bytes of their stored JSON; the
 * least recently used go first. The owner (ResponseCache) drops an entry whenever the stored
 * one changes or goes.
 */
export class HotEntries {
  private readonly entries = new Map<string, { entry: HotEntry; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 512,
    private readonly maxBytes = 8 * 1024 * 1024,
  ) {}

  get(key: string): HotEntry | undefined {
    const slot = this.entries.get(key);
    if (!slot) return undefined;
    // Re-inserting moves it to the young end of the Map's order.
    this.entries.delete(key);
    this.entries.set(key, slot);
    return slot.entry;
  }

  /** Keeps `entry` (its stored JSON is `bytes` long); entries too large for a quarter of the tier are not kept. */
  put(key: string, entry: HotEntry, bytes: number): void {
    if (bytes > this.maxBytes / 4) return;
    this.delete(key);
    deepFreeze(entry.response);
    this.entries.set(key, { entry, bytes });
    this.bytes += bytes;
    for (const [oldest, slot] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= slot.bytes;
    }
  }

  /** Hits just committed to SQLite move from the cache's pending count into the entry's. */
  addHits(key: string, count: number): void {
    const slot = this.entries.get(key);
    if (slot) slot.entry.hits += count;
  }

  delete(key: string): void {
    const slot = this.entries.get(key);
    if (!slot) return;
    this.entries.delete(key);
    this.bytes -= slot.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
