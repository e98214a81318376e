/**
 * Electron main entry: wiring only. Each concern lives in its own module with Electron injected
 * (and is unit-tested there); this file decides the order.
 */
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, ipcMain, protocol, session, shell } from 'electron';
import { startGateway } from '../../gateway/src/index';
import { resolveRendererSource } from './app-origin';
import { createGatewayHost } from './gateway/gateway-host';
import { createBridgeHandlers } from './ipc/bridge-handlers';
import { registerBridgeIpc } from './ipc/register-bridge-ipc';
import { acquireSingleInstance, shutdownBeforeQuit } from './lifecycle';
import { createAppProtocolHandler, installAppProtocol, registerAppScheme } from './protocol/app-protocol';
import { createSecretStore } from './secrets';
import { buildAppContentSecurityPolicy } from './security/content-security-policy';
import { denyAllPermissions } from './security/harden-session';
import { createMainWindow } from './window/main-window';

// Both must happen before 'ready'.
app.enableSandbox();
registerAppScheme(protocol);

// out/main/index.js sits beside out/preload and out/renderer.
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
const rendererRoot = join(import.meta.dirname, '../renderer');
const renderer = resolveRendererSource(app.isPackaged, process.env.ELECTRON_RENDERER_URL);

let mainWindow: BrowserWindow | undefined;
/** Set once startup has opened the first window; before that, focus requests have nothing to show. */
let started = false;

function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  mainWindow = createMainWindow({
    BrowserWindow,
    openExternal: (url) => shell.openExternal(url),
    preloadPath,
    renderer,
    // macOS and Windows take the icon from the app bundle; Linux needs it per window.
    ...(process.platform === 'linux' ? { iconPath: join(app.getAppPath(), 'resources', 'icon.png') } : {}),
  });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
}

async function startup(): Promise<void> {
  const gateway = createGatewayHost({
    start: startGateway,
    userDataDir: app.getPath('userData'),
    secrets: createSecretStore(),
    allowedOrigins: [renderer.origin],
    log: (line) => console.log(line),
  });
  shutdownBeforeQuit(app, () => gateway.close(), (error) => console.error('[switchboard] shutdown:', error));

  denyAllPermissions(session.defaultSession);
  installAppProtocol(
    protocol,
    createAppProtocolHandler({
      root: rendererRoot,
      contentSecurityPolicy: () => buildAppContentSecurityPolicy(gateway.url()),
    }),
  );
  registerBridgeIpc(ipcMain, {
    appOrigin: renderer.origin,
    gatewayInfo: () => gateway.info(),
    handlers: createBridgeHandlers({ shell, clipboard, dataDir: gateway.dataDir }),
  });

  // The window opens either way: when the gateway fails, the renderer shows why.
  const info = await gateway.start();
  if (info.state === 'failed') console.error(`[switchboard] ${info.message}`);
  showMainWindow();
  started = true;

  // Seam for the desktop-features work: tray and notifications attach here, once the gateway is
  // up. Moving the gateway to a utilityProcess is another `GatewayHost` in place of createGatewayHost.
}

if (
  acquireSingleInstance(app, () => {
    if (started) showMainWindow();
  })
) {
  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open.
    if (started && BrowserWindow.getAllWindows().length === 0) showMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(startup)
    .catch((error: unknown) => {
      console.error('[switchboard] startup failed:', error);
      app.exit(1);
    });
}
