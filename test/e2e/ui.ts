/**
 * Waiting helpers for the browser suite. playwright-core ships no `expect`, so these poll the
 * page the way a user looks at it: until the text shows up or the time is up (never a fixed sleep).
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, startServe } from './support';
import type { ServeProcess } from './support';

const WAIT_MS = 15_000;

/** Waits until the locator is visible; fails with what it was looking for. */
export async function seen(locator: Locator, timeout = WAIT_MS): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout });
  return locator;
}

/** Waits until the locator's visible text matches. */
export async function shows(locator: Locator, expected: string | RegExp, timeout = WAIT_MS): Promise<void> {
  await seen(locator.first(), timeout);
  const text = () => locator.first().innerText();
  if (typeof expected === 'string') await expect.poll(text, { timeout, interval: 100 }).toContain(expected);
  else await expect.poll(text, { timeout, interval: 100 }).toMatch(expected);
}

/** Waits until the locator matches exactly `count` elements. */
export async function counts(locator: Locator, count: number, timeout = WAIT_MS): Promise<void> {
  await expect.poll(() => locator.count(), { timeout, interval: 100 }).toBe(count);
}

/** Opens a page from the sidebar, as a user would, and waits for its heading. */
export async function openFromSidebar(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await seen(page.getByRole('heading', { level: 1, name: heading, exact: true }));
}

/** "$0.0123" → 0.0123; "—" → NaN. */
export function dollars(text: string): number {
  return Number(text.replace(/[^0-9.]/g, ''));
}

/** A gateway serving `configYaml`, and a signed-in page of its UI at 1280×850 (light). */
export interface SignedIn {
  serve: ServeProcess;
  page: Page;
  close(): Promise<void>;
}

/** Starts `switchboard serve`, opens its UI in Chromium and signs in with the admin token. */
export async function openSignedIn(configYaml: string, secrets: Record<string, string>): Promise<SignedIn> {
  const serve = await startServe(configYaml, secrets);
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await serve.stop();
    throw error;
  });
  const close = async (): Promise<void> => {
    await browser.close();
    await serve.stop();
  };
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 850 }, colorScheme: 'light' })).newPage();
    await page.goto(serve.url);
    await (await seen(page.getByLabel('Admin token'))).fill(serve.adminToken);
    await page.getByRole('button', { name: 'Continue' }).click();
    return { serve, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
