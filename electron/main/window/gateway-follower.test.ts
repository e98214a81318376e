import { describe, expect, it } from 'vitest';
import { bridgeEventChannels, type GatewayInfo } from '../../preload/bridge';
import { APP_ORIGIN } from '../app-origin';
import { createGatewayFollower, planWindowUpdate } from './gateway-follower';

const running: GatewayInfo = { state: 'running', url: 'http://127.0.0.1:4000', adminToken: 'sbadm-t' };
const paused: GatewayInfo = { state: 'paused', url: 'http://127.0.0.1:4000', adminToken: 'sbadm-t', message: 'paused' };
const crashed: GatewayInfo = { state: 'failed', message: 'restarting in 1 s' };
const moved: GatewayInfo = { state: 'running', url: 'http://127.0.0.1:4001', adminToken: 'sbadm-t' };

describe('planWindowUpdate', () => {
  it('pushes changes that keep the gateway’s URL', () => {
    expect(planWindowUpdate(running, paused)).toBe('push');
    expect(planWindowUpdate(paused, running)).toBe('push');
    expect(planWindowUpdate(running, crashed)).toBe('push');
  });

  it('reloads when the gateway comes back on another port, or after a failed start', () => {
    expect(planWindowUpdate(running, moved)).toBe('reload');
    expect(planWindowUpdate({ state: 'failed', message: 'port in use' }, running)).toBe('reload');
    expect(planWindowUpdate({ state: 'starting', message: '…' }, running)).toBe('reload');
  });

  it('does nothing when nothing changed or the page has not asked yet', () => {
    expect(planWindowUpdate(running, { ...running })).toBe('none');
    expect(planWindowUpdate(undefined, moved)).toBe('none');
  });
});

function fakeContents(url = 'app://switchboard/index.html') {
  const sent: Array<[string, unknown]> = [];
  let reloads = 0;
  const contents = {
    url,
    destroyed: false,
    getURL: () => contents.url,
    isDestroyed: () => contents.destroyed,
    send: (channel: string, payload: unknown) => void sent.push([channel, payload]),
    reload: () => void (reloads += 1),
  };
  return { contents, sent, reloads: () => reloads };
}

describe('gateway follower', () => {
  it('pushes a pause to the page, and reloads it when the gateway moved after a crash', () => {
    const { contents, sent, reloads } = fakeContents();
    const follower = createGatewayFollower(contents, APP_ORIGIN);
    follower.served(running);
    follower.update(paused);
    follower.update(crashed);
    expect(sent).toEqual([
      [bridgeEventChannels.gatewayInfo, paused],
      [bridgeEventChannels.gatewayInfo, crashed],
    ]);
    follower.update(moved);
    expect(reloads()).toBe(1);
    // The reloaded page has not asked yet: no second reload, no push.
    follower.update(moved);
    expect(reloads()).toBe(1);
    expect(sent).toHaveLength(2);
  });

  it('never sends gateway info to a window showing another origin', () => {
    const { contents, sent } = fakeContents('https://evil.example/');
    const follower = createGatewayFollower(contents, APP_ORIGIN);
    follower.served(running);
    follower.update(paused);
    expect(sent).toEqual([]);
  });

  it('leaves a closed window alone', () => {
    const { contents, sent, reloads } = fakeContents();
    const follower = createGatewayFollower(contents, APP_ORIGIN);
    follower.served(running);
    contents.destroyed = true;
    expect(follower.update(moved)).toBe('none');
    expect([sent.length, reloads()]).toEqual([0, 0]);
  });
});
