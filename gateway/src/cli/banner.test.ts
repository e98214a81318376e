import { describe, expect, it } from 'vitest';
import { startupBanner } from './banner';

const base = {
  url: 'http://127.0.0.1:4000',
  apiKey: 'sk-sb-Zq3x-9fKp2Lm8Rt5Vw1Yb4Nc7Hd0Jg6',
  adminToken: 'sbadm-Qe8Tu2Io5Pa1Sd4Fg7Hj0Kl3Zx6Cv9Bn',
  configPath: '/home/me/.switchboard/config.yaml',
  dataDir: '/home/me/.switchboard',
  secretsBackend: 'keychain',
  env: {},
};

describe('startupBanner', () => {
  it('shows the key and token whole to someone at a terminal', () => {
    const text = startupBanner({ ...base, interactive: true });
    expect(text).toContain('listening on http://127.0.0.1:4000');
    expect(text).toContain(`Gateway key:        ${base.apiKey}`);
    expect(text).toContain(`Admin token:        ${base.adminToken}`);
  });

  it('masks them when stdout is a log (systemd, Docker, CI) and says which file holds them', () => {
    const text = startupBanner({ ...base, interactive: false });
    expect(text).not.toContain(base.apiKey);
    expect(text).not.toContain(base.adminToken);
    expect(text).toContain('Gateway key:        sk-sb-…0Jg6 (whole value in /home/me/.switchboard/gateway-key)');
    expect(text).toContain('Admin token:        sbadm-…v9Bn (whole value in /home/me/.switchboard/admin-token)');
  });

  it('never prints a value that came from the environment', () => {
    const text = startupBanner({ ...base, interactive: true, env: { SWITCHBOARD_API_KEY: base.apiKey, SWITCHBOARD_ADMIN_TOKEN: base.adminToken } });
    expect(text).not.toContain(base.apiKey);
    expect(text).toContain('Gateway key:        (from SWITCHBOARD_API_KEY)');
    expect(text).toContain('Admin token:        (from SWITCHBOARD_ADMIN_TOKEN)');
  });
});
