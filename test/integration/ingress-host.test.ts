import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../../gateway/src/gateway';
import type { RunningGateway } from '../../gateway/src/gateway';
import { MemorySecretStore } from '../../gateway/src/secrets/memory-secret-store';

// The config says 127.0.0.1; each gateway here listens elsewhere because `--host` /
// SWITCHBOARD_HOST (startGateway's `host`) overrode it.
let dataDir: string;
let configPath: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-ingress-'));
  configPath = path.join(dataDir, 'config.yaml');
  await writeFile(configPath, 'server:\n  host: 127.0.0.1\nproviders: {}\nroutes: {}\n');
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const start = (host: string): Promise<RunningGateway> =>
  startGateway({
    configPath,
    dataDir,
    host,
    port: 0,
    secrets: new MemorySecretStore(),
    env: { SWITCHBOARD_API_KEY: 'sk-sb-test-key' },
    watchConfig: false,
    log: () => undefined,
  });

async function statusFor(gateway: RunningGateway, host?: string): Promise<{ status: number; code?: string }> {
  const res = await request(`${gateway.url}/v1/models`, {
    headers: { authorization: 'Bearer sk-sb-test-key', ...(host === undefined ? {} : { host }) },
  });
  const body = (await res.body.json()) as { error?: { code?: string } };
  return { status: res.statusCode, code: body.error?.code };
}

/** An address of this machine that is not loopback, so no loopback rule can be what lets it in. */
function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && !i.internal && i.family === 'IPv4')?.address;
}

async function expectServesOwnAddressOnly(gateway: RunningGateway): Promise<void> {
  // No Host override: the client sends the listen address:port it connected to.
  expect(new URL(gateway.url).port).toBe(String(gateway.port));
  expect(await statusFor(gateway)).toEqual({ status: 200, code: undefined });
  expect(await statusFor(gateway, 'evil.example')).toEqual({ status: 403, code: 'host_not_allowed' });
  expect(await statusFor(gateway, `evil.example:${gateway.port}`)).toEqual({ status: 403, code: 'host_not_allowed' });
}

describe('Host check with a --host override', () => {
  it('accepts its own listen address 127.0.0.2 and still refuses a foreign Host', async () => {
    const gateway = await start('127.0.0.2');
    try {
      expect(gateway.url).toBe(`http://127.0.0.2:${gateway.port}`);
      await expectServesOwnAddressOnly(gateway);
    } finally {
      await gateway.close();
    }
  });

  it('accepts its own IPv6 listen address (bracketed in the Host header) and still refuses a foreign Host', async () => {
    // An IPv4-mapped loopback address: always bindable on Linux, yet not a loopback *name*.
    const gateway = await start('::ffff:127.0.0.2');
    try {
      expect(gateway.url).toBe(`http://[::ffff:127.0.0.2]:${gateway.port}`);
      await expectServesOwnAddressOnly(gateway);
      // Clients send it as written (curl) or canonicalised (WHATWG URL: [::ffff:7f00:2]).
      expect((await statusFor(gateway, `[::ffff:127.0.0.2]:${gateway.port}`)).status).toBe(200);
      expect((await statusFor(gateway, `[::ffff:7f00:2]:${gateway.port}`)).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it('reports an IPv6 loopback listener as localhost, which a window CSP can name, and answers it', async () => {
    const gateway = await start('::1');
    try {
      expect(gateway.url).toBe(`http://localhost:${gateway.port}`);
      // What a browser sends when it reaches localhost over ::1.
      const res = await request(`http://[::1]:${gateway.port}/v1/models`, { headers: { authorization: 'Bearer sk-sb-test-key', host: `localhost:${gateway.port}` } });
      await res.body.dump();
      expect(res.statusCode).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it("listens on the config's host when the override is empty, never on every interface", async () => {
    const gateway = await start('');
    try {
      expect(gateway.url).toBe(`http://127.0.0.1:${gateway.port}`);
      expect(gateway.host).toBe('127.0.0.1');
    } finally {
      await gateway.close();
    }
  });

  it.skipIf(lanAddress() === undefined)('accepts its own network address and still refuses a foreign Host', async () => {
    const address = lanAddress() ?? '';
    const gateway = await start(address);
    try {
      expect(gateway.url).toBe(`http://${address}:${gateway.port}`);
      await expectServesOwnAddressOnly(gateway);
      // Loopback names stay accepted wherever the gateway listens.
      expect((await statusFor(gateway, `localhost:${gateway.port}`)).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });
});

describe('auth: open-on-loopback', () => {
  it('lets a keyless client on this machine in, but not one a local reverse proxy relays', async () => {
    const openConfig = path.join(dataDir, 'open.yaml');
    await writeFile(openConfig, 'server:\n  auth: open-on-loopback\nproviders: {}\nroutes: {}\n');
    const gateway = await startGateway({ configPath: openConfig, dataDir, port: 0, secrets: new MemorySecretStore(), env: { SWITCHBOARD_API_KEY: 'sk-sb-test-key' }, watchConfig: false, log: () => undefined });
    const keyless = async (headers: Record<string, string>): Promise<number> => {
      const res = await request(`${gateway.url}/v1/models`, { headers });
      await res.body.dump();
      return res.statusCode;
    };
    try {
      expect(await keyless({})).toBe(200);
      // nginx, Caddy, Apache: the proxy connects from 127.0.0.1 for a caller anywhere.
      expect(await keyless({ 'x-forwarded-for': '203.0.113.9' })).toBe(401);
      expect(await keyless({ forwarded: 'for=203.0.113.9' })).toBe(401);
      expect(await keyless({ 'x-real-ip': '203.0.113.9' })).toBe(401);
      expect(await keyless({ via: '1.1 caddy' })).toBe(401);
      // A key still works through the proxy.
      expect(await keyless({ 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer sk-sb-test-key' })).toBe(200);
    } finally {
      await gateway.close();
    }
  });
});
