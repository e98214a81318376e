import { EventEmitter } from 'node:events';
import type { App } from 'electron';
import { describe, expect, it } from 'vitest';
import { acquireSingleInstance, shouldQuitWhenAllWindowsClosed, shutdownBeforeQuit } from './lifecycle';

/** Just enough of Electron's `app` to drive the lifecycle rules: quitting emits will-quit. */
class FakeApp extends EventEmitter {
  quitCount = 0;
  exited = false;
  constructor(private readonly gotLock = true) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  quit(): void {
    this.quitCount += 1;
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    this.emit('will-quit', event);
    if (!event.prevented) this.exited = true;
  }
  asApp(): App {
    return this as unknown as App;
  }
}

describe('single instance', () => {
  it('quits a second instance at once', () => {
    const app = new FakeApp(false);
    expect(acquireSingleInstance(app.asApp(), () => undefined)).toBe(false);
    expect(app.exited).toBe(true);
  });

  it('lets the first instance focus itself when another launch is attempted', () => {
    const app = new FakeApp(true);
    let focused = 0;
    expect(acquireSingleInstance(app.asApp(), () => (focused += 1))).toBe(true);
    app.emit('second-instance');
    expect(focused).toBe(1);
    expect(app.exited).toBe(false);
  });
});

describe('shutdown before quit', () => {
  it('holds the quit until the gateway has closed, then quits', async () => {
    const app = new FakeApp();
    let release!: () => void;
    let closed = false;
    shutdownBeforeQuit(app.asApp(), () => new Promise<void>((resolve) => (release = resolve)).then(() => void (closed = true)), () => undefined);

    app.quit();
    expect(app.exited).toBe(false);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(closed).toBe(true);
    expect(app.exited).toBe(true);
  });

  it('runs the shutdown once even if quit is requested again meanwhile', async () => {
    const app = new FakeApp();
    let runs = 0;
    shutdownBeforeQuit(app.asApp(), async () => void (runs += 1), () => undefined);
    app.quit();
    app.quit();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runs).toBe(1);
    expect(app.exited).toBe(true);
  });

  it('quits anyway when the shutdown fails or hangs', async () => {
    const errors: unknown[] = [];
    const failing = new FakeApp();
    shutdownBeforeQuit(failing.asApp(), async () => Promise.reject(new Error('disk full')), (e) => errors.push(e));
    const hanging = new FakeApp();
    shutdownBeforeQuit(hanging.asApp(), () => new Promise<void>(() => undefined), (e) => errors.push(e), 10);

    failing.quit();
    hanging.quit();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(failing.exited).toBe(true);
    expect(hanging.exited).toBe(true);
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk full', 'shutdown took longer than 10 ms']);
  });
});

describe('closing the last window', () => {
  it('keeps the app (and the gateway) running in the tray when close-to-tray is on', () => {
    expect(shouldQuitWhenAllWindowsClosed('win32', true)).toBe(false);
    expect(shouldQuitWhenAllWindowsClosed('linux', true)).toBe(false);
  });

  it('quits on Windows and Linux when close-to-tray is off', () => {
    expect(shouldQuitWhenAllWindowsClosed('win32', false)).toBe(true);
    expect(shouldQuitWhenAllWindowsClosed('linux', false)).toBe(true);
  });

  it('stays running on macOS either way, as Mac apps do', () => {
    expect(shouldQuitWhenAllWindowsClosed('darwin', false)).toBe(false);
  });
});
