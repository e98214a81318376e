import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { EntraTokens, type IssuedToken, type SignIn } from './entra-tokens';

const principal = { tenantId: 'tenant', clientId: 'client' };
const MINUTE = 60_000;

/** A sign-in that hands out numbered tokens of `lifetimeSeconds`, or fails with `failing` while it is set. */
function fakeSignIn(lifetimeSeconds: number): SignIn & { calls: string[]; failing?: Error } {
  const signIn = (async (_provider: string, _principal: unknown, secret: string): Promise<IssuedToken> => {
    signIn.calls.push(secret);
    if (signIn.failing) throw signIn.failing;
    return { accessToken: `token-${signIn.calls.length}`, expiresInSeconds: lifetimeSeconds };
  }) as SignIn & { calls: string[]; failing?: Error };
  signIn.calls = [];
  return signIn;
}

const refused = (): GatewayError => new GatewayError('unavailable', 'AADSTS7000215: Invalid client secret provided', { code: 'credential_unavailable', retryable: false });

describe('EntraTokens', () => {
  it('shares one sign-in among the calls that find no token, and the token while it is fresh', async () => {
    let now = 0;
    const signIn = fakeSignIn(3600);
    const tokens = new EntraTokens(signIn, () => now);
    expect(await Promise.all([tokens.token('az', principal, 's'), tokens.token('az', principal, 's')])).toEqual(['token-1', 'token-1']);
    now = 54 * MINUTE;
    expect(await tokens.token('az', principal, 's')).toBe('token-1');
    expect(signIn.calls).toHaveLength(1);
  });

  it('in its last five minutes still hands out the token while one sign-in replaces it, and keeps it if that fails', async () => {
    let now = 0;
    const signIn = fakeSignIn(3600);
    const tokens = new EntraTokens(signIn, () => now);
    await tokens.token('az', principal, 's');
    now = 56 * MINUTE;
    signIn.failing = new Error('Entra unreachable');
    expect(await tokens.token('az', principal, 's')).toBe('token-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await tokens.token('az', principal, 's')).toBe('token-1');
    signIn.failing = undefined;
    expect(await tokens.token('az', principal, 's')).toBe('token-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await tokens.token('az', principal, 's')).toBe('token-4');
    // Expired with no replacement: the next call waits for a sign-in.
    now = 200 * MINUTE;
    expect(await tokens.token('az', principal, 's')).toBe('token-5');
  });

  it('does not ask again for a refused secret while the old token still serves its last minutes', async () => {
    let now = 0;
    const signIn = fakeSignIn(3600);
    const tokens = new EntraTokens(signIn, () => now);
    await tokens.token('az', principal, 's');
    now = 56 * MINUTE;
    signIn.failing = refused();
    for (let i = 0; i < 5; i += 1) {
      expect(await tokens.token('az', principal, 's')).toBe('token-1');
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(signIn.calls).toHaveLength(2);
  });

  it('answers a refused secret from memory for a while, but signs in anew for a rotated secret', async () => {
    let now = 0;
    const signIn = fakeSignIn(3600);
    const tokens = new EntraTokens(signIn, () => now);
    signIn.failing = refused();
    await expect(tokens.token('az', principal, 'old')).rejects.toThrow('AADSTS7000215');
    await expect(tokens.token('az', principal, 'old')).rejects.toThrow('AADSTS7000215');
    expect(signIn.calls).toEqual(['old']);
    signIn.failing = undefined;
    expect(await tokens.token('az', principal, 'new')).toBe('token-2');
    now = 31_000;
    expect(await tokens.token('az', principal, 'old')).toBe('token-3');
  });

  it('forgets a token Azure refused only once it is a minute old, and never signs in to name the tokens it holds', async () => {
    let now = 0;
    const signIn = fakeSignIn(3600);
    const tokens = new EntraTokens(signIn, () => now);
    await tokens.token('az', principal, 's');
    tokens.forget(principal);
    expect(await tokens.token('az', principal, 's')).toBe('token-1');
    now = 2 * MINUTE;
    tokens.forget(principal);
    expect(tokens.tokensOf(principal)).toEqual([]);
    expect(await tokens.token('az', principal, 's')).toBe('token-2');
    expect(tokens.tokensOf(principal)).toEqual(['token-2']);
    expect(tokens.tokensOf({ tenantId: 'other', clientId: 'client' })).toEqual([]);
  });
});
