/**
 * "Start at login". macOS and Windows register a login item through Electron; Linux has no
 * such API in Electron, so the app writes an XDG autostart entry
 * (~/.config/autostart/switchboard.desktop), which GNOME, KDE, Xfce and others honour. A launch
 * at login starts hidden: the gateway runs and the tray icon appears, but no window opens.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from 'electron';

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE = 'switchboard.desktop';

export interface LoginItem {
  readonly supported: boolean;
  isEnabled(): boolean;
  setEnabled(enabled: boolean): Promise<void>;
}

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  app: Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;
  /** Linux: `app.getPath('appData')` (XDG_CONFIG_HOME or ~/.config). */
  configDir: string;
  /** Linux: what the autostart entry runs. */
  executable: string;
}

export function createLoginItem(deps: LoginItemDeps): LoginItem {
  if (deps.platform === 'darwin') {
    return {
      supported: true,
      isEnabled: () => deps.app.getLoginItemSettings().openAtLogin,
      setEnabled: async (openAtLogin) => deps.app.setLoginItemSettings({ openAtLogin }),
    };
  }
  if (deps.platform === 'win32') {
    // Windows matches the entry by path and args: read it back with the same args it was set with.
    const args = [HIDDEN_ARG];
    return {
      supported: true,
      isEnabled: () => deps.app.getLoginItemSettings({ args }).openAtLogin,
      setEnabled: async (openAtLogin) => deps.app.setLoginItemSettings({ openAtLogin, args }),
    };
  }
  if (deps.platform === 'linux') {
    const dir = join(deps.configDir, 'autostart');
    const file = join(dir, AUTOSTART_FILE);
    return {
      supported: true,
      isEnabled: () => existsSync(file),
      async setEnabled(enabled) {
        if (!enabled) return rm(file, { force: true });
        await mkdir(dir, { recursive: true });
        await writeFile(file, autostartDesktopEntry(deps.executable));
      },
    };
  }
  return { supported: false, isEnabled: () => false, setEnabled: async () => undefined };
}

/**
 * The executable a Linux autostart entry should run: the AppImage file itself when running
 * from one (the process runs from a mount point that changes every launch), else the binary.
 */
export function linuxExecutable(env: NodeJS.ProcessEnv, exePath: string): string {
  return env.APPIMAGE && env.APPIMAGE.length > 0 ? env.APPIMAGE : exePath;
}

/** An XDG autostart entry that launches `executable` hidden. */
export function autostartDesktopEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Switchboard',
    'Comment=A personal AI gateway on your machine',
    `Exec=${quoteExecArg(executable)} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Quotes one Exec argument per the Desktop Entry spec: `%` becomes `%%` (it starts field
 * codes); inside double quotes, `"`, `` ` ``, `$` and `\` are escaped with a backslash; then, as
 * for any string value, each `\` is doubled.
 */
export function quoteExecArg(arg: string): string {
  const literal = arg.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(literal)) return literal;
  const quoted = `"${literal.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted.replace(/\\/g, '\\\\');
}

/** Whether this launch came from the login item (and should stay in the tray). */
export function launchedAtLogin(platform: NodeJS.Platform, argv: readonly string[], app: Pick<App, 'getLoginItemSettings'>): boolean {
  if (platform === 'darwin') return app.getLoginItemSettings().wasOpenedAtLogin === true;
  return argv.includes(HIDDEN_ARG);
}
