/**
 * Where the desktop app's files are, in development (out/ beside the sources) and packaged
 * (out/ inside app.asar, extra resources beside it). Pure functions of the directories Electron
 * reports, so the packaged layout is tested without packaging.
 */
import { join } from 'node:path';

/** The gateway's own directory inside userData, apart from Electron's caches. */
export function gatewayPaths(userDataDir: string): { dataDir: string; configPath: string } {
  const dataDir = join(userDataDir, 'gateway');
  return { dataDir, configPath: join(dataDir, 'config.yaml') };
}

/** The desktop shell's own settings (close to tray, ...), beside Electron's files in userData. */
export function desktopSettingsPath(userDataDir: string): string {
  return join(userDataDir, 'desktop.json');
}

/**
 * The utility-process entry. electron-vite bundles it as a second main-side entry, so it is a
 * sibling of the main bundle: `<app>/out/main/gateway-process.js`, inside app.asar when
 * packaged. Electron loads utility-process entries from the archive; the native modules it
 * imports resolve from app.asar/node_modules and load from app.asar.unpacked (see asarUnpack).
 */
export function gatewayProcessEntry(mainBundleDir: string): string {
  return join(mainBundleDir, 'gateway-process.js');
}

export interface ResourceLocation {
  isPackaged: boolean;
  /** `app.getAppPath()`: the project root in development, app.asar when packaged. */
  appPath: string;
  /** `process.resourcesPath`: the folder holding app.asar and extraResources when packaged. */
  resourcesPath: string;
}

/**
 * The tray icons' folder. Packaged, they are extraResources outside the archive: the tray
 * hands image paths to the OS on some platforms, and @2x lookups need real files.
 */
export function trayIconDir(location: ResourceLocation): string {
  return location.isPackaged ? join(location.resourcesPath, 'tray') : join(location.appPath, 'resources', 'tray');
}
