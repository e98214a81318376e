/**
 * Browser end-to-end support: the built `switchboard serve` as a child process (serving the
 * built UI at `/`) in front of the fake providers, and Debian's Chromium driven by
 * playwright-core. Screenshots land in test-artifacts/screenshots/.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

/** Whether the suite can run here: Chromium installed and the UI and CLI built. */
export function e2eAvailable(): { ok: true } | { ok: false; reason: string } {
  if (!existsSync(CHROMIUM)) return { ok: false, reason: `no Chromium at ${CHROMIUM} (apt-get install chromium)` };
  if (!existsSync('out/renderer/index.html')) return { ok: false, reason: 'the UI is not built (npm run build)' };
  if (!existsSync('out/gateway/cli.js')) return { ok: false, reason: 'the gateway is not built (npm run build:gateway)' };
  return { ok: true };
}

export interface ServeProcess {
  url: string;
  apiKey: string;
  adminToken: string;
  dataDir: string;
  configPath: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /**
   * The secret store: `env` (read-only, the default) or `memory` (seeded from the same
   * environment secrets, and writable from the UI for the life of the process).
   */
  secrets?: 'env' | 'memory';
}

/** Runs the built CLI on an ephemeral port with env-seeded secrets, and waits for its banner. */
export async function startServe(configYaml: string, secrets: Record<string, string>, options: ServeOptions = {}): Promise<ServeProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-e2e-'));
  const configPath = path.join(dataDir, 'config.yaml');
  await writeFile(configPath, configYaml);
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHBOARD_API_KEY: 'sk-sb-e2e-key', SWITCHBOARD_ADMIN_TOKEN: 'e2e-admin-token' };
  for (const [name, value] of Object.entries(secrets)) env[`SWITCHBOARD_SECRET_${name.toUpperCase()}`] = value;
  const child: ChildProcess = spawn('node', ['out/gateway/cli.js', 'serve', '--data-dir', dataDir, '--port', '0', '--secrets', options.secrets ?? 'env'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 15_000);
    const check = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    apiKey: 'sk-sb-e2e-key',
    adminToken: 'e2e-admin-token',
    dataDir,
    configPath,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * How much taller the page would need to be for every scrolling pane (main area, drawer) to show
 * all of itself. A string, because it runs in the page and this project's node tsconfig has no DOM.
 */
const HIDDEN_OVERFLOW = `(() => {
  let extra = 0;
  for (const element of document.querySelectorAll('*')) {
    const overflow = getComputedStyle(element).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && element.clientHeight > 0) extra = Math.max(extra, element.scrollHeight - element.clientHeight);
  }
  return extra;
})()`;
const NEXT_FRAME = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))';

/**
 * Saves a screenshot of the whole page as test-artifacts/screenshots/NAME.png. The app scrolls
 * inside its main pane, not the document, so `fullPage` alone would stop at the fold: the
 * viewport is stretched to fit for the shot, then restored. The pointer is parked first so no
 * button is caught in its hover state.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.mouse.move(0, 0);
  const viewport = page.viewportSize();
  const extra = viewport ? await page.evaluate<number>(HIDDEN_OVERFLOW) : 0;
  if (viewport && extra > 0) {
    await page.setViewportSize({ width: viewport.width, height: Math.min(viewport.height + extra, 6_000) });
    await page.evaluate(NEXT_FRAME);
  }
  try {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  } finally {
    if (viewport && extra > 0) await page.setViewportSize(viewport);
  }
}
