/**
 * The behaviour every CounterStore shares. Each backend's test file runs it:
 *   describeCounterStoreContract('memory', (now) => new MemoryCounterStore({ now }));
 * The factory receives the suite's clock; a backend that keeps time itself (Redis TIME) can
 * ignore it and skip the clock-driven cases by passing `{ controlsClock: false }`.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CounterStore } from './counter-store';

const MINUTE = 60_000;

export function describeCounterStoreContract(name: string, makeStore: (now: () => number) => CounterStore, options: { controlsClock?: boolean } = {}): void {
  const clockCases = options.controlsClock === false ? it.skip : it;

  describe(`${name} counter store (shared contract)`, () => {
    let time: number;
    let store: CounterStore;
    let run = 0;
    // Unique per test so leftovers in a shared backend can never satisfy an assertion.
    const key = (label: string): string => `contract:${process.pid}:${run}:${label}`;

    beforeEach(() => {
      run += 1;
      time = Date.UTC(2026, 0, 1, 12, 0, 0);
      store = makeStore(() => time);
    });

    it('admits up to the limit, then refuses without counting the refused amount', async () => {
      const results = [];
      for (let i = 0; i < 4; i += 1) results.push(await store.consume(key('rpm'), 1, 3, MINUTE));
      expect(results.map((result) => [result.allowed, result.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ]);
      // A smaller amount still fits only if the refused one was not counted.
      expect((await store.consume(key('tokens'), 700, 1000, MINUTE)).allowed).toBe(true);
      expect((await store.consume(key('tokens'), 400, 1000, MINUTE)).allowed).toBe(false);
      expect(await store.consume(key('tokens'), 300, 1000, MINUTE)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('admits exactly the limit out of 200 parallel calls', async () => {
      const results = await Promise.all(Array.from({ length: 200 }, () => store.consume(key('burst'), 1, 50, MINUTE)));
      expect(results.filter((result) => result.allowed)).toHaveLength(50);
    });

    it('keeps keys apart', async () => {
      expect((await store.consume(key('a'), 5, 5, MINUTE)).allowed).toBe(true);
      expect((await store.consume(key('b'), 5, 5, MINUTE)).allowed).toBe(true);
      expect((await store.consume(key('a'), 1, 5, MINUTE)).allowed).toBe(false);
    });

    it('refuses an amount larger than the whole limit, with no time at which it would fit', async () => {
      const result = await store.consume(key('huge'), 2000, 1000, MINUTE);
      expect(result.allowed).toBe(false);
      expect(result.retryAt).toBeUndefined();
    });

    clockCases('frees usage once it has left the window, and says when', async () => {
      for (let i = 0; i < 3; i += 1) await store.consume(key('slide'), 1, 3, MINUTE);
      time += 20_000;
      const refused = await store.consume(key('slide'), 1, 3, MINUTE);
      expect(refused.allowed).toBe(false);
      // Not early (that would let more than the limit through in one window), and at most
      // one sixtieth of the window late.
      expect(refused.retryAt).toBeGreaterThanOrEqual(time - 20_000 + MINUTE);
      expect(refused.retryAt).toBeLessThanOrEqual(time - 20_000 + MINUTE + 1000);
      time = refused.retryAt! - 1;
      expect((await store.consume(key('slide'), 1, 3, MINUTE)).allowed).toBe(false);
      time = refused.retryAt!;
      expect(await store.consume(key('slide'), 1, 3, MINUTE)).toMatchObject({ allowed: true, remaining: 2 });
    });

    clockCases('slides: usage from the later part of the window is still counted after the earlier part left', async () => {
      await store.consume(key('parts'), 600, 1000, MINUTE);
      time += 30_000;
      await store.consume(key('parts'), 400, 1000, MINUTE);
      time += 31_000; // the first 600 have left; the 400 have not
      expect(await store.consume(key('parts'), 600, 1000, MINUTE)).toMatchObject({ allowed: true, remaining: 0 });
      expect((await store.consume(key('parts'), 1, 1000, MINUTE)).allowed).toBe(false);
    });

    clockCases('reports when the counter is back to zero', async () => {
      const first = await store.consume(key('reset'), 1, 10, MINUTE);
      expect(first.resetAt).toBeGreaterThanOrEqual(time + MINUTE);
      time += 10_000;
      const second = await store.consume(key('reset'), 1, 10, MINUTE);
      expect(second.resetAt).toBeGreaterThanOrEqual(time + MINUTE);
      expect(second.resetAt).toBeLessThanOrEqual(time + MINUTE + 1000);
    });

    it('gives released usage back, and never goes below zero', async () => {
      const { countedAt } = await store.consume(key('rel'), 800, 1000, MINUTE);
      await store.release(key('rel'), 500, countedAt!);
      expect(await store.consume(key('rel'), 700, 1000, MINUTE)).toMatchObject({ allowed: true, remaining: 0 });
      await store.release(key('rel'), 5000, countedAt!);
      await store.release(key('never-used'), 10, countedAt!);
      expect(await store.consume(key('rel'), 1000, 1000, MINUTE)).toMatchObject({ allowed: true, remaining: 0 });
      expect((await store.consume(key('rel'), 1, 1000, MINUTE)).allowed).toBe(false);
    });

    clockCases("takes nothing back from other callers once the released usage has left the window", async () => {
      const early = await store.consume(key('late'), 900, 1000, MINUTE);
      time += MINUTE + 5_000;
      expect((await store.consume(key('late'), 900, 1000, MINUTE)).allowed).toBe(true);
      // The early call settles far under its estimate, but its estimate is gone already.
      await store.release(key('late'), 800, early.countedAt!);
      time += 1_000;
      expect((await store.consume(key('late'), 900, 1000, MINUTE)).allowed).toBe(false);
    });

    clockCases('reports a window without counting anything', async () => {
      expect(await store.peek(key('peek'), 10, MINUTE)).toEqual({ limit: 10, remaining: 10, resetAt: time });
      const counted = await store.consume(key('peek'), 4, 10, MINUTE);
      time += 1_000;
      const seen = await store.peek(key('peek'), 10, MINUTE);
      expect(seen).toEqual({ limit: 10, remaining: 6, resetAt: counted.resetAt });
      expect(await store.peek(key('peek'), 10, MINUTE)).toEqual(seen);
      await store.add(key('peek'), 10, MINUTE);
      expect((await store.peek(key('peek'), 10, MINUTE)).remaining).toBe(0);
    });

    it('counts usage added past the limit, so later calls are refused', async () => {
      await store.consume(key('add'), 900, 1000, MINUTE);
      await store.add(key('add'), 400, MINUTE);
      const refused = await store.consume(key('add'), 1, 1000, MINUTE);
      expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    });

    it('hands out at most `limit` concurrency slots, even to 200 parallel callers', async () => {
      const granted = await Promise.all(Array.from({ length: 200 }, () => store.acquire(key('slots'), 8)));
      expect(granted.filter(Boolean)).toHaveLength(8);
      await store.releaseSlot(key('slots'));
      expect(await store.acquire(key('slots'), 8)).toBe(true);
      expect(await store.acquire(key('slots'), 8)).toBe(false);
    });

    it('does not let extra slot releases raise the limit', async () => {
      await store.releaseSlot(key('extra'));
      await store.releaseSlot(key('extra'));
      expect(await store.acquire(key('extra'), 1)).toBe(true);
      expect(await store.acquire(key('extra'), 1)).toBe(false);
    });
  });
}
