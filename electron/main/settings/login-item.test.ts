import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, LoginItemSettings, LoginItemSettingsOptions, Settings } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autostartDesktopEntry, createLoginItem, launchedAtLogin, linuxExecutable, quoteExecArg } from './login-item';

/** Electron's login-item API as macOS and Windows behave: Windows matches entries by their args. */
function fakeApp(platform: 'darwin' | 'win32', wasOpenedAtLogin = false) {
  const entries = new Map<string, boolean>();
  const keyOf = (args: readonly string[] | undefined) => (platform === 'win32' ? JSON.stringify(args ?? []) : '');
  const app = {
    setLoginItemSettings: (settings: Settings) => void entries.set(keyOf(settings.args), settings.openAtLogin ?? false),
    getLoginItemSettings: (options?: LoginItemSettingsOptions) =>
      ({ openAtLogin: entries.get(keyOf(options?.args)) ?? false, wasOpenedAtLogin }) as LoginItemSettings,
  } as Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;
  return app;
}

let configDir: string;
beforeEach(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'switchboard-autostart-'));
});
afterEach(async () => {
  await rm(configDir, { recursive: true, force: true });
});

describe('start at login', () => {
  for (const platform of ['darwin', 'win32'] as const) {
    it(`registers a login item on ${platform} and reads it back`, async () => {
      const item = createLoginItem({ platform, app: fakeApp(platform), configDir, executable: '/x' });
      expect(item.supported).toBe(true);
      expect(item.isEnabled()).toBe(false);
      await item.setEnabled(true);
      expect(item.isEnabled()).toBe(true);
      await item.setEnabled(false);
      expect(item.isEnabled()).toBe(false);
    });
  }

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const item = createLoginItem({ platform: 'linux', app: fakeApp('darwin'), configDir, executable: '/home/me/Apps/Switchboard-0.1.0.AppImage' });
    await item.setEnabled(true);
    const entry = await readFile(join(configDir, 'autostart', 'switchboard.desktop'), 'utf8');
    expect(entry).toContain('Exec=/home/me/Apps/Switchboard-0.1.0.AppImage --hidden\n');
    expect(item.isEnabled()).toBe(true);
    await item.setEnabled(false);
    expect(item.isEnabled()).toBe(false);
  });

  it('is greyed out where there is no way to do it', () => {
    expect(createLoginItem({ platform: 'freebsd', app: fakeApp('darwin'), configDir, executable: '/x' }).supported).toBe(false);
  });
});

describe('the Linux autostart entry', () => {
  it('runs the AppImage file rather than its temporary mount', () => {
    expect(linuxExecutable({ APPIMAGE: '/home/me/Switchboard.AppImage' }, '/tmp/.mount_Switch/switchboard')).toBe('/home/me/Switchboard.AppImage');
    expect(linuxExecutable({}, '/opt/Switchboard/switchboard')).toBe('/opt/Switchboard/switchboard');
  });

  it('quotes paths as the Desktop Entry spec requires', () => {
    expect(quoteExecArg('/opt/Switchboard/switchboard')).toBe('/opt/Switchboard/switchboard');
    expect(quoteExecArg('/home/me/My Apps/Switchboard.AppImage')).toBe('"/home/me/My Apps/Switchboard.AppImage"');
    expect(quoteExecArg('/home/me/100%/a$b')).toBe('"/home/me/100%%/a\\\\$b"');
    expect(autostartDesktopEntry('/opt/s').split('\n')).toEqual(expect.arrayContaining(['[Desktop Entry]', 'Type=Application', 'Exec=/opt/s --hidden']));
  });
});

describe('launched at login', () => {
  it('recognises the hidden launch', () => {
    expect(launchedAtLogin('win32', ['Switchboard.exe', '--hidden'], fakeApp('win32'))).toBe(true);
    expect(launchedAtLogin('linux', ['switchboard'], fakeApp('darwin'))).toBe(false);
    expect(launchedAtLogin('darwin', ['Switchboard'], fakeApp('darwin', true))).toBe(true);
  });
});
