import { describe, expect, it } from 'vitest';
import { gatewayUrlOf, toGatewayInfo } from './gateway-status';

describe('what the window is told', () => {
  const at = { url: 'http://127.0.0.1:4001', port: 4001, adminToken: 'sbadm-t' };

  it('hands over URL and token while the gateway holds its port', () => {
    expect(toGatewayInfo({ state: 'running', ...at })).toEqual({ state: 'running', url: at.url, adminToken: 'sbadm-t' });
    expect(toGatewayInfo({ state: 'paused', ...at })).toMatchObject({ state: 'paused', url: at.url, adminToken: 'sbadm-t' });
    expect(gatewayUrlOf({ state: 'paused', ...at })).toBe(at.url);
  });

  it('gives every other state a message to show and no URL', () => {
    expect(toGatewayInfo({ state: 'starting' })).toEqual({ state: 'starting', message: 'The gateway is starting…' });
    expect(toGatewayInfo({ state: 'failed', message: 'port in use', retrying: true })).toEqual({ state: 'failed', message: 'port in use' });
    expect(toGatewayInfo({ state: 'stopped' })).toEqual({ state: 'failed', message: 'The gateway has stopped.' });
    expect(gatewayUrlOf({ state: 'failed', message: 'x', retrying: false })).toBeUndefined();
  });
});
