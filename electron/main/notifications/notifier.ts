/** Shows native notifications for gateway events through Electron's Notification (injected). */
import type { NotificationConstructorOptions } from 'electron';
import { notificationFor, type NotifiableEvent } from './notification-for';
import type { NotificationThrottle } from './notification-throttle';

/** The part of Electron's Notification class the notifier uses. */
export interface NotificationClass {
  isSupported(): boolean;
  new (options: NotificationConstructorOptions): ShownNotification;
}

interface ShownNotification {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export interface NotifierDeps {
  Notification: NotificationClass;
  throttle: NotificationThrottle;
  now(): number;
  /** Clicking a notification opens the window. */
  onClick(): void;
}

export type Notify = (event: NotifiableEvent) => void;

export function createNotifier(deps: NotifierDeps): Notify {
  // Held until dismissed: a collected Notification loses its click handler (seen on Windows).
  const shown = new Set<ShownNotification>();
  return (event) => {
    const content = notificationFor(event, deps.now());
    if (!content || !deps.Notification.isSupported()) return;
    if (!deps.throttle.allow(content.key, content.minIntervalMs, deps.now())) return;
    const notification = new deps.Notification({ title: content.title, body: content.body });
    shown.add(notification);
    notification.on('click', () => deps.onClick());
    notification.on('close', () => shown.delete(notification));
    notification.show();
  };
}
