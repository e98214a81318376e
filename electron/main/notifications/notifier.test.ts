import type { NotificationConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createNotificationThrottle } from './notification-throttle';
import { createNotifier, type NotificationClass } from './notifier';

function fakeNotifications(supported = true) {
  const shown: NotificationConstructorOptions[] = [];
  const clickHandlers: Array<() => void> = [];
  class FakeNotification {
    static isSupported = () => supported;
    constructor(private readonly options: NotificationConstructorOptions) {}
    on(event: string, listener: () => void) {
      if (event === 'click') clickHandlers.push(listener);
      return this;
    }
    show() {
      shown.push(this.options);
    }
  }
  return { Notification: FakeNotification as unknown as NotificationClass, shown, clickHandlers };
}

const open = { target: 'openai/gpt-4o', state: 'open' as const, failures: 5, openedAt: 0, nextProbeAt: 30_000 };

describe('notifier', () => {
  it('shows one notification per event worth telling, and opens the window when clicked', () => {
    const fake = fakeNotifications();
    let opened = 0;
    const notify = createNotifier({ Notification: fake.Notification, throttle: createNotificationThrottle(), now: () => 0, onClick: () => (opened += 1) });
    notify({ type: 'breaker.changed', breaker: open });
    notify({ type: 'breaker.changed', breaker: { ...open, state: 'closed' } });
    expect(fake.shown).toEqual([{ title: 'openai/gpt-4o is failing', body: expect.stringContaining('5 times in a row') }]);
    fake.clickHandlers[0]?.();
    expect(opened).toBe(1);
  });

  it('does not repeat a breaker that flaps', () => {
    const fake = fakeNotifications();
    let now = 0;
    const notify = createNotifier({ Notification: fake.Notification, throttle: createNotificationThrottle(), now: () => now, onClick: () => undefined });
    for (let i = 0; i < 5; i += 1) {
      notify({ type: 'breaker.changed', breaker: open });
      now += 30_000;
    }
    expect(fake.shown).toHaveLength(1);
  });

  it('stays silent where the system has no notifications', () => {
    const fake = fakeNotifications(false);
    const notify = createNotifier({ Notification: fake.Notification, throttle: createNotificationThrottle(), now: () => 0, onClick: () => undefined });
    notify({ type: 'gateway.failed', message: 'port in use' });
    expect(fake.shown).toEqual([]);
  });
});
