import { describe, expect, it } from 'vitest';
import { createNotificationThrottle } from './notification-throttle';

describe('notification throttle', () => {
  it('shows the same notification again only after its interval', () => {
    const throttle = createNotificationThrottle();
    expect(throttle.allow('breaker:openai', 600_000, 0)).toBe(true);
    expect(throttle.allow('breaker:openai', 600_000, 599_999)).toBe(false);
    expect(throttle.allow('breaker:openai', 600_000, 600_000)).toBe(true);
  });

  it('lets different notifications through independently', () => {
    const throttle = createNotificationThrottle();
    expect(throttle.allow('breaker:openai', 600_000, 0)).toBe(true);
    expect(throttle.allow('breaker:anthropic', 600_000, 1)).toBe(true);
  });

  it('caps a storm at three a minute, whatever their keys', () => {
    const throttle = createNotificationThrottle();
    const shown = Array.from({ length: 10 }, (_, i) => throttle.allow(`breaker:p${i}`, 600_000, i * 1_000)).filter(Boolean);
    expect(shown).toHaveLength(3);
    expect(throttle.allow('breaker:p9', 600_000, 60_000)).toBe(true);
  });

  it('does not count a suppressed notification against its own interval', () => {
    const throttle = createNotificationThrottle({ burst: 1 });
    throttle.allow('a', 1_000, 0);
    expect(throttle.allow('b', 1_000, 10)).toBe(false);
    expect(throttle.allow('b', 1_000, 60_000)).toBe(true);
  });
});
