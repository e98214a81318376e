/** App lifecycle rules that do not depend on a window: single instance, orderly shutdown. */
import type { App } from 'electron';

/**
 * Takes the single-instance lock. A second launch hands over to the first (which calls
 * `onSecondInstance`, typically to focus its window) and the second quits. Returns whether this
 * process is the primary instance and should go on starting up.
 */
export function acquireSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>,
  onSecondInstance: () => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}

/** How long quitting waits for the gateway to close before giving up on it. */
export const SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Runs `shutdown` once when the app is about to quit, holding the quit until it settles (or
 * times out), so open connections and the database are closed cleanly.
 */
export function shutdownBeforeQuit(
  app: Pick<App, 'on' | 'quit'>,
  shutdown: () => Promise<void>,
  onError: (error: unknown) => void,
  timeoutMs = SHUTDOWN_TIMEOUT_MS,
): void {
  let finished = false;
  let started = false;
  app.on('will-quit', (event) => {
    if (finished) return;
    event.preventDefault();
    if (started) return;
    started = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`shutdown took longer than ${timeoutMs} ms`)), timeoutMs);
    });
    void Promise.race([shutdown(), timeout])
      .catch(onError)
      .finally(() => {
        clearTimeout(timer);
        finished = true;
        app.quit();
      });
  });
}

/**
 * Whether closing the last window quits the app. With close-to-tray the gateway keeps serving
 * from the tray; macOS apps conventionally stay running anyway. The window itself is closed,
 * not hidden, so its renderer's memory is released; "Open" from the tray creates a new one.
 */
export function shouldQuitWhenAllWindowsClosed(platform: NodeJS.Platform, closeToTray: boolean): boolean {
  return platform !== 'darwin' && !closeToTray;
}
