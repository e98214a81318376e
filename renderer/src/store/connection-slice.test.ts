import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, type InitialConnection } from '../connection/detect-connection';
import { GatewayClient, type GatewayHealth } from '../gateway-client';
import { createAppStore } from './index';

/** A GatewayClient whose health answer the test decides, recording the URL and token it was built with. */
function clientAnswering(health: GatewayHealth, built: Array<{ url: string; token: string | null }> = []) {
  return (url: string, token: string | null) => {
    built.push({ url, token });
    const client = new GatewayClient(url, token);
    client.health = async () => health;
    return client;
  };
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

function storeFor(initial: InitialConnection, health: GatewayHealth = { status: 'running', checkedAt: 1 }) {
  const storage = memoryStorage();
  const built: Array<{ url: string; token: string | null }> = [];
  const store = createAppStore({ initial, storage, createClient: clientAnswering(health, built) });
  return { store, storage, built, connection: () => store.getState().connection };
}

describe('connection slice', () => {
  it('starts from the desktop bridge’s URL and token', () => {
    const { connection } = storeFor({ mode: 'desktop', gatewayUrl: 'http://127.0.0.1:4000', token: 'sbadm-1' });
    expect(connection()).toMatchObject({ mode: 'desktop', gatewayUrl: 'http://127.0.0.1:4000', token: 'sbadm-1', health: 'unknown' });
  });

  it('marks a running gateway as running, asking with the current URL and token', async () => {
    const { connection, built } = storeFor({ mode: 'desktop', gatewayUrl: 'http://127.0.0.1:4000', token: 'sbadm-1' });
    await connection().checkHealth();
    expect(connection()).toMatchObject({ health: 'running', healthDetail: null, lastCheckedAt: 1 });
    expect(built).toEqual([{ url: 'http://127.0.0.1:4000', token: 'sbadm-1' }]);
  });

  it('marks a gateway that does not answer as unreachable, with the reason', async () => {
    const { connection } = storeFor(
      { mode: 'browser', gatewayUrl: 'http://127.0.0.1:4000', token: 't' },
      { status: 'unreachable', reason: 'no response', checkedAt: 7 },
    );
    await connection().checkHealth();
    expect(connection()).toMatchObject({ health: 'unreachable', healthDetail: 'no response', lastCheckedAt: 7 });
  });

  it('shows a desktop gateway that failed to start as unreachable without calling anything', async () => {
    const { connection, built } = storeFor({ mode: 'desktop-failed', message: 'The gateway could not start: port in use' });
    expect(connection()).toMatchObject({ mode: 'desktop', gatewayUrl: null, startupError: 'The gateway could not start: port in use' });
    await connection().checkHealth();
    expect(connection().health).toBe('unreachable');
    expect(built).toEqual([]);
  });

  it('keeps a token entered in the browser for the session, trimmed', () => {
    const { connection, storage } = storeFor({ mode: 'browser', gatewayUrl: 'http://box:4000', token: null });
    connection().setToken('  sbadm-typed \n');
    expect(connection().token).toBe('sbadm-typed');
    expect(storage.items.get(TOKEN_STORAGE_KEY)).toBe('sbadm-typed');
  });

  it('ignores an empty token and forgets a token on request', () => {
    const { connection, storage } = storeFor({ mode: 'browser', gatewayUrl: 'http://box:4000', token: null });
    connection().setToken('   ');
    expect(connection().token).toBeNull();
    connection().setToken('sbadm-x');
    connection().forgetToken();
    expect(connection().token).toBeNull();
    expect(storage.items.has(TOKEN_STORAGE_KEY)).toBe(false);
  });
});
