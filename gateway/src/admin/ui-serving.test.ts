import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../gateway';
import type { RunningGateway } from '../gateway';
import { MemorySecretStore } from '../secrets/memory-secret-store';

// The headless UI as `switchboard serve` hands it to a browser.
let dataDir: string;
let gateway: RunningGateway;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sb-ui-'));
  const uiDir = path.join(dataDir, 'ui');
  await mkdir(path.join(uiDir, 'assets'), { recursive: true });
  await writeFile(path.join(uiDir, 'index.html'), '<!doctype html><title>Switchboard</title>');
  await writeFile(path.join(uiDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dataDir, 'config.yaml'), 'providers: {}\nroutes: {}\n');
  gateway = await startGateway({ configPath: path.join(dataDir, 'config.yaml'), dataDir, port: 0, host: '127.0.0.1', secrets: new MemorySecretStore(), uiDir, watchConfig: false, log: () => undefined });
});

afterAll(async () => {
  await gateway?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function get(route: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const res = await request(`${gateway.url}${route}`);
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

describe('the headless UI', () => {
  it.each(['/', '/assets/app.js', '/logs'])('%s: served, and no other site may frame it', async (route) => {
    const res = await get(route);
    expect(res.status).toBe(200);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a client-side route gets the app shell; an unknown admin endpoint does not', async () => {
    expect((await get('/costs')).text).toContain('<title>Switchboard</title>');
    const admin = await get('/admin/api/nope');
    expect(admin.status).toBe(401);
    expect(admin.text).not.toContain('<title>');
  });
});
