import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseFreePort, isPortFree, listenPreferenceFromConfig } from './port-choice';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Occupies a free loopback port (chosen by the OS) and returns it. */
async function occupy(port = 0): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return address.port;
}

describe('listen preference from the config', () => {
  it('reads server.port and server.host', () => {
    expect(listenPreferenceFromConfig('server:\n  port: 4100\n  host: localhost\n')).toEqual({ host: 'localhost', port: 4100 });
  });

  it('falls back to 127.0.0.1:4000 without a file, a server section or a readable value', () => {
    expect(listenPreferenceFromConfig(undefined)).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(listenPreferenceFromConfig('providers: {}\n')).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(listenPreferenceFromConfig('server:\n')).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(listenPreferenceFromConfig('server: { port: "four thousand" }')).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(listenPreferenceFromConfig(': : not yaml [')).toEqual({ host: '127.0.0.1', port: 4000 });
  });

  it('still reads the port when another part of the config is wrong', () => {
    expect(listenPreferenceFromConfig('server: { port: 4200 }\nroutes: { broken: 42 }\n').port).toBe(4200);
  });
});

describe('choosing a port', () => {
  it('keeps the preferred port when it is free', async () => {
    const port = await occupy();
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await chooseFreePort('127.0.0.1', port)).toBe(port);
  });

  it('takes the next free port when the preferred one is in use', async () => {
    const taken = await occupy();
    const chosen = await chooseFreePort('127.0.0.1', taken);
    expect(chosen).toBeGreaterThan(taken);
    expect(await isPortFree('127.0.0.1', taken)).toBe(false);
    expect(await isPortFree('127.0.0.1', chosen)).toBe(true);
  });

  it('skips every taken port in a row', async () => {
    const probed: number[] = [];
    const taken = new Set([4000, 4001, 4002]);
    const probe = async (_host: string, port: number) => (probed.push(port), !taken.has(port));
    expect(await chooseFreePort('127.0.0.1', 4000, probe)).toBe(4003);
    expect(probed).toEqual([4000, 4001, 4002, 4003]);
  });

  it('gives up after a bounded search and never goes past 65535', async () => {
    const probed: number[] = [];
    const none = async (_host: string, port: number) => (probed.push(port), false);
    await expect(chooseFreePort('127.0.0.1', 65_530, none)).rejects.toThrow('no free port between 65530 and 65535 on 127.0.0.1');
    expect(probed).toHaveLength(6);
    await expect(chooseFreePort('127.0.0.1', 4000, async () => false)).rejects.toThrow(/4000 and 4050/);
  });

  it('leaves a host it cannot listen on to the gateway to report, instead of searching for a free port', async () => {
    // 192.0.2.0/24 is reserved for documentation: no machine has it.
    await expect(isPortFree('192.0.2.1', 4000)).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
    expect(await chooseFreePort('192.0.2.1', 4000)).toBe(4000);
  });

  it('leaves port 0 to the operating system', async () => {
    expect(await chooseFreePort('127.0.0.1', 0, async () => false)).toBe(0);
  });
});
