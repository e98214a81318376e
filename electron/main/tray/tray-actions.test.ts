import { describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../gateway/gateway-status';
import { createTrayActions } from './tray-actions';

function setUp({ url }: { url: string | undefined } = { url: 'http://127.0.0.1:4001' }) {
  const done: string[] = [];
  let loginEnabled = false;
  const stopped: GatewayStatus = { state: 'stopped' };
  const act = createTrayActions({
    host: {
      pause: async () => (done.push('pause'), stopped),
      resume: async () => (done.push('resume'), stopped),
      restart: async () => (done.push('restart'), stopped),
      url: () => url,
    },
    loginItem: {
      supported: true,
      isEnabled: () => loginEnabled,
      setEnabled: async (on) => void (loginEnabled = on, done.push(`login ${on}`)),
    },
    openWindow: () => done.push('open'),
    copyText: (text) => done.push(`copy ${text}`),
    quit: () => done.push('quit'),
    refresh: () => done.push('refresh'),
    log: (line) => done.push(line),
  });
  return { act, done };
}

describe('tray actions', () => {
  it('open, pause, resume, restart and quit go to the window, the gateway and the app', () => {
    const { act, done } = setUp();
    for (const id of ['open', 'pause', 'resume', 'restart', 'quit'] as const) act(id);
    expect(done).toEqual(['open', 'pause', 'resume', 'restart', 'quit']);
  });

  it('copies the gateway URL, and nothing when there is none', () => {
    const running = setUp();
    running.act('copy-url');
    expect(running.done).toEqual(['copy http://127.0.0.1:4001']);
    const failed = setUp({ url: undefined });
    failed.act('copy-url');
    expect(failed.done).toEqual([]);
  });

  it('toggles start at login and refreshes the menu to show it', async () => {
    const { act, done } = setUp();
    act('toggle-start-at-login');
    await new Promise((resolve) => setTimeout(resolve, 0));
    act('toggle-start-at-login');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(done).toEqual(['login true', 'refresh', 'login false', 'refresh']);
  });
});
