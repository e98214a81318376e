import { describe, expect, it } from 'vitest';
import { buildAppContentSecurityPolicy, loopbackOrigin } from './content-security-policy';

function directive(policy: string, name: string): string | undefined {
  return policy
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `))
    ?.slice(name.length + 1);
}

describe('app:// content security policy', () => {
  it('lets the page connect to the running gateway and nowhere else', () => {
    const policy = buildAppContentSecurityPolicy('http://127.0.0.1:4123');
    expect(directive(policy, 'connect-src')).toBe('http://127.0.0.1:4123');
  });

  it('allows no connections while the gateway is not running', () => {
    expect(directive(buildAppContentSecurityPolicy(undefined), 'connect-src')).toBe("'none'");
  });

  it('refuses to widen connect-src to a host that is not loopback', () => {
    expect(directive(buildAppContentSecurityPolicy('http://192.168.1.20:4000'), 'connect-src')).toBe("'none'");
    expect(directive(buildAppContentSecurityPolicy('http://[::1]:4000'), 'connect-src')).toBe("'none'");
    expect(directive(buildAppContentSecurityPolicy('ws://127.0.0.1:4000'), 'connect-src')).toBe("'none'");
  });

  it('runs only the app’s own scripts and blocks plugins, framing and base rewriting', () => {
    const policy = buildAppContentSecurityPolicy('http://127.0.0.1:4000');
    expect(directive(policy, 'script-src')).toBe("'self'");
    expect(directive(policy, 'object-src')).toBe("'none'");
    expect(directive(policy, 'frame-ancestors')).toBe("'none'");
    expect(directive(policy, 'base-uri')).toBe("'none'");
  });
});

describe('loopbackOrigin', () => {
  it('keeps loopback origins, port included, and drops paths', () => {
    expect(loopbackOrigin('http://localhost:4000/admin')).toBe('http://localhost:4000');
    expect(loopbackOrigin('http://127.0.0.2:80')).toBe('http://127.0.0.2');
    expect(loopbackOrigin('garbage')).toBeUndefined();
  });
});
