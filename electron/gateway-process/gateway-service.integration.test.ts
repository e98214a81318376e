/**
 * The utility process's service around the real gateway, on real loopback ports: what a user's
 * tools (and the window's admin API calls) see when the desktop app starts, pauses, resumes and quits.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGateway } from '../../gateway/src/index';
import { MemorySecretStore } from '../../gateway/src/secrets/memory-secret-store';
import { SqliteLogStore } from '../../gateway/src/store/sqlite-log-store';
import { startFakeOpenAI, type FakeProvider } from '../../test/fakes';
import { createGatewayService, type GatewayService, type GatewayServiceDeps } from './gateway-service';
import { chooseFreePort, readListenPreference } from './port-choice';
import type { ChildMessage } from './protocol';

let fake: FakeProvider;
let dataDir: string;
let configPath: string;
let sent: ChildMessage[];
let service: GatewayService;
let blockers: Server[];
let secrets: MemorySecretStore;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function block(port: number): Promise<void> {
  const server = createServer();
  blockers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
}

async function until<T extends ChildMessage['type']>(type: T, test: (m: Extract<ChildMessage, { type: T }>) => boolean = () => true) {
  for (let i = 0; i < 200; i += 1) {
    const found = sent.filter((m): m is Extract<ChildMessage, { type: T }> => m.type === type).find(test);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no ${type} message; got ${JSON.stringify(sent.map((m) => m.type))}`);
}

function lastState(): ChildMessage {
  const state = sent.filter((m) => m.type === 'ready' || m.type === 'paused' || m.type === 'failed').at(-1);
  if (!state) throw new Error('no state reported');
  return state;
}

async function chat(url: string, key: string) {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'Say hi' }] }),
  });
}

beforeEach(async () => {
  fake = await startFakeOpenAI({ apiKey: 'sk-fake-openai-0001' });
  dataDir = await mkdtemp(join(tmpdir(), 'switchboard-desktop-'));
  configPath = join(dataDir, 'config.yaml');
  sent = [];
  blockers = [];
  secrets = new MemorySecretStore();
  await secrets.set('openai', 'sk-fake-openai-0001');
  service = createService();
});

function createService(extra: Partial<GatewayServiceDeps> = {}): GatewayService {
  return createGatewayService({
    startGateway: (options) => startGateway({ ...options, env: {}, watchConfig: false }),
    openSecrets: async () => secrets,
    readListenPreference,
    choosePort: (host, preferred) => chooseFreePort(host, preferred),
    send: (message) => sent.push(structuredClone(message)),
    log: () => undefined,
    now: Date.now,
    statsIntervalMs: 0,
    ...extra,
  });
}

afterEach(async () => {
  await service.handle({ type: 'shutdown' });
  await Promise.all(blockers.map((server) => new Promise((resolve) => server.close(resolve))));
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function writeConfig(port: number) {
  await writeFile(
    configPath,
    `server: { port: ${port} }
providers:
  openai: { type: openai, credential: openai, baseUrl: ${fake.url}/v1 }
routes:
  gpt: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
`,
  );
}

const start = () => service.handle({ type: 'start', options: { configPath, dataDir, allowedOrigins: ['app://switchboard'] } });

describe('the desktop gateway process, with the real gateway', () => {
  it('moves to the next port when the configured one is taken, and serves there', async () => {
    const port = await freePort();
    await writeConfig(port);
    await block(port);
    await start();
    const ready = lastState();
    expect(ready.type).toBe('ready');
    if (ready.type !== 'ready') return;
    expect(ready.port).toBeGreaterThan(port);
    expect(ready.url).toBe(`http://127.0.0.1:${ready.port}`);
    expect((await fetch(`${ready.url}/health`)).status).toBe(200);
  });

  it('says the configured host is not on this machine, rather than that no port was free', async () => {
    // 192.0.2.0/24 is reserved for documentation: no machine has it.
    await writeFile(configPath, 'server: { host: 192.0.2.1, port: 4000 }\n');
    await start();
    expect(lastState()).toEqual({
      type: 'failed',
      message:
        'The gateway could not start: cannot listen on 192.0.2.1:4000 (EADDRNOTAVAIL): 192.0.2.1 is not an address of this machine; choose another host (server.host, --host or SWITCHBOARD_HOST)',
    });
  });

  it('counts requests, answers 503 "paused" to inference while the admin API keeps answering, resumes on the same URL and flushes the log on shutdown', async () => {
    await writeConfig(await freePort());
    await start();
    const ready = await until('ready');
    const key = (await readFile(join(dataDir, 'gateway-key'), 'utf8')).trim();

    expect((await chat(ready.url, key)).status).toBe(200);
    await until('stats', (m) => m.stats.requests === 1);

    await service.handle({ type: 'pause' });
    expect(lastState()).toEqual({ type: 'paused', url: ready.url, port: ready.port, adminToken: ready.adminToken });
    const paused = await chat(ready.url, key);
    expect(paused.status).toBe(503);
    expect(await paused.json()).toMatchObject({ error: { code: 'paused', message: expect.stringContaining('paused') } });
    const anthropic = await fetch(`${ready.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(anthropic.status).toBe(503);
    expect(anthropic.headers.get('x-should-retry')).toBe('false');
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { message: expect.stringContaining('paused') } });

    // The window keeps working while paused: health, and the admin API with the token main was given.
    expect((await fetch(`${ready.url}/health`)).status).toBe(200);
    const admin = await fetch(`${ready.url}/admin/api/logs`, { headers: { authorization: `Bearer ${ready.adminToken}` } });
    expect(admin.status).toBe(200);
    // The calls refused while paused are in the log too, newest first, so Logs says why they failed.
    const rows = ((await admin.json()) as { rows: Array<{ status: number; errorCode: string | null }> }).rows;
    expect(rows.map((r) => [r.status, r.errorCode])).toEqual([
      [503, 'paused'],
      [503, 'paused'],
      [200, null],
    ]);

    await service.handle({ type: 'resume' });
    expect(lastState()).toEqual({ type: 'ready', url: ready.url, port: ready.port, adminToken: ready.adminToken });
    expect((await chat(ready.url, key)).status).toBe(200);

    await service.handle({ type: 'shutdown' });
    expect(sent.at(-1)).toEqual({ type: 'flushed' });
    await expect(fetch(`${ready.url}/health`)).rejects.toThrow();
    const logs = SqliteLogStore.open(join(dataDir, 'switchboard.db'));
    try {
      const page = await logs.query({});
      expect(page.rows.map((r) => r.status)).toEqual([200, 503, 503, 200]);
    } finally {
      await logs.close();
    }
  });

  it('lets a call under way when the user pauses finish, and counts it', async () => {
    await writeConfig(await freePort());
    await start();
    const ready = await until('ready');
    const key = (await readFile(join(dataDir, 'gateway-key'), 'utf8')).trim();
    fake.enqueue({ kind: 'delay', ms: 300 });
    const slow = chat(ready.url, key);
    await until('stats'); // seeded: the count below is the slow call's own
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    await service.handle({ type: 'pause' });
    expect((await chat(ready.url, key)).status).toBe(503);
    const finished = await slow;
    expect(finished.status).toBe(200);
    expect(await finished.json()).toMatchObject({ choices: [{ message: { content: 'echo: Say hi' } }] });
    await until('stats', (m) => m.stats.requests === 1);
  });

  it('on quit, cuts a call that outlasts the drain and still answers "flushed" promptly', async () => {
    service = createService({ maxShutdownGraceMs: 200 });
    await writeConfig(await freePort());
    await start();
    const ready = await until('ready');
    const key = (await readFile(join(dataDir, 'gateway-key'), 'utf8')).trim();
    fake.enqueue({ kind: 'hang' });
    const hung = chat(ready.url, key).then(
      (res) => res.text().then(() => res.status),
      () => 'cut',
    );
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const began = Date.now();
    await service.handle({ type: 'shutdown' });
    expect(Date.now() - began).toBeLessThan(2_000);
    expect(sent.at(-1)).toEqual({ type: 'flushed' });
    expect(await hung).not.toBe(200);
  });

  it('starts with today’s totals from the log it already has (a restart of the process)', async () => {
    await writeConfig(await freePort());
    await start();
    const ready = await until('ready');
    const key = (await readFile(join(dataDir, 'gateway-key'), 'utf8')).trim();
    await chat(ready.url, key);
    await chat(ready.url, key);
    await service.handle({ type: 'shutdown' });
    sent.length = 0;
    service = createService();
    await start();
    await until('stats', (m) => m.stats.requests === 2);
  });
});
