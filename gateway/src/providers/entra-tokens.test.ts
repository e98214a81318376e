import { describe, expect, it } from 'vitest';
import { EntraTokens, type IssuedToken, type SignIn } from './entra-tokens';

const principal = { tenantId: 'tenant', clientId: 'client' };

/** A sign-in that hands out numbered tokens of `lifetimeSeconds`, or fails while `failing` is set. */
function fakeSignIn(lifetimeSeconds: number): SignIn & { calls: string[]; failing?: Error } {
  const calls: string[] = [];
  const signIn = (async (_provider: string, _principal: unknown, secret: string): Promise<IssuedToken> => {
    calls.push(secret);
    if (signIn.failing) throw signIn.failing;
    return { accessToken: `token-${calls.length}`, expiresInSeconds: lifetimeSeconds };
  }) as SignIn & { calls: string[]; failing?: Error };
  signIn.calls = calls;
  return signIn;
}

describe('EntraTokens', () => {
  it('shares one sign-in among the calls that come while it runs, and the token until five minutes before it expires', async () => {
    let now = 0;
    const signIn = fakeSignIn(3600);
    const tokens = new EntraTokens(signIn, () => now);
    const together = await Promise.all([tokens.token('az', principal, 's'), tokens.token('az', principal, 's')]);
    expect(together).toEqual(['token-1', 'token-1']);
    now = 54 * 60_000;
    expect(await tokens.token('az', principal, 's')).toBe('token-1');
    now = 55 * 60_000 + 1;
    expect(await tokens.token('az', principal, 's')).toBe('token-2');
    expect(signIn.calls).toEqual(['s', 's']);
  });

  it('signs in anew for a rotated secret, after forget, and after a failed sign-in', async () => {
    const signIn = fakeSignIn(3600);
    const tokens = new EntraTokens(signIn, () => 0);
    expect(await tokens.token('az', principal, 'old')).toBe('token-1');
    expect(await tokens.token('az', principal, 'new')).toBe('token-2');
    tokens.forget(principal);
    expect(await tokens.token('az', principal, 'new')).toBe('token-3');
    signIn.failing = new Error('AADSTS7000215');
    tokens.forget(principal);
    await expect(tokens.token('az', principal, 'new')).rejects.toThrow('AADSTS7000215');
    signIn.failing = undefined;
    expect(await tokens.token('az', principal, 'new')).toBe('token-5');
  });
});
