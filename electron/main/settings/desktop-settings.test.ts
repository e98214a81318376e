import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DESKTOP_SETTINGS, loadDesktopSettings, saveDesktopSettings } from './desktop-settings';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-settings-'));
  file = join(dir, 'desktop.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('desktop settings', () => {
  it('defaults to closing to the tray with notifications on, and writes the file so it can be found', async () => {
    expect(await loadDesktopSettings(file)).toEqual({ settings: { closeToTray: true, notifications: true } });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ closeToTray: true, notifications: true });
  });

  it('reads the user’s choices, filling in what is missing', async () => {
    await writeFile(file, '{ "closeToTray": false }');
    expect(await loadDesktopSettings(file)).toEqual({ settings: { closeToTray: false, notifications: true } });
  });

  it('uses the defaults for a broken file, says why, and leaves it untouched', async () => {
    await writeFile(file, '{ closeToTray: no }');
    const loaded = await loadDesktopSettings(file);
    expect(loaded.settings).toEqual(DEFAULT_DESKTOP_SETTINGS);
    expect(loaded.problem).toContain('not valid JSON');
    expect(await readFile(file, 'utf8')).toBe('{ closeToTray: no }');

    await writeFile(file, '{ "closeToTray": "yes" }');
    expect((await loadDesktopSettings(file)).problem).toContain('invalid values (closeToTray)');
  });

  it('saves atomically and reads back what it saved', async () => {
    await saveDesktopSettings(file, { closeToTray: false, notifications: false });
    expect((await loadDesktopSettings(file)).settings).toEqual({ closeToTray: false, notifications: false });
  });
});
