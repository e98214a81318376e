import { describe, expect, it } from 'vitest';
import { resolveServeSettings } from './serve';

describe('resolveServeSettings', () => {
  it('takes a port as decimal digits only: an empty or odd value is refused, never "any free port"', () => {
    expect(resolveServeSettings(['--port', '4100'], {}).port).toBe(4100);
    expect(resolveServeSettings([], { SWITCHBOARD_PORT: '0' }).port).toBe(0);
    expect(resolveServeSettings([], {}).port).toBeUndefined();
    // `SWITCHBOARD_PORT=` in docker-compose or a systemd unit is an empty string.
    for (const value of ['', ' ', '0x10', '4e3', '40.5', '-1', '65536']) {
      expect(() => resolveServeSettings([], { SWITCHBOARD_PORT: value }), value).toThrow(`invalid port "${value}"`);
      expect(() => resolveServeSettings([`--port=${value}`], {}), value).toThrow(`invalid port "${value}"`);
    }
  });

  it('refuses an empty host, which would listen on every interface', () => {
    expect(() => resolveServeSettings([], { SWITCHBOARD_HOST: '' })).toThrow(/invalid host/);
    expect(() => resolveServeSettings(['--host', ' '], {})).toThrow(/invalid host/);
    expect(resolveServeSettings([], { SWITCHBOARD_HOST: '::1' }).host).toBe('::1');
    expect(resolveServeSettings([], {}).host).toBeUndefined();
  });
});
