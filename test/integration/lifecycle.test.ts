import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAI } from '../fakes';
import { eventually, KEYS, standardConfig, startHarness, storedRows } from './harness';
import type { Harness } from './harness';

/** Starts a streamed chat call; `reading` is its body read to the end, or '' once the connection is cut. */
async function streamChat(url: string, key: string, content: string): Promise<{ reading: Promise<string> }> {
  const res = await request(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'gpt', stream: true, messages: [{ role: 'user', content }] }),
  });
  return { reading: res.body.text().catch(() => '') };
}

describe('live config', () => {
  let h: Harness;
  let client: OpenAI;
  beforeAll(async () => {
    h = await startHarness();
    client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
  });
  afterAll(() => h.close());

  it('applies a valid edit without a restart and refuses an invalid one, keeping the last good config', async () => {
    const fakes = { openai: h.openai, anthropic: h.anthropic, gemini: h.gemini };
    await h.writeConfig(standardConfig(fakes, '  fresh: { strategy: single, targets: [ { provider: openai, model: gpt-5.1 } ] }\n'));
    const res = await eventually(() => client.chat.completions.create({ model: 'fresh', messages: [{ role: 'user', content: 'new alias' }] }));
    expect(res.choices[0]?.message.content).toBe('echo: new alias');

    await h.writeConfig(standardConfig(fakes, '  broken: { strategy: single, targets: [ { provider: nowhere, model: x } ] }\n'));
    await eventually(() => {
      const error = h.gateway.config.lastError();
      if (!error) throw new Error('not rejected yet');
      expect(error.message).toContain('routes.broken.targets.0.provider');
    });
    const still = await client.chat.completions.create({ model: 'fresh', messages: [{ role: 'user', content: 'still served' }] });
    expect(still.choices[0]?.message.content).toBe('echo: still served');
  });
});

describe('pause', () => {
  it('answers inference 503 "paused" in each shape while the admin API keeps working, then resumes', async () => {
    const h = await startHarness();
    try {
      h.gateway.setPaused(true);
      const openaiRes = await request(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' },
        body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(openaiRes.statusCode).toBe(503);
      expect(await openaiRes.body.json()).toMatchObject({ error: { code: 'paused' } });
      const anthropicRes = await request(`${h.gateway.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sk-sb-test-key', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(anthropicRes.statusCode).toBe(503);
      expect(await anthropicRes.body.json()).toMatchObject({ type: 'error', error: { message: expect.stringContaining('paused') } });
      const admin = await request(`${h.gateway.url}/admin/api/status`, { headers: { authorization: `Bearer ${h.gateway.adminToken}` } });
      expect(admin.statusCode).toBe(200);
      await admin.body.dump();

      h.gateway.setPaused(false);
      const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
      expect((await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'back' }] })).choices[0]?.message.content).toBe('echo: back');
    } finally {
      await h.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight stream finish, then refuses new connections', async () => {
    const h = await startHarness();
    const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    h.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 40, text: 'one two three four five six seven eight' });
    const stream = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'slow' }], stream: true });
    const closing = h.gateway.close();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    await closing;
    expect(text).toBe('one two three four five six seven eight');
    const refused = await request(`${h.gateway.url}/health`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    // The row of the stream that finished during shutdown was flushed before the store closed.
    const rows = await storedRows(h.dataDir, 5);
    expect(rows.some((r) => r.stream && r.status === 200)).toBe(true);
    await h.close();
  });

  it('cuts a stream that outlasts the grace period, and still logs it before the store closes', async () => {
    const h = await startHarness();
    h.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 100, text: 'one two three four five six seven eight nine ten eleven twelve' });
    const { reading } = await streamChat(h.gateway.url, 'sk-sb-test-key', 'too slow');
    await h.gateway.close({ graceMs: 150 });
    expect(await reading).not.toContain('[DONE]');
    const rows = await storedRows(h.dataDir, 5);
    expect(rows.filter((r) => r.stream).map((r) => r.status)).toEqual([499]);
    await h.close();
  });
});

describe('a log that cannot be written when shutdown starts', () => {
  it('still drains, stops listening and closes the store, which writes the rows last', async () => {
    const h = await startHarness();
    const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'before the disk filled up' }] });
    // What a full disk does to the flush at the start of close(), once.
    vi.spyOn(h.gateway.logs, 'flush').mockRejectedValueOnce(new Error('database or disk is full'));
    await h.gateway.close();
    expect(await request(`${h.gateway.url}/health`).catch((e: unknown) => e)).toBeInstanceOf(Error);
    const rows = await storedRows(h.dataDir, 5);
    expect(rows.map((r) => r.status)).toEqual([200]);
    await h.close();
  });
});

describe('a second stop while draining', () => {
  it('cuts the streams still running at once, and still logs them before the store closes', async () => {
    const h = await startHarness();
    h.openai.enqueue({ kind: 'slow-stream', chunkDelayMs: 200, text: 'one two three four five six seven eight nine ten eleven twelve' });
    const { reading } = await streamChat(h.gateway.url, 'sk-sb-test-key', 'cut me');
    const draining = h.gateway.close({ graceMs: 60_000 });
    await h.gateway.close({ graceMs: 0 });
    await draining;
    expect(await reading).not.toContain('[DONE]');
    const rows = await storedRows(h.dataDir, 5);
    expect(rows.filter((r) => r.stream).map((r) => r.status)).toEqual([499]);
    await h.close();
  });
});

describe('the request log', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('records one row per call with tokens and cost, and never a secret', async () => {
    const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    h.openai.enqueue({ kind: 'reply', text: 'priced', usage: { inputTokens: 1000, outputTokens: 500, cachedTokens: 200, reasoningTokens: 100 } });
    const { response } = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'my secret is sk-not-logged' }] }).withResponse();
    const id = response.headers.get('x-switchboard-request-id') ?? '';
    await h.gateway.logs.flush();
    const row = await h.gateway.logs.get(id);
    expect(row).toMatchObject({ alias: 'gpt', route: 'gpt', provider: 'openai', model: 'gpt-4o-mini', status: 200, stream: false, keyId: 'master' });
    expect(row).toMatchObject({ inputTokens: 800, cachedTokens: 200, outputTokens: 500, reasoningTokens: 100 });
    // gpt-4o-mini: $0.15 input, $0.075 cached, $0.60 output per million.
    expect(row?.costUsd).toBeCloseTo((800 * 0.15 + 200 * 0.075 + 500 * 0.6) / 1e6, 10);
    expect(Number(response.headers.get('x-switchboard-cost-usd'))).toBeCloseTo(row?.costUsd ?? -1, 8);
    expect(row?.requestBody).toBeNull();
    await h.gateway.close();
    for (const file of await readdir(h.dataDir)) {
      if (!file.startsWith('switchboard.db')) continue;
      const bytes = await readFile(path.join(h.dataDir, file), 'latin1');
      for (const secret of [KEYS.openai, 'sk-sb-test-key', 'sk-not-logged']) expect(bytes).not.toContain(secret);
    }
  });
});

describe('switchboard serve', () => {
  beforeAll(() => {
    execFileSync('node', ['scripts/build-gateway.mjs'], { stdio: 'inherit' });
  }, 60_000);

  it.each([['serve'], ['import']])('%s --help prints the usage and exits 0, starting nothing', (command) => {
    const out = execFileSync('node', ['out/gateway/cli.js', command, '--help'], { encoding: 'utf8', timeout: 10_000 });
    expect(out).toMatch(/^Usage: switchboard <command>/);
    expect(out).toContain('--data-dir DIR');
  });

  it('prints the URL, key and token, serves, and exits 0 on SIGTERM', async () => {
    const fake = await startFakeOpenAI({ apiKey: KEYS.openai });
    const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-cli-'));
    await writeFile(
      path.join(dataDir, 'config.yaml'),
      `providers:\n  openai: { type: openai, credential: openai, baseUrl: ${fake.url}/v1 }\nroutes:\n  gpt: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }\n`,
    );
    const child = spawn('node', ['out/gateway/cli.js', 'serve', '--data-dir', dataDir, '--port', '0', '--secrets', 'env'], {
      env: { ...process.env, SWITCHBOARD_SECRET_OPENAI: KEYS.openai, SWITCHBOARD_API_KEY: 'sk-sb-cli', SWITCHBOARD_ADMIN_TOKEN: 'admin-cli' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const url = await eventually(() => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (!match?.[1]) throw new Error('not listening yet');
      return match[1];
    }, 10_000);
    // Set through the environment, so never echoed (stdout is a pipe here, as under systemd).
    expect(stdout).toContain('Gateway key:        (from SWITCHBOARD_API_KEY)');
    expect(stdout).toContain('Admin token:        (from SWITCHBOARD_ADMIN_TOKEN)');
    expect(stdout).not.toContain('admin-cli');
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'sk-sb-cli', maxRetries: 0 });
    const res = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'from the cli' }] });
    expect(res.choices[0]?.message.content).toBe('echo: from the cli');
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('on a second SIGTERM cuts the stream still running, logs it, and exits 143', async () => {
    const fake = await startFakeOpenAI({ apiKey: KEYS.openai });
    const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-cli-'));
    await writeFile(
      path.join(dataDir, 'config.yaml'),
      `providers:\n  openai: { type: openai, credential: openai, baseUrl: ${fake.url}/v1 }\nroutes:\n  gpt: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }\nserver: { shutdownGraceMs: 60s }\n`,
    );
    const child = spawn('node', ['out/gateway/cli.js', 'serve', '--data-dir', dataDir, '--port', '0', '--secrets', 'env'], {
      env: { ...process.env, SWITCHBOARD_SECRET_OPENAI: KEYS.openai, SWITCHBOARD_API_KEY: 'sk-sb-cli' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await eventually(() => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (!match?.[1]) throw new Error('not listening yet');
      return match[1];
    }, 10_000);
    fake.enqueue({ kind: 'slow-stream', chunkDelayMs: 200, text: 'one two three four five six seven eight nine ten eleven twelve' });
    const { reading } = await streamChat(url, 'sk-sb-cli', 'cut me');
    child.kill('SIGTERM');
    await eventually(() => expect(stderr).toContain('finishing in-flight requests (send it again to cut them)'), 10_000);
    child.kill('SIGTERM');
    expect(await exit).toBe(143);
    expect(stderr).toContain('SIGTERM again: cutting in-flight requests');
    expect(await reading).not.toContain('[DONE]');
    const rows = await storedRows(dataDir, 5);
    expect(rows.map((r) => r.status)).toEqual([499]);
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});
