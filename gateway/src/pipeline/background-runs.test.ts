import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BudgetHold } from '../limits/budgets';
import { BackgroundRuns } from './background-runs';

const hold = () => {
  const released = { count: 0 };
  return { released, hold: { release: () => void (released.count += 1) } as unknown as BudgetHold };
};

describe('BackgroundRuns', () => {
  afterEach(() => vi.useRealTimers());

  it("gives a run's hold back once, when it ends, and tells who started it", () => {
    const runs = new BackgroundRuns();
    const { released, hold: h } = hold();
    runs.started('resp_1', { id: 'key_1', name: 'alice' }, h);
    expect(runs.ended('resp_1')).toEqual({ owner: { id: 'key_1', name: 'alice' } });
    expect(released.count).toBe(1);
    expect(runs.ended('resp_1')).toBeUndefined();
    expect(released.count).toBe(1);
    runs.close();
  });

  it('lets a run nobody asks after go, hold and all, after its time', async () => {
    vi.useFakeTimers();
    const runs = new BackgroundRuns({ holdMs: 60_000 });
    const { released, hold: h } = hold();
    runs.started('resp_2', null, h);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(runs.size).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs.size).toBe(0);
    expect(released.count).toBe(1);
  });

  it('looks at a run after the first wait, then at doubling waits up to the longest, until the look finds it over', async () => {
    vi.useFakeTimers();
    const looks: number[] = [];
    const start = Date.now();
    let overAfter = 4;
    const runs = new BackgroundRuns({ firstCheckMs: 1_000, maxCheckMs: 4_000, check: async () => (looks.push(Date.now() - start), --overAfter === 0) });
    const { released, hold: h } = hold();
    runs.started('resp_3', null, h);
    await vi.advanceTimersByTimeAsync(20_000);
    // 1 s, then 2 s, 4 s and 4 s later.
    expect(looks).toEqual([1_000, 3_000, 7_000, 11_000]);
    expect(runs.size).toBe(0);
    expect(released.count).toBe(1);
  });

  it('tries a look that failed again at the next time, and takes one last look before letting a run go', async () => {
    vi.useFakeTimers();
    const looks: number[] = [];
    const start = Date.now();
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const runs = new BackgroundRuns({
      holdMs: 5_000,
      firstCheckMs: 1_000,
      check: async () => {
        looks.push(Date.now() - start);
        if (looks.length === 1) throw new Error('provider down');
        return false;
      },
    });
    runs.started('resp_4', null, hold().hold);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(looks).toEqual([1_000, 3_000, 5_000]);
    expect(runs.size).toBe(0);
    expect(String(stderr.mock.calls[0]?.[0])).toContain('provider down');
    stderr.mockRestore();
  });

  it('ignores a look that ends after the run was charged by a call by id', async () => {
    vi.useFakeTimers();
    let finish: (over: boolean) => void = () => undefined;
    const runs = new BackgroundRuns({ firstCheckMs: 1_000, check: () => new Promise<boolean>((resolve) => (finish = resolve)) });
    const first = hold();
    runs.started('resp_5', null, first.hold);
    await vi.advanceTimersByTimeAsync(1_000);
    runs.ended('resp_5');
    // The same id started again (a retried create): the old look must not end the new run.
    const second = hold();
    runs.started('resp_5', null, second.hold);
    finish(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.size).toBe(1);
    expect([first.released.count, second.released.count]).toEqual([1, 0]);
    runs.close();
  });

  it('gives every hold back on close, and holds nothing started after it', async () => {
    vi.useFakeTimers();
    const check = vi.fn(async () => false);
    const runs = new BackgroundRuns({ firstCheckMs: 1_000, check });
    const a = hold();
    runs.started('resp_6', null, a.hold);
    runs.close();
    const b = hold();
    runs.started('resp_7', null, b.hold);
    await vi.advanceTimersByTimeAsync(10_000);
    expect([a.released.count, b.released.count, runs.size]).toEqual([1, 1, 0]);
    expect(check).not.toHaveBeenCalled();
  });
});
