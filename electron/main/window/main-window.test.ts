import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN } from '../app-origin';
import { FakeWebContents } from '../testing/fake-web-contents';
import { createMainWindow, mainWindowOptions } from './main-window';

describe('main window options', () => {
  it('isolates the renderer from Node and Electron', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('stays hidden until the first paint is ready', () => {
    expect(mainWindowOptions('/p.cjs').show).toBe(false);
  });
});

/** Records what the shell does with the window, in place of Electron's BrowserWindow. */
class FakeBrowserWindow {
  static last: FakeBrowserWindow | undefined;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  visible = false;
  private readyToShow: (() => void) | undefined;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeBrowserWindow.last = this;
  }

  once(event: string, listener: () => void): this {
    if (event === 'ready-to-show') this.readyToShow = listener;
    return this;
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }

  show(): void {
    this.visible = true;
  }

  paint(): void {
    this.readyToShow?.();
  }
}

function openWindow(renderer = { entryUrl: APP_ENTRY_URL, origin: APP_ORIGIN }) {
  const opened: string[] = [];
  createMainWindow({
    BrowserWindow: FakeBrowserWindow as unknown as new (options: BrowserWindowConstructorOptions) => BrowserWindow,
    openExternal: async (url) => void opened.push(url),
    preloadPath: '/app/out/preload/index.cjs',
    renderer,
  });
  const window = FakeBrowserWindow.last;
  if (!window) throw new Error('no window was created');
  return { window, opened };
}

describe('createMainWindow', () => {
  it('loads the renderer from app:// with the secure preferences', () => {
    const { window } = openWindow();
    expect(window.loadedUrl).toBe('app://switchboard/index.html');
    expect(window.options.webPreferences?.sandbox).toBe(true);
    expect(window.options.webPreferences?.contextIsolation).toBe(true);
  });

  it('loads the dev server URL in development', () => {
    const { window } = openWindow({ entryUrl: 'http://localhost:5173/', origin: 'http://localhost:5173' });
    expect(window.loadedUrl).toBe('http://localhost:5173/');
  });

  it('shows the window once it has painted', () => {
    const { window } = openWindow();
    expect(window.visible).toBe(false);
    window.paint();
    expect(window.visible).toBe(true);
  });

  it('guards the window: external links go to the browser, navigation away is blocked', () => {
    const { window, opened } = openWindow();
    expect(window.webContents.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/']);
    expect(window.webContents.emit('will-navigate', 'https://example.com/').prevented).toBe(true);
  });
});
