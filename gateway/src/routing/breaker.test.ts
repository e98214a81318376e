import { describe, expect, it } from 'vitest';
import { BreakerRegistry } from './breaker';
import type { BreakerChange, BreakerSettings } from './breaker';

const T = 'anthropic/claude-haiku-4-5';
const consecutive: BreakerSettings = { failures: 3, minRequests: 10, windowMs: 60_000, cooldownMs: 30_000 };

function clock(start = 1_000_000) {
  const state = { now: start };
  return { state, now: () => state.now };
}

describe('BreakerRegistry', () => {
  it('opens after N consecutive failures; a success in between resets the run', () => {
    const breakers = new BreakerRegistry();
    breakers.failure(T, consecutive);
    breakers.failure(T, consecutive);
    breakers.success(T, consecutive);
    breakers.failure(T, consecutive);
    breakers.failure(T, consecutive);
    expect(breakers.state(T)).toBe('closed');
    expect(breakers.admit(T)).toBe('pass');
    breakers.failure(T, consecutive);
    expect(breakers.state(T)).toBe('open');
    expect(breakers.admit(T)).toBe('open');
  });

  it('opens on a failure rate over the window once minRequests calls were seen', () => {
    const time = clock();
    const breakers = new BreakerRegistry({ now: time.now });
    const rate: BreakerSettings = { failures: 100, failureRate: 0.5, minRequests: 4, windowMs: 10_000, cooldownMs: 5_000 };
    breakers.failure(T, rate);
    breakers.success(T, rate);
    breakers.failure(T, rate);
    expect(breakers.state(T)).toBe('closed'); // 2 of 3: below minRequests
    breakers.success(T, rate);
    expect(breakers.state(T)).toBe('closed'); // 2 of 4 = 50%, but the last call succeeded: checked on failures only
    breakers.failure(T, rate);
    expect(breakers.state(T)).toBe('open'); // 3 of 5
  });

  it('forgets outcomes older than the window', () => {
    const time = clock();
    const breakers = new BreakerRegistry({ now: time.now });
    const rate: BreakerSettings = { failures: 100, failureRate: 0.5, minRequests: 3, windowMs: 1_000, cooldownMs: 5_000 };
    breakers.failure(T, rate);
    breakers.failure(T, rate);
    time.state.now += 2_000;
    breakers.success(T, rate);
    breakers.success(T, rate);
    breakers.failure(T, rate);
    expect(breakers.state(T)).toBe('closed'); // 1 of 3 inside the window
  });

  it('lets exactly one probe through after the cooldown, and closes when it succeeds', () => {
    const time = clock();
    const breakers = new BreakerRegistry({ now: time.now });
    for (let i = 0; i < 3; i++) breakers.failure(T, consecutive);
    time.state.now += 29_999;
    expect(breakers.admit(T)).toBe('open');
    time.state.now += 1;
    expect(breakers.state(T)).toBe('half-open');
    expect(breakers.admit(T)).toBe('probe');
    expect(breakers.admit(T)).toBe('open');
    breakers.success(T, consecutive, 'probe');
    expect(breakers.state(T)).toBe('closed');
    expect(breakers.admit(T)).toBe('pass');
  });

  it('reopens for a full cooldown when the probe fails', () => {
    const time = clock();
    const breakers = new BreakerRegistry({ now: time.now });
    for (let i = 0; i < 3; i++) breakers.failure(T, consecutive);
    time.state.now += 30_000;
    expect(breakers.admit(T)).toBe('probe');
    breakers.failure(T, consecutive, 'probe');
    expect(breakers.state(T)).toBe('open');
    expect(breakers.snapshot()).toEqual([{ target: T, state: 'open', failures: 4, openedAt: time.state.now, nextProbeAt: time.state.now + 30_000 }]);
  });

  it('frees the probe when the attempt ended without a verdict', () => {
    const time = clock();
    const breakers = new BreakerRegistry({ now: time.now });
    for (let i = 0; i < 3; i++) breakers.failure(T, consecutive);
    time.state.now += 30_000;
    expect(breakers.admit(T)).toBe('probe');
    breakers.release(T);
    expect(breakers.admit(T)).toBe('probe');
  });

  it('reports every change to listeners until they unsubscribe', () => {
    const time = clock();
    const breakers = new BreakerRegistry({ now: time.now });
    const changes: BreakerChange[] = [];
    const unsubscribe = breakers.onChange((change) => changes.push(change));
    breakers.onChange(() => {
      throw new Error('a broken listener');
    });
    for (let i = 0; i < 3; i++) breakers.failure(T, consecutive);
    time.state.now += 30_000;
    breakers.admit(T);
    breakers.success(T, consecutive, 'probe');
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(['closed→open', 'open→half-open', 'half-open→closed']);
    unsubscribe();
    for (let i = 0; i < 3; i++) breakers.failure(T, consecutive);
    expect(changes).toHaveLength(3);
  });

  it('is not closed or reopened by a late result of an attempt let through before it opened', () => {
    const time = { now: 0 };
    const breakers = new BreakerRegistry({ now: () => time.now });
    // Admitted while closed; meanwhile others fail and open it.
    expect(breakers.admit(T)).toBe('pass');
    for (let i = 0; i < 3; i++) breakers.failure(T, consecutive);
    time.now += 1000;
    breakers.success(T, consecutive, 'pass');
    expect(breakers.state(T)).toBe('open');
    // A late failure does not restart the cooldown either.
    time.now += 1000;
    breakers.failure(T, consecutive, 'pass');
    expect(breakers.snapshot()[0]?.nextProbeAt).toBe(30_000);
    time.now = 30_000;
    expect(breakers.admit(T)).toBe('probe');
    breakers.success(T, consecutive, 'probe');
    expect(breakers.state(T)).toBe('closed');
  });

  it('resets a breaker on demand', () => {
    const breakers = new BreakerRegistry();
    for (let i = 0; i < 3; i++) breakers.failure(T, consecutive);
    breakers.reset(T);
    expect(breakers.state(T)).toBe('closed');
    expect(breakers.snapshot()).toEqual([]);
  });

  it('tracks at most 4,096 targets, letting closed breakers go first and keeping open ones', () => {
    const breakers = new BreakerRegistry();
    const open = 'openai/made-up-0';
    for (let i = 0; i < 3; i++) breakers.failure(open, consecutive);
    for (let i = 1; i <= 5000; i++) breakers.failure(`openai/made-up-${i}`, consecutive);
    expect(breakers.snapshot().length).toBeLessThanOrEqual(4096);
    expect(breakers.state(open)).toBe('open');
    // The newest are there; the oldest closed ones were let go.
    expect(breakers.snapshot().some((s) => s.target === 'openai/made-up-5000')).toBe(true);
    expect(breakers.snapshot().some((s) => s.target === 'openai/made-up-1')).toBe(false);
  });
});
