import { describe, expect, it } from 'vitest';
import { parseGatewayInfo } from './parse-gateway-info';

describe('parseGatewayInfo', () => {
  it('reads every state main sends', () => {
    for (const info of [
      { state: 'running', url: 'http://127.0.0.1:4000', adminToken: 'sbadm-1' },
      { state: 'paused', url: 'http://127.0.0.1:4000', adminToken: 'sbadm-1', message: 'paused' },
      { state: 'starting', message: 'starting' },
      { state: 'failed', message: 'port in use' },
    ]) {
      expect(parseGatewayInfo(info)).toEqual(info);
    }
  });

  it('passes on only the known fields', () => {
    expect(parseGatewayInfo({ state: 'failed', message: 'x', stack: 'at main.js:1' })).toEqual({ state: 'failed', message: 'x' });
  });

  it('refuses anything incomplete or unknown', () => {
    for (const value of [null, 'running', { state: 'running', url: 'http://x' }, { state: 'paused', url: 'u', adminToken: 't' }, { state: 'failed' }, { state: 'exploded', message: 'x' }]) {
      expect(parseGatewayInfo(value)).toBeUndefined();
    }
  });
});
