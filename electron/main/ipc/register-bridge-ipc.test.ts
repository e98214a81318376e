import { describe, expect, it } from 'vitest';
import { bridgeChannels, gatewayInfoChannel, type GatewayInfo } from '../../preload/bridge';
import { APP_ORIGIN } from '../app-origin';
import { FakeIpcMain, type FakeFrame } from '../testing/fake-ipc-main';
import { createBridgeHandlers } from './bridge-handlers';
import { registerBridgeIpc } from './register-bridge-ipc';

const appFrame: FakeFrame = { url: 'app://switchboard/index.html', parent: null };
const foreignFrame: FakeFrame = { url: 'https://evil.example/', parent: null };
const appIframe: FakeFrame = { url: 'app://switchboard/index.html', parent: appFrame };

function setUp(gateway: GatewayInfo = { state: 'running', url: 'http://127.0.0.1:4000', adminToken: 'sbadm-secret' }) {
  const opened: string[] = [];
  const revealed: string[] = [];
  const clipboard: string[] = [];
  let openPathError = '';
  const ipc = new FakeIpcMain();
  const unregister = registerBridgeIpc(ipc.asIpcMain(), {
    appOrigin: APP_ORIGIN,
    gatewayInfo: () => gateway,
    handlers: createBridgeHandlers({
      dataDir: '/home/me/.config/Switchboard/gateway',
      shell: {
        openExternal: async (url) => void opened.push(url),
        openPath: async (path) => {
          revealed.push(path);
          return openPathError;
        },
      },
      clipboard: { writeText: (text) => void clipboard.push(text) },
    }),
  });
  return { ipc, opened, revealed, clipboard, unregister, failOpenPath: (message: string) => (openPathError = message) };
}

describe('bridge IPC from the app window', () => {
  it('opens an https link in the browser', async () => {
    const { ipc, opened } = setUp();
    await ipc.invoke(appFrame, bridgeChannels.openExternal, 'https://platform.openai.com/api-keys');
    expect(opened).toEqual(['https://platform.openai.com/api-keys']);
  });

  it('copies text and reveals the data folder', async () => {
    const { ipc, clipboard, revealed } = setUp();
    await ipc.invoke(appFrame, bridgeChannels.copyText, 'export OPENAI_BASE_URL=http://127.0.0.1:4000/v1');
    await ipc.invoke(appFrame, bridgeChannels.revealDataDir);
    expect(clipboard).toEqual(['export OPENAI_BASE_URL=http://127.0.0.1:4000/v1']);
    expect(revealed).toEqual(['/home/me/.config/Switchboard/gateway']);
  });

  it('reports a data folder that cannot be opened', async () => {
    const { ipc, failOpenPath } = setUp();
    failOpenPath('No application is registered');
    await expect(ipc.invoke(appFrame, bridgeChannels.revealDataDir)).rejects.toThrow(/Could not open the data folder/);
  });

  it('hands the preload the gateway URL and admin token', () => {
    const { ipc } = setUp();
    expect(ipc.sendSync(appFrame, gatewayInfoChannel)).toEqual({
      state: 'running',
      url: 'http://127.0.0.1:4000',
      adminToken: 'sbadm-secret',
    });
  });

  it('hands over a startup failure as is', () => {
    const { ipc } = setUp({ state: 'failed', message: 'The gateway could not start: port 4000 in use' });
    expect(ipc.sendSync(appFrame, gatewayInfoChannel)).toEqual({
      state: 'failed',
      message: 'The gateway could not start: port 4000 in use',
    });
  });
});

describe('bridge IPC from anything else', () => {
  for (const [label, frame] of [
    ['a foreign page', foreignFrame],
    ['an iframe inside the app', appIframe],
    ['a frame that is gone', null],
  ] as const) {
    it(`refuses ${label}`, async () => {
      const { ipc, opened, clipboard } = setUp();
      await expect(ipc.invoke(frame, bridgeChannels.openExternal, 'https://example.com/')).rejects.toThrow(/untrusted sender/);
      await expect(ipc.invoke(frame, bridgeChannels.copyText, 'x')).rejects.toThrow(/untrusted sender/);
      expect(opened).toEqual([]);
      expect(clipboard).toEqual([]);
    });

    it(`never gives ${label} the admin token`, () => {
      const { ipc } = setUp();
      const reply = ipc.sendSync(frame, gatewayInfoChannel);
      expect(reply).toMatchObject({ state: 'failed' });
      expect(JSON.stringify(reply)).not.toContain('sbadm-secret');
    });
  }

  it('accepts the dev server only when that is the app origin', async () => {
    const { ipc, opened } = setUp();
    const devFrame = { url: 'http://localhost:5173/', parent: null };
    await expect(ipc.invoke(devFrame, bridgeChannels.openExternal, 'https://example.com/')).rejects.toThrow();
    expect(opened).toEqual([]);
  });
});

describe('bridge IPC argument validation', () => {
  it('refuses URLs that are not http(s)', async () => {
    const { ipc, opened } = setUp();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'notaurl']) {
      await expect(ipc.invoke(appFrame, bridgeChannels.openExternal, url), url).rejects.toThrow(/invalid arguments/);
    }
    expect(opened).toEqual([]);
  });

  it('refuses wrong types, missing and extra arguments', async () => {
    const { ipc, opened, clipboard, revealed } = setUp();
    await expect(ipc.invoke(appFrame, bridgeChannels.openExternal, { href: 'https://x.y' })).rejects.toThrow(/invalid arguments/);
    await expect(ipc.invoke(appFrame, bridgeChannels.openExternal)).rejects.toThrow(/invalid arguments/);
    await expect(ipc.invoke(appFrame, bridgeChannels.copyText, 42)).rejects.toThrow(/invalid arguments/);
    await expect(ipc.invoke(appFrame, bridgeChannels.revealDataDir, '/etc')).rejects.toThrow(/invalid arguments/);
    expect([opened, clipboard, revealed]).toEqual([[], [], []]);
  });

  it('refuses oversized text', async () => {
    const { ipc, clipboard } = setUp();
    await expect(ipc.invoke(appFrame, bridgeChannels.copyText, 'x'.repeat(1_000_001))).rejects.toThrow(/invalid arguments/);
    expect(clipboard).toEqual([]);
  });
});

describe('registerBridgeIpc', () => {
  it('registers one channel per bridge method plus the gateway query, and removes them all', () => {
    const { ipc, unregister } = setUp();
    expect(ipc.channels().sort()).toEqual([...Object.values(bridgeChannels), gatewayInfoChannel].sort());
    unregister();
    expect(ipc.channels()).toEqual([]);
  });
});
