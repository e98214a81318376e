import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecretStore } from '../../../gateway/src/secrets/secret-store';
import type { GatewayStartOptions, RunningGatewayHandle } from './gateway-contract';
import { createGatewayHost } from './gateway-host';

const secrets: SecretStore = {
  backend: 'memory',
  writable: true,
  get: async () => undefined,
  set: async () => undefined,
  delete: async () => false,
  list: async () => [],
};

/** A gateway double that records how it was started and whether it is still open. */
function fakeGateway(options: { fail?: Error; delayMs?: number } = {}) {
  const calls: GatewayStartOptions[] = [];
  const state = { open: 0, closed: 0 };
  const start = async (startOptions: GatewayStartOptions): Promise<RunningGatewayHandle> => {
    calls.push(startOptions);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (options.fail) throw options.fail;
    state.open += 1;
    return {
      url: 'http://127.0.0.1:4000',
      port: 4000,
      host: '127.0.0.1',
      adminToken: 'sbadm-token',
      close: async () => {
        state.open -= 1;
        state.closed += 1;
      },
    };
  };
  return { start, calls, state };
}

const userDataDir = join('/home', 'me', '.config', 'Switchboard');

function host(gateway: ReturnType<typeof fakeGateway>) {
  return createGatewayHost({ start: gateway.start, userDataDir, secrets, allowedOrigins: ['app://switchboard'] });
}

describe('gateway host', () => {
  it('starts the gateway with its data and config under userData', async () => {
    const gateway = fakeGateway();
    const info = await host(gateway).start();
    expect(info).toEqual({ state: 'running', url: 'http://127.0.0.1:4000', adminToken: 'sbadm-token' });
    expect(gateway.calls[0]).toMatchObject({
      dataDir: join(userDataDir, 'gateway'),
      configPath: join(userDataDir, 'gateway', 'config.yaml'),
      secrets,
      allowedOrigins: ['app://switchboard'],
    });
  });

  it('starts only once however often it is asked', async () => {
    const gateway = fakeGateway();
    const h = host(gateway);
    await Promise.all([h.start(), h.start()]);
    await h.start();
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.state.open).toBe(1);
  });

  it('turns a failed start into a state the window can show', async () => {
    const h = host(fakeGateway({ fail: new Error('listen EADDRINUSE: address already in use 127.0.0.1:4000') }));
    const info = await h.start();
    expect(info).toEqual({
      state: 'failed',
      message: 'The gateway could not start: listen EADDRINUSE: address already in use 127.0.0.1:4000',
    });
    expect(h.info()).toEqual(info);
    expect(h.url()).toBeUndefined();
  });

  it('exposes the URL for the CSP only while running', async () => {
    const h = host(fakeGateway());
    expect(h.url()).toBeUndefined();
    await h.start();
    expect(h.url()).toBe('http://127.0.0.1:4000');
    await h.close();
    expect(h.url()).toBeUndefined();
    expect(h.info().state).toBe('failed');
  });

  it('closes the gateway exactly once', async () => {
    const gateway = fakeGateway();
    const h = host(gateway);
    await h.start();
    await Promise.all([h.close(), h.close()]);
    expect(gateway.state).toEqual({ open: 0, closed: 1 });
  });

  it('closes a gateway that was still starting when quit began', async () => {
    const gateway = fakeGateway({ delayMs: 20 });
    const h = host(gateway);
    const starting = h.start();
    await h.close();
    await starting;
    expect(gateway.state).toEqual({ open: 0, closed: 1 });
  });

  it('does not start after it was closed', async () => {
    const gateway = fakeGateway();
    const h = host(gateway);
    await h.close();
    await h.start();
    expect(gateway.calls).toHaveLength(0);
  });
});
