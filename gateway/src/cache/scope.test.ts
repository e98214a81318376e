import { describe, expect, it } from 'vitest';
import { scopeFor } from './scope';

describe('scopeFor', () => {
  it('global is one scope for everyone', () => {
    expect(scopeFor('global', { keyId: 'k1', user: 'alice' })).toBe('global');
    expect(scopeFor('global', { keyId: null })).toBe('global');
  });

  it('key scopes by gateway key, and without auth everyone is the same anonymous caller', () => {
    expect(scopeFor('key', { keyId: 'k1', user: 'alice' })).toBe('key:k1');
    expect(scopeFor('key', { keyId: 'k2' })).toBe('key:k2');
    expect(scopeFor('key', { keyId: null })).toBe('anonymous');
  });

  it("user scopes by the key's owner, shared across that owner's keys", () => {
    expect(scopeFor('user', { keyId: 'k1', keyUser: 'alice' })).toBe('user:alice');
    expect(scopeFor('user', { keyId: 'k2', keyUser: 'alice' })).toBe('user:alice');
    expect(scopeFor('user', { keyId: 'k3', keyUser: 'bob' })).not.toBe('user:alice');
  });

  it('subdivides by the end user a request names, but only within its key or owner', () => {
    expect(scopeFor('user', { keyId: 'k1', user: 'bob' })).toBe('key:k1/end-user:bob');
    expect(scopeFor('user', { keyId: 'k2', user: 'bob' })).toBe('key:k2/end-user:bob');
    expect(scopeFor('user', { keyId: 'k1', keyUser: 'alice', user: 'bob' })).toBe('user:alice/end-user:bob');
  });

  it('falls back to the key scope — never global — when there is no user at all', () => {
    expect(scopeFor('user', { keyId: 'k1' })).toBe('key:k1');
    expect(scopeFor('user', { keyId: 'k1', user: '', keyUser: '' })).toBe('key:k1');
    expect(scopeFor('user', { keyId: null })).toBe('anonymous');
  });

  it('encodes ids so one cannot imitate another scope', () => {
    expect(scopeFor('user', { keyId: 'k1', user: 'x/end-user:y' })).toBe('key:k1/end-user:x%2Fend-user%3Ay');
    expect(scopeFor('user', { keyId: 'k1', keyUser: 'a/end-user:b' })).not.toBe(scopeFor('user', { keyId: 'k1', keyUser: 'a', user: 'b' }));
  });
});
