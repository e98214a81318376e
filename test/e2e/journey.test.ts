/**
 * One user's first session, in a real browser against the built `switchboard serve` and the fake
 * providers: open the dashboard with the admin token, add an OpenAI key, build a fallback route
 * in the visual editor, create a gateway key, send traffic with the official OpenAI SDK (one
 * request fails over), and watch it land in Logs, Costs and Cache. Every page is screenshotted.
 */
import { readFile } from 'node:fs/promises';
import OpenAI from 'openai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, startFakeOpenAI } from '../fakes';
import type { FakeProvider } from '../fakes';
import { e2eAvailable, launchBrowser, screenshot, startServe } from './support';
import type { ServeProcess } from './support';
import { counts, dollars, openFromSidebar, seen, shows } from './ui';

const availability = e2eAvailable();
const inCI = process.env.CI === 'true';
const reason = availability.ok ? '' : ` (cannot run: ${availability.reason})`;
if (!availability.ok && !inCI) console.warn(`[e2e] browser journey skipped: ${availability.reason}`);

const OPENAI_KEY = 'sk-fake-openai-e2e-7f3a';
const ANTHROPIC_KEY = 'sk-ant-fake-e2e-91c2';
// Realistic token counts, so the spend shows in cents rather than in millionths.
const USAGE = { inputTokens: 1_800, outputTokens: 600 };

/** Anthropic is configured by hand; OpenAI is added in the UI; `faq` is a cached route. */
function configYaml(anthropicUrl: string): string {
  return [
    'server:',
    '  logBodies: true',
    'providers:',
    `  anthropic: { type: anthropic, baseUrl: "${anthropicUrl}", credential: anthropic }`,
    'routes:',
    '  faq:',
    '    strategy: single',
    '    targets:',
    '      - { provider: anthropic, model: claude-haiku-4-5 }',
    '    cache: { ttl: 60s, scope: global }',
    '',
  ].join('\n');
}

describe.skipIf(!availability.ok && !inCI)(`the dashboard in a browser${reason}`, () => {
  let openai: FakeProvider;
  let anthropic: FakeProvider;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let gatewayKey = '';

  beforeAll(async () => {
    // In CI a missing browser or build is a failure, not a skip.
    if (!availability.ok) throw new Error(`browser e2e cannot run: ${availability.reason}`);
    openai = await startFakeOpenAI({ apiKey: OPENAI_KEY });
    anthropic = await startFakeAnthropic({ apiKey: ANTHROPIC_KEY });
    openai.setDefault({ kind: 'reply', usage: USAGE });
    anthropic.setDefault({ kind: 'reply', usage: USAGE });
    // A writable in-memory secret store, seeded with the Anthropic key, so the UI can add OpenAI's.
    serve = await startServe(configYaml(anthropic.url), { anthropic: ANTHROPIC_KEY }, { secrets: 'memory' });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    await openai?.close();
    await anthropic?.close();
  });

  it('asks for the admin token once and keeps it for the session', async () => {
    await page.goto(serve.url);
    await seen(page.getByRole('heading', { name: 'Open the dashboard' }));
    await screenshot(page, '00-token');
    await page.getByLabel('Admin token').fill(serve.adminToken);
    await page.getByRole('button', { name: 'Continue' }).click();
    await seen(page.getByRole('heading', { level: 1, name: 'Overview' }));
    await shows(page.getByRole('status').filter({ hasText: /^Live/ }), 'Live');

    await page.reload();
    await seen(page.getByRole('heading', { level: 1, name: 'Overview' }));
    expect(await page.getByLabel('Admin token').count()).toBe(0);
  });

  it('adds an OpenAI provider with its key and tests the connection', async () => {
    await openFromSidebar(page, 'Providers & Keys', 'Providers & Keys');
    await shows(page.getByText(/^Secrets: memory/), 'memory');
    await page.getByRole('button', { name: 'Add provider' }).click();
    const form = await seen(page.getByRole('form', { name: 'Add a provider' }));
    await form.getByLabel('Provider', { exact: true }).selectOption('openai');
    await form.getByLabel('Name', { exact: true }).fill('openai');
    await form.getByLabel('Base URL').fill(`${openai.url}/v1`);
    await form.getByLabel('API key').fill(OPENAI_KEY);
    await form.getByRole('button', { name: 'Add provider' }).click();

    const row = page.getByRole('listitem', { name: 'Provider openai' });
    await shows(row, 'Key stored');
    await shows(row, `••••${OPENAI_KEY.slice(-4)}`);
    await row.getByRole('button', { name: 'Test connection' }).click();
    await shows(row.getByRole('status'), /Connected in/);
    // The key itself never reaches the page.
    expect(await page.content()).not.toContain(OPENAI_KEY);
    await screenshot(page, '07-providers');
  });

  it('builds a fallback route in the visual editor, saves it and tries it', async () => {
    await openFromSidebar(page, 'Routes', 'Routes');
    await page.getByRole('navigation', { name: 'Routes' }).getByRole('button', { name: 'New' }).click();
    await page.getByLabel('Route name').fill('workhorse');

    const addTarget = async (provider: string, model: string) => {
      await page.getByRole('button', { name: 'Add a provider model' }).click();
      await page.getByLabel('Provider', { exact: true }).selectOption(provider);
      await page.getByLabel('Model', { exact: true }).fill(model);
      await page.getByRole('button', { name: '← Back to the route' }).click();
    };
    await addTarget('openai', 'gpt-5.1');
    await addTarget('anthropic', 'claude-sonnet-4-5');

    // Anthropic first: reorder on the graph itself.
    const canvas = page.getByTestId('route-canvas');
    await canvas.getByRole('button', { name: 'Move claude-sonnet-4-5 up' }).click();
    await shows(canvas.locator('.rf-node', { hasText: 'Model · #1' }), 'claude-sonnet-4-5');
    await shows(canvas.locator('.rf-node', { hasText: 'Model · #2' }), 'gpt-5.1');

    await page.getByRole('button', { name: 'Save route' }).click();
    await shows(page.getByRole('region', { name: 'Route editor' }), 'Live');
    await counts(page.getByText('Unsaved changes'), 0);
    await shows(page.getByRole('navigation', { name: 'Routes' }), 'workhorse');
    expect(page.url()).toContain('#/routes/workhorse');
    // Saved into the YAML file too, in the order built on the canvas.
    await expect.poll(() => readFile(serve.configPath, 'utf8'), { timeout: 5_000 }).toMatch(/workhorse:\s+strategy: fallback[\s\S]*?provider: anthropic, model: claude-sonnet-4-5[\s\S]*?provider: openai, model: gpt-5\.1/);

    await page.getByRole('button', { name: 'Send to workhorse' }).click();
    const result = page.getByTestId('try-result');
    await shows(result, 'anthropic/claude-sonnet-4-5');
    await shows(result, '1 attempt');
    await screenshot(page, '02-routes');
  });

  it('creates a gateway key, shown once', async () => {
    await openFromSidebar(page, 'Gateway keys', 'Gateway keys');
    await page.getByRole('button', { name: 'Create key' }).first().click();
    const form = page.getByRole('region', { name: 'New gateway key' });
    await form.getByLabel('Name', { exact: true }).fill('laptop');
    await form.getByRole('button', { name: 'Create key' }).click();
    const created = page.getByTestId('created-key');
    await shows(created, 'Key “laptop” is ready');
    gatewayKey = (await created.getByLabel('New key').innerText()).trim();
    expect(gatewayKey.length).toBeGreaterThan(20);
    await shows(page.getByTestId('key-row'), 'laptop');
    await screenshot(page, '08-keys');
  });

  it('shows SDK requests live in Logs, the failover with both attempts', async () => {
    await openFromSidebar(page, 'Logs', 'Logs');
    const rows = page.getByTestId('log-row');
    await counts(rows, 1); // the "try it" request
    const client = new OpenAI({ baseURL: `${serve.url}/v1`, apiKey: gatewayKey, maxRetries: 0 });
    const ask = (model: string, content: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse();

    anthropic.enqueue({ kind: 'error', status: 503 });
    const failover = await ask('workhorse', 'Summarise the release notes');
    expect(failover.data.choices[0]?.message.content).toBe('echo: Summarise the release notes');
    expect(failover.response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(failover.response.headers.get('x-switchboard-attempts')).toBe('2');

    const direct = await ask('workhorse', 'Write a haiku about routers');
    expect(direct.response.headers.get('x-switchboard-provider')).toBe('anthropic');

    const first = await ask('faq', 'What are your opening hours?');
    const again = await ask('faq', 'What are your opening hours?');
    expect(first.response.headers.get('x-switchboard-cache')).toBe('miss');
    expect(again.response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(again.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);

    // No reload: the rows arrive over the live event stream.
    await counts(rows, 5);
    const failedOver = rows.filter({ hasText: '2 attempts' });
    await counts(failedOver, 1);
    await shows(failedOver, 'openai/gpt-5.1');
    await shows(rows.filter({ hasText: 'faq' }).first(), 'hit');
    await screenshot(page, '03-logs');

    await failedOver.getByRole('button', { name: /^Open request/ }).click();
    const drawer = await seen(page.getByRole('dialog', { name: 'Request' }));
    const attempts = drawer.getByRole('list', { name: 'Attempts' }).getByRole('listitem');
    await counts(attempts, 2);
    await shows(attempts.nth(0), 'anthropic/claude-sonnet-4-5');
    await shows(attempts.nth(0), '503');
    await shows(attempts.nth(0), 'failed, fell back');
    await shows(attempts.nth(1), 'openai/gpt-5.1');
    await shows(attempts.nth(1), '200');
    await shows(drawer, 'Summarise the release notes'); // bodies are logged in this config
    await screenshot(page, '04-logs-drawer');
    await drawer.getByRole('button', { name: 'Close' }).click();
    await counts(page.getByRole('dialog', { name: 'Request' }), 0);
  });

  it('shows the spend on Costs and the hit on Cache', async () => {
    await openFromSidebar(page, 'Costs', 'Costs');
    const total = page.getByTestId('costs-total');
    await shows(total, '$');
    await expect.poll(async () => dollars(await total.locator('.stat-value').innerText()), { timeout: 15_000 }).toBeGreaterThan(0.01);
    const spenders = page.getByRole('region', { name: 'Top spenders' });
    await shows(spenders, 'anthropic');
    await shows(spenders, 'openai');
    await screenshot(page, '06-costs');
    // The same spend by the app that made the calls: the journey's calls come from the OpenAI SDK.
    await page.getByRole('radiogroup', { name: 'Group spend by' }).getByRole('radio', { name: 'App', exact: true }).check();
    await shows(spenders, 'OpenAI SDK (JS)');
    await screenshot(page, '06-costs-by-app');
    await page.getByRole('radiogroup', { name: 'Group spend by' }).getByRole('radio', { name: 'Provider', exact: true }).check();
    await shows(spenders, 'openai');

    await openFromSidebar(page, 'Cache', 'Cache');
    await shows(page.getByTestId('cache-hit-rate'), '1 hit · 1 miss');
    await shows(page.getByTestId('cache-hit-rate'), /\b50(\.0)?%/);
    await expect.poll(async () => dollars(await page.getByTestId('cache-saved').locator('.stat-value').innerText()), { timeout: 15_000 }).toBeGreaterThan(0);
    await shows(page.getByRole('region', { name: 'By route' }), 'faq');
    await screenshot(page, '05-cache');
  });

  it('shows the traffic on the Overview, and the remaining pages render', async () => {
    await openFromSidebar(page, 'Overview', 'Overview');
    await expect.poll(async () => dollars(await page.getByTestId('stat-spend').locator('.stat-value').innerText()), { timeout: 15_000 }).toBeGreaterThan(0.01);
    await shows(page.getByTestId('stat-cache'), '%');
    await screenshot(page, '01-overview');

    await openFromSidebar(page, 'Connect', 'Connect');
    await shows(page.getByRole('region', { name: 'Your setup' }), serve.url);
    await expect.poll(() => page.getByLabel('Gateway key').inputValue()).toBe(gatewayKey);
    await shows(page.locator('pre'), `${serve.url}/v1`);
    await screenshot(page, '09-connect');

    await openFromSidebar(page, 'Settings', 'Settings');
    await shows(page.getByRole('region', { name: 'Gateway' }), serve.dataDir);
    // What this journey changed through the UI, newest first, made by "Browser".
    const audit = page.getByRole('region', { name: 'Audit log' });
    await shows(audit, 'Gateway key "laptop"');
    await shows(audit, /routes\.workhorse added/);
    await shows(audit, 'Credential "openai" stored');
    await shows(audit.getByTestId('audit-row').first(), 'Browser');
    expect(await audit.innerText()).not.toContain(OPENAI_KEY);
    await screenshot(page, '10-settings');
  });

  it('follows the OS into dark mode', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openFromSidebar(page, 'Overview', 'Overview');
    await seen(page.getByTestId('stat-spend'));
    await screenshot(page, '11-overview-dark');
    await openFromSidebar(page, 'Routes', 'Routes');
    await page.getByRole('navigation', { name: 'Routes' }).getByRole('button', { name: /workhorse/ }).click();
    await seen(page.getByTestId('route-canvas').locator('.rf-node', { hasText: 'claude-sonnet-4-5' }));
    await screenshot(page, '12-routes-dark');
  });
});
