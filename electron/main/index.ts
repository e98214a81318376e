/**
 * Electron main entry: wiring only. Each concern lives in its own module with Electron injected
 * (and is unit-tested there); this file decides the order. The gateway itself runs in a utility
 * process (electron/gateway-process), never in this one.
 */
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, ipcMain, Menu, nativeImage, Notification, protocol, session, shell, Tray, utilityProcess } from 'electron';
import { utcDay } from '../gateway-process/daily-stats';
import { SHUTDOWN_FLUSH_TIMEOUT_MS } from '../gateway-process/protocol';
import { APP_ID } from './app-identity';
import { resolveRendererSource } from './app-origin';
import { createGatewayProcessHost, type GatewayProcessHost } from './gateway/gateway-process-host';
import { desktopSettingsPath, gatewayPaths, gatewayProcessEntry, trayIconDir } from './gateway/gateway-paths';
import { toGatewayInfo } from './gateway/gateway-status';
import { createBridgeHandlers } from './ipc/bridge-handlers';
import { registerBridgeIpc } from './ipc/register-bridge-ipc';
import { acquireSingleInstance, shouldQuitWhenAllWindowsClosed, shutdownBeforeQuit } from './lifecycle';
import { createNotificationThrottle } from './notifications/notification-throttle';
import { createNotifier, type Notify } from './notifications/notifier';
import { createAppProtocolHandler, installAppProtocol, registerAppScheme } from './protocol/app-protocol';
import { buildAppContentSecurityPolicy } from './security/content-security-policy';
import { denyAllPermissions } from './security/harden-session';
import { DEFAULT_DESKTOP_SETTINGS, loadDesktopSettings } from './settings/desktop-settings';
import { createLoginItem, launchedAtLogin, linuxExecutable } from './settings/login-item';
import { createTrayActions } from './tray/tray-actions';
import { createTrayController, type TrayController } from './tray/tray-controller';
import { buildTrayMenuModel } from './tray/tray-menu-model';
import { createGatewayFollower, type GatewayFollower } from './window/gateway-follower';
import { createMainWindow } from './window/main-window';

/** Longer than the host's flush timeout plus its kill wait (2 s), so the host can finish. */
const QUIT_TIMEOUT_MS = SHUTDOWN_FLUSH_TIMEOUT_MS + 3_000;

// Both must happen before 'ready'.
app.enableSandbox();
registerAppScheme(protocol);

// out/main/index.js sits beside out/main/gateway-process.js, out/preload and out/renderer.
const mainDir = import.meta.dirname;
const preloadPath = join(mainDir, '../preload/index.cjs');
const rendererRoot = join(mainDir, '../renderer');
const renderer = resolveRendererSource(app.isPackaged, process.env.ELECTRON_RENDERER_URL);
const log = (line: string) => console.log(line);

let mainWindow: BrowserWindow | undefined;
let follower: GatewayFollower | undefined;
let closeToTray = DEFAULT_DESKTOP_SETTINGS.closeToTray;
/** Held here: a Tray that gets garbage-collected vanishes from the menu bar. */
let tray: TrayController | undefined;
/** Set once startup has run; before that, focus requests have nothing to show. */
let started = false;

function showMainWindow(): void {
  if (process.platform === 'darwin') app.focus({ steal: true });
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
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
  follower = createGatewayFollower(mainWindow.webContents, renderer.origin);
  mainWindow.on('closed', () => {
    mainWindow = undefined;
    follower = undefined;
  });
}

function startTray(host: GatewayProcessHost, notify: Notify): TrayController {
  const loginItem = createLoginItem({
    platform: process.platform,
    app,
    configDir: app.getPath('appData'),
    executable: linuxExecutable(process.env, app.getPath('exe')),
  });
  const model = () =>
    buildTrayMenuModel({
      gateway: host.status(),
      stats: host.stats(),
      today: utcDay(Date.now()),
      startAtLogin: { supported: loginItem.supported, enabled: loginItem.isEnabled() },
    });
  const onAction = createTrayActions({
    host,
    loginItem,
    openWindow: showMainWindow,
    copyText: (text) => clipboard.writeText(text),
    quit: () => app.quit(),
    refresh: () => tray.update(model()),
    log,
  });
  const tray = createTrayController(
    {
      createTray: (image) => new Tray(image),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      loadImage: (path) => nativeImage.createFromPath(path),
      iconDir: trayIconDir({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath }),
      platform: process.platform,
      onAction,
    },
    model(),
  );
  host.onStatus((status) => {
    tray.update(model());
    follower?.update(toGatewayInfo(status));
    if (status.state === 'failed' && !status.retrying) notify({ type: 'gateway.failed', message: status.message });
  });
  host.onStats(() => tray.update(model()));
  host.onEvent(notify);
  return tray;
}

async function startup(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const userData = app.getPath('userData');
  const { settings, problem } = await loadDesktopSettings(desktopSettingsPath(userData));
  if (problem) console.warn(`[switchboard] ${problem}`);
  closeToTray = settings.closeToTray;

  const paths = gatewayPaths(userData);
  const host = createGatewayProcessHost({
    fork: () => utilityProcess.fork(gatewayProcessEntry(mainDir), [], { serviceName: 'Switchboard Gateway', stdio: 'inherit' }),
    startOptions: { configPath: paths.configPath, dataDir: paths.dataDir, allowedOrigins: [renderer.origin] },
    log,
  });
  shutdownBeforeQuit(app, () => host.shutdown(), (error) => console.error('[switchboard] shutdown:', error), QUIT_TIMEOUT_MS);

  denyAllPermissions(session.defaultSession);
  installAppProtocol(
    protocol,
    createAppProtocolHandler({ root: rendererRoot, contentSecurityPolicy: () => buildAppContentSecurityPolicy(host.url()) }),
  );
  registerBridgeIpc(ipcMain, {
    appOrigin: renderer.origin,
    // Recorded per window, so a later change knows whether the page needs a push or a reload.
    gatewayInfo: () => (follower ? follower.served(host.info()) : host.info()),
    handlers: createBridgeHandlers({ shell, clipboard, dataDir: paths.dataDir }),
  });

  const notify: Notify = settings.notifications
    ? createNotifier({ Notification, throttle: createNotificationThrottle(), now: Date.now, onClick: showMainWindow })
    : () => undefined;
  tray = startTray(host, notify);

  // The window opens whatever the outcome: when the gateway failed, the renderer shows why.
  const first = await host.start();
  if (first.state === 'failed') console.error(`[switchboard] ${first.message}`);
  // Launched at login: the gateway and tray run, the window waits for "Open".
  if (!launchedAtLogin(process.platform, process.argv, app)) showMainWindow();
  started = true;
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
    if (shouldQuitWhenAllWindowsClosed(process.platform, closeToTray)) app.quit();
  });
  // Windows leaves a dead tray icon behind until hovered unless it is removed explicitly.
  app.on('quit', () => tray?.destroy());
  app
    .whenReady()
    .then(startup)
    .catch((error: unknown) => {
      console.error('[switchboard] startup failed:', error);
      app.exit(1);
    });
}
