import { describe, expect, it } from 'vitest';
import { overheadMs, ProviderWait, waitedOn } from './provider-wait';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('ProviderWait', () => {
  it('adds up the time of each wait, failed ones included, and passes results and errors through', async () => {
    const wait = new ProviderWait();
    expect(await wait.around(async () => (await pause(30), 'answer'))).toBe('answer');
    await expect(wait.around(async () => (await pause(30), Promise.reject(new Error('503'))))).rejects.toThrow('503');
    expect(wait.ms).toBeGreaterThanOrEqual(55);
    expect(wait.ms).toBeLessThan(1000);
  });

  it('counts a child wait (an embedding for the semantic cache) in its parent too', async () => {
    const parent = new ProviderWait();
    const child = new ProviderWait(parent);
    await child.around(() => pause(30));
    expect(child.ms).toBeGreaterThanOrEqual(25);
    expect(parent.ms).toBe(child.ms);
  });

  it('runs work with no wait to count it in', async () => {
    expect(await waitedOn(undefined, async () => 7)).toBe(7);
  });
});

describe('overheadMs', () => {
  it('is the time since the start less the waits, to the hundredth of a ms', async () => {
    const started = performance.now();
    const wait = new ProviderWait();
    await wait.around(() => pause(60));
    const overhead = overheadMs(started, wait);
    expect(overhead).toBeLessThan(40);
    expect(Math.round(overhead * 100) / 100).toBe(overhead);
    expect(overheadMs(performance.now() - 12, undefined)).toBeGreaterThanOrEqual(12);
  });
});
