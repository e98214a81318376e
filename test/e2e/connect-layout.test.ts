/**
 * The Connect page's setup row in a narrow window: the gateway URL, the key and the model sat in
 * three equal columns, so at 760 px the URL box was ~180 px wide and the address broke over three
 * lines. The row now wraps, and the URL reads on one line.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eAvailable, screenshot } from './support';
import { openFromSidebar, openSignedIn, seen } from './ui';
import type { SignedIn } from './ui';

const availability = e2eAvailable();
const inCI = process.env.CI === 'true';
const reason = availability.ok ? '' : ` (cannot run: ${availability.reason})`;

const CONFIG = `providers:
  openai: { type: openai, baseUrl: "http://127.0.0.1:9/v1", credential: openai }
routes:
  workhorse: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
`;

/**
 * How many lines the gateway URL's text is laid out on (the line boxes of its text, counted by
 * their tops). A string, because it runs in the page and this project's node tsconfig has no DOM.
 */
const URL_LINES = `(() => {
  const code = document.querySelector('[aria-labelledby="gateway-url-label"] code');
  if (!code) return -1;
  const range = document.createRange();
  range.selectNodeContents(code);
  return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
})()`;

describe.skipIf(!availability.ok && !inCI)(`the Connect page's setup row${reason}`, () => {
  let ui: SignedIn | undefined;
  let page: Page;

  beforeAll(async () => {
    if (!availability.ok) throw new Error(`browser e2e cannot run: ${availability.reason}`);
    ui = await openSignedIn(CONFIG, { openai: 'sk-unused' });
    page = ui.page;
    await openFromSidebar(page, 'Connect', 'Connect');
    await seen(page.getByRole('region', { name: 'Your setup' }).locator('code', { hasText: ui.serve.url }));
  });

  afterAll(() => ui?.close());

  it.each([760, 1000, 1280])('shows the gateway URL on one line at %i px wide', async (width) => {
    await page.setViewportSize({ width, height: 850 });
    await screenshot(page, `connect-${width}`);
    expect(await page.evaluate<number>(URL_LINES), `the URL ${ui?.serve.url} breaks over several lines`).toBe(1);
    // The key and model fields stay usable: neither is squeezed below the grid's 180 px minimum.
    for (const label of ['Gateway key', 'Model (route)']) {
      const box = await page.getByLabel(label, { exact: true }).boundingBox();
      expect(box?.width ?? 0, `the ${label} field is squeezed`).toBeGreaterThanOrEqual(180);
    }
    expect(await page.evaluate<number>("(() => { const main = document.querySelector('.main'); return main ? main.scrollWidth - main.clientWidth : -1; })()")).toBe(0);
  });
});
