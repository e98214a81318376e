import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopSettingsPath, gatewayPaths, gatewayProcessEntry, trayIconDir } from './gateway-paths';

describe('desktop paths', () => {
  const userData = join('/home', 'me', '.config', 'Switchboard');

  it('keeps the gateway’s config and database in their own folder under userData', () => {
    expect(gatewayPaths(userData)).toEqual({ dataDir: join(userData, 'gateway'), configPath: join(userData, 'gateway', 'config.yaml') });
    expect(desktopSettingsPath(userData)).toBe(join(userData, 'desktop.json'));
  });

  it('finds the utility-process entry beside the main bundle, inside app.asar when packaged', () => {
    const packaged = join('/Applications', 'Switchboard.app', 'Contents', 'Resources', 'app.asar', 'out', 'main');
    expect(gatewayProcessEntry(packaged)).toBe(join(packaged, 'gateway-process.js'));
    expect(gatewayProcessEntry(join('/src', 'switchboard', 'out', 'main'))).toBe(join('/src', 'switchboard', 'out', 'main', 'gateway-process.js'));
  });

  it('reads tray icons from extraResources when packaged and from resources/ in development', () => {
    const resourcesPath = join('C:', 'Program Files', 'Switchboard', 'resources');
    expect(trayIconDir({ isPackaged: true, appPath: join(resourcesPath, 'app.asar'), resourcesPath })).toBe(join(resourcesPath, 'tray'));
    expect(trayIconDir({ isPackaged: false, appPath: '/src/switchboard', resourcesPath: '/opt/electron/resources' })).toBe(join('/src/switchboard', 'resources', 'tray'));
  });
});
