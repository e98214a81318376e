import { describe, expect, it } from 'vitest';
import { describeCounterStoreContract } from './counter-store.contract';
import { MemoryCounterStore } from './memory-counter-store';

describeCounterStoreContract('memory', (now) => new MemoryCounterStore({ now }));

describe('MemoryCounterStore', () => {
  it('forgets idle counters, so memory follows the keys in use', async () => {
    let time = 0;
    const store = new MemoryCounterStore({ now: () => time });
    for (let i = 0; i < 2000; i += 1) await store.consume(`one-off-${i}`, 1, 10, 1000);
    time += 5000;
    // Enough operations to trigger a sweep; only this key stays.
    for (let i = 0; i < 1100; i += 1) await store.consume('steady', 1, 1e9, 1000);
    expect(store.size).toBe(1);
  });

  it('forgets idle concurrency counters too, even when no window is in use', async () => {
    const store = new MemoryCounterStore();
    for (let i = 0; i < 1100; i += 1) {
      await store.acquire(`slot-${i}`, 1);
      await store.releaseSlot(`slot-${i}`);
    }
    await store.acquire('busy', 1);
    for (let i = 0; i < 1000; i += 1) await store.acquire('busy', 1);
    // Only the slot still held survives a sweep, and it is still held.
    expect(store.size).toBe(1);
    expect(await store.acquire('busy', 1)).toBe(false);
  });
});
