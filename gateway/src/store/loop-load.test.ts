import { describe, expect, it } from 'vitest';
import { loopLoadGauge } from './loop-load';

describe('loopLoadGauge', () => {
  it("reads the event loop's utilisation over its last window: near 1 while the loop was kept busy, low once idle", async () => {
    const gauge = loopLoadGauge(20);
    await new Promise((resolve) => setTimeout(resolve, 25));
    // A read after a window starts the next one.
    gauge();
    // Busy for more than a window: the next read sees the loop saturated.
    const until = performance.now() + 30;
    while (performance.now() < until);
    expect(gauge()).toBeGreaterThan(0.8);
    // Then idle for more than a window.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(gauge()).toBeLessThan(0.5);
  });
});
