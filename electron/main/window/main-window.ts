/**
 * The main window: locked-down web preferences, navigation guards, and the renderer URL chosen by
 * `resolveRendererSource` (app:// when packaged, the Vite dev server in development).
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { RendererSource } from '../app-origin';
import { attachNavigationGuards, type OpenExternal } from './navigation-guards';

/**
 * The security-relevant preferences, spelled out even where they equal Electron's defaults so a
 * change of default or a careless edit shows up in review and in the test.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function mainWindowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Switchboard',
    // Shown on 'ready-to-show' so the user never sees an empty white frame.
    show: false,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export interface MainWindowDeps {
  /** The BrowserWindow class (injected so tests can pass a fake). */
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  openExternal: OpenExternal;
  preloadPath: string;
  renderer: RendererSource;
  iconPath?: string;
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const window = new deps.BrowserWindow(mainWindowOptions(deps.preloadPath, deps.iconPath));
  attachNavigationGuards(window.webContents, deps.renderer.origin, deps.openExternal);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(deps.renderer.entryUrl);
  return window;
}
