/**
 * electron-builder cannot run here (it rebuilds native modules in place and needs Electron's
 * binary), so electron-builder.yml is checked statically: the keys that matter, and that its
 * globs, evaluated the way electron-builder evaluates them, take in what the app loads at run time.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { APP_ID, PRODUCT_NAME } from '../main/app-identity';
import { gatewayProcessEntry } from '../main/gateway/gateway-paths';
import { trayIconFiles } from '../main/tray/tray-controller';

const root = join(import.meta.dirname, '..', '..');
const config = z
  .looseObject({
    appId: z.string(),
    productName: z.string(),
    directories: z.object({ output: z.string(), buildResources: z.string() }),
    files: z.array(z.string()),
    extraResources: z.array(z.object({ from: z.string(), to: z.string(), filter: z.array(z.string()) })),
    asarUnpack: z.array(z.string()),
    npmRebuild: z.boolean(),
    electronFuses: z.record(z.string(), z.boolean()),
    mac: z.looseObject({ target: z.array(z.string()) }),
    win: z.looseObject({ target: z.array(z.string()) }),
    linux: z.looseObject({ target: z.array(z.string()) }),
  })
  .parse(parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')));
const pkg = z.object({ main: z.string(), scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));

/** electron-builder's include/exclude evaluation (app-builder-lib util/filter.js, minimatch with dot). */
function matches(path: string, patterns: readonly string[]): boolean {
  let match = false;
  for (const pattern of patterns.map((p) => new Minimatch(p, { dot: true }))) {
    if (match !== pattern.negate) continue;
    match = pattern.match(path);
  }
  return match;
}

function nativeAddons(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.node'))
    .map((file) => relative(root, join(dir, file)).split('\\').join('/'));
}

describe('electron-builder.yml', () => {
  it('names the app as the code does', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(config.directories.buildResources).toBe('resources');
    expect(existsSync(join(root, 'resources', 'icon.png'))).toBe(true);
  });

  it('builds dmg and zip for macOS, nsis for Windows, AppImage and deb for Linux', () => {
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packs the main bundle, the gateway process entry, the preload and the renderer, without source maps', () => {
    const mainDir = dirname(pkg.main);
    expect(pkg.main).toBe('out/main/index.js');
    const entry = gatewayProcessEntry(mainDir).split('\\').join('/');
    expect(entry).toBe('out/main/gateway-process.js');
    for (const file of [pkg.main, entry, 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js', 'package.json', 'resources/icon.png']) {
      expect(matches(file, config.files), file).toBe(true);
    }
    for (const file of ['out/main/index.js.map', 'electron/main/index.ts', 'resources/tray-render.py', 'release/Switchboard.dmg']) {
      expect(matches(file, config.files), file).toBe(false);
    }
  });

  it('unpacks every native addon the gateway loads, and the packages around them', () => {
    const addons = [...nativeAddons(join(root, 'node_modules', 'better-sqlite3', 'build')), ...readdirSync(join(root, 'node_modules', '@napi-rs')).flatMap((name) => nativeAddons(join(root, 'node_modules', '@napi-rs', name)))];
    expect(addons.some((file) => file.endsWith('better_sqlite3.node'))).toBe(true);
    expect(addons.some((file) => file.includes('@napi-rs/keyring-'))).toBe(true);
    for (const file of addons) expect(matches(file, config.asarUnpack), file).toBe(true);
    // bindings() locates the addon from the package root, so the whole package is unpacked.
    expect(matches('node_modules/better-sqlite3/package.json', config.asarUnpack)).toBe(true);
    expect(matches('node_modules/better-sqlite3/lib/database.js', config.asarUnpack)).toBe(true);
    // The gateway's own code stays in the archive, where asar integrity covers it.
    expect(matches('out/main/gateway-process.js', config.asarUnpack)).toBe(false);
    expect(config.npmRebuild).toBe(true);
  });

  it('ships every tray icon the code can ask for, outside the archive', () => {
    const tray = config.extraResources.find((r) => r.to === 'tray');
    expect(tray?.from).toBe('resources/tray');
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const file of trayIconFiles(platform).flatMap((f) => [f, f.replace(/\.png$/, '@2x.png')])) {
        expect(existsSync(join(root, 'resources', 'tray', file)), file).toBe(true);
        expect(tray?.filter.some((glob) => new Minimatch(glob).match(file)), file).toBe(true);
      }
    }
  });

  it('packages for the current OS from `npm run package`, after building', () => {
    // Packaging rebuilds better-sqlite3 for Electron in place; the script puts the Node build back.
    expect(pkg.scripts.package).toBe("npm run build && electron-builder && npm rebuild better-sqlite3");
  });
});

describe('electron.vite.config.ts', () => {
  it('bundles the gateway process as a second main-side entry, named as gatewayProcessEntry expects', async () => {
    const { default: viteConfig } = await import('../../electron.vite.config');
    const lib = z.object({ main: z.object({ build: z.object({ lib: z.object({ entry: z.record(z.string(), z.string()) }) }) }) }).parse(viteConfig);
    const entries = lib.main.build.lib.entry;
    expect(Object.keys(entries).sort()).toEqual(['gateway-process', 'index']);
    expect(entries['gateway-process']).toBe(join(root, 'electron', 'gateway-process', 'index.ts'));
    // Rolldown names each entry's output `[name].js`.
    expect(gatewayProcessEntry('.')).toBe('gateway-process.js');
  });
});
