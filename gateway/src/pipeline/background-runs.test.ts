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
  });

  it('lets a run nobody asks after go, hold and all, after its time', () => {
    vi.useFakeTimers();
    const runs = new BackgroundRuns(60_000);
    const { released, hold: h } = hold();
    runs.started('resp_2', null, h);
    vi.advanceTimersByTime(59_999);
    expect(runs.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(runs.size).toBe(0);
    expect(released.count).toBe(1);
  });
});
