import { describe, expect, it } from 'vitest';
import { createRestartPolicy } from './restart-policy';

describe('restart policy', () => {
  it('doubles the delay with each crash, up to the cap', () => {
    const policy = createRestartPolicy({ maxCrashes: 10, baseDelayMs: 500, maxDelayMs: 3_000 });
    const delays = [0, 1, 2, 3, 4].map((i) => policy.onCrash(i * 1_000)).map((d) => (d.action === 'restart' ? d.delayMs : -1));
    expect(delays).toEqual([500, 1_000, 2_000, 3_000, 3_000]);
  });

  it('gives up at the fifth crash within a minute', () => {
    const policy = createRestartPolicy();
    const decisions = [0, 5_000, 10_000, 15_000, 20_000].map((at) => policy.onCrash(at).action);
    expect(decisions).toEqual(['restart', 'restart', 'restart', 'restart', 'give-up']);
  });

  it('forgets crashes older than the window, so an occasional crash never adds up', () => {
    const policy = createRestartPolicy({ maxCrashes: 3, windowMs: 60_000 });
    expect(policy.onCrash(0)).toMatchObject({ action: 'restart', delayMs: 500 });
    expect(policy.onCrash(30_000)).toMatchObject({ action: 'restart', delayMs: 1_000 });
    expect(policy.onCrash(70_000)).toMatchObject({ action: 'restart', crashesInWindow: 2 });
    expect(policy.onCrash(200_000)).toMatchObject({ action: 'restart', delayMs: 500, crashesInWindow: 1 });
  });

  it('starts over after a reset', () => {
    const policy = createRestartPolicy({ maxCrashes: 2 });
    policy.onCrash(0);
    expect(policy.onCrash(1).action).toBe('give-up');
    policy.reset();
    expect(policy.onCrash(2)).toMatchObject({ action: 'restart', delayMs: 500 });
  });
});
