import { describe, expect, it } from 'vitest';
import type { SwitchboardBridge } from '../../../electron/preload/bridge';
import { detectConnection, TOKEN_STORAGE_KEY } from './detect-connection';

function bridgeWith(gateway: SwitchboardBridge['gateway']): SwitchboardBridge {
  return { gateway, openExternal: async () => undefined, revealDataDir: async () => undefined, copyText: async () => undefined };
}

const emptyStorage = { getItem: () => null };

describe('detectConnection', () => {
  it('uses the gateway the desktop app hosts', () => {
    const bridge = bridgeWith({ state: 'running', url: 'http://127.0.0.1:4000', adminToken: 'sbadm-1' });
    expect(detectConnection({ bridge, origin: 'app://switchboard', storage: emptyStorage })).toEqual({
      mode: 'desktop',
      gatewayUrl: 'http://127.0.0.1:4000',
      token: 'sbadm-1',
    });
  });

  it('passes on why the desktop gateway did not start', () => {
    const bridge = bridgeWith({ state: 'failed', message: 'port in use' });
    expect(detectConnection({ bridge, origin: 'app://switchboard', storage: emptyStorage })).toEqual({
      mode: 'desktop-failed',
      message: 'port in use',
    });
  });

  it('in a browser, talks to the page’s own origin with the token from this session', () => {
    const storage = { getItem: (key: string) => (key === TOKEN_STORAGE_KEY ? 'sbadm-typed' : null) };
    expect(detectConnection({ bridge: undefined, origin: 'http://ci-box:4000', storage })).toEqual({
      mode: 'browser',
      gatewayUrl: 'http://ci-box:4000',
      token: 'sbadm-typed',
    });
  });

  it('in a browser without a stored token, has none (the UI asks for it)', () => {
    expect(detectConnection({ bridge: undefined, origin: 'http://127.0.0.1:4000', storage: emptyStorage })).toMatchObject({
      mode: 'browser',
      token: null,
    });
  });
});
