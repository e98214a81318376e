import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { MasterKeyAuthenticator, presentedDigest, presentedToken } from './auth';

const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

describe('presentedDigest', () => {
  it('is the SHA-256 of the token, the same object for a token seen recently', () => {
    const digest = presentedDigest('sk-sb-one');
    expect(digest.hex).toBe(sha256Hex('sk-sb-one'));
    expect(digest.bytes.toString('hex')).toBe(digest.hex);
    expect(presentedDigest('sk-sb-one')).toBe(digest);
  });

  it('stays right for every token once more distinct tokens than it remembers have passed', () => {
    const tokens = Array.from({ length: 300 }, (_, i) => `sk-sb-token-${i}`);
    for (const token of tokens) presentedDigest(token);
    for (const token of [...tokens].reverse()) expect(presentedDigest(token).hex).toBe(sha256Hex(token));
  });
});

describe('MasterKeyAuthenticator', () => {
  const auth = new MasterKeyAuthenticator('sk-sb-master-secret');

  it('accepts the master key, repeatedly, and nothing else', () => {
    expect(auth.authenticate('sk-sb-master-secret')).toEqual({ id: 'master', name: 'master key' });
    expect(auth.authenticate('sk-sb-master-secret')).toEqual({ id: 'master', name: 'master key' });
    expect(auth.authenticate('sk-sb-master-secreT')).toBeUndefined();
    expect(auth.authenticate('')).toBeUndefined();
  });
});

describe('presentedToken', () => {
  const req = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

  it('reads Bearer, x-api-key and api-key, Bearer first', () => {
    expect(presentedToken(req({ authorization: 'Bearer sk-a' }))).toBe('sk-a');
    expect(presentedToken(req({ authorization: 'bearer  sk-a ' }))).toBe('sk-a');
    expect(presentedToken(req({ authorization: 'Bearer \u00a0sk-a\t' }))).toBe('sk-a');
    expect(presentedToken(req({ authorization: ' Bearer sk a' }))).toBe('sk a');
    expect(presentedToken(req({ authorization: 'Bearer ' }))).toBeUndefined();
    expect(presentedToken(req({ 'x-api-key': 'sk-b' }))).toBe('sk-b');
    expect(presentedToken(req({ 'api-key': 'sk-c' }))).toBe('sk-c');
    expect(presentedToken(req({ authorization: 'Bearer sk-a', 'x-api-key': 'sk-b' }))).toBe('sk-a');
    expect(presentedToken(req({}))).toBeUndefined();
  });
});
