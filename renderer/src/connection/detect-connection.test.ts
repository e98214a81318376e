import { describe, expect, it } from 'vitest';
import type { SwitchboardBridge } from '../../../electron/preload/bridge';
import { detectConnection, TOKEN_STORAGE_KEY } from './detect-connection';

function bridgeWith(gateway: SwitchboardBridge['gateway']): SwitchboardBridge {
  return { gateway, openExternal: async () => undefined, revealDataDir: async () => undefined, copyText: async () => undefined, onGatewayInfo: () => () => undefined };
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

  it('keeps talking to a paused desktop gateway, with the shell’s message', () => {
    const bridge = bridgeWith({ state: 'paused', url: 'http://127.0.0.1:4000', adminToken: 't', message: 'Paused from the tray' });
    expect(detectConnection({ bridge, origin: 'app://switchboard', storage: emptyStorage })).toEqual({
      mode: 'desktop',
      gatewayUrl: 'http://127.0.0.1:4000',
      token: 't',
      notice: 'Paused from the tray',
    });
  });

  it('shows a gateway that is still starting as not running yet, with the shell’s message', () => {
    const bridge = bridgeWith({ state: 'starting', message: 'Starting the gateway…' });
    expect(detectConnection({ bridge, origin: 'app://switchboard', storage: emptyStorage })).toEqual({ mode: 'desktop-failed', message: 'Starting the gateway…' });
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
