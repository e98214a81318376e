import { describe, expect, it } from 'vitest';
import { EMPTY_KEY_FORM, fromKey, keyFormErrors, keyStatus, toKeyInput, toKeyUpdate } from './key-form-model';

describe('gateway key form', () => {
  it('sends only what was filled, numbers as numbers', () => {
    const input = toKeyInput({ ...EMPTY_KEY_FORM, name: ' laptop ', rpm: '60', hourlyUsd: '2', monthlyUsd: '12.5', allowedRoutes: ['workhorse'] }, 0);
    expect(input).toEqual({ name: 'laptop', allowedRoutes: ['workhorse'], limits: { rpm: 60 }, budget: { hourlyUsd: 2, monthlyUsd: 12.5 } });
  });

  it('sends empty limits when they were cleared, so the key loses them', () => {
    const form = fromKey({ id: 'k', name: 'ci', prefix: 'sk-sb-ab', createdAt: 0, limits: { rpm: 5 } });
    expect(toKeyInput({ ...form, rpm: '' }, 0).limits).toEqual({});
  });

  it('clears removed fields with null when editing, and keeps the budget’s alert threshold', () => {
    const key = { id: 'k', name: 'ci', prefix: 'p', createdAt: 0, user: 'ana', limits: { rpm: 5 }, budget: { monthlyUsd: 10, alertAt: 0.5 } };
    expect(toKeyUpdate({ ...fromKey(key), user: '', rpm: '', monthlyUsd: '20' }, key)).toEqual({
      name: 'ci',
      user: null,
      team: null,
      allowedRoutes: null,
      limits: null,
      budget: { monthlyUsd: 20, alertAt: 0.5 },
    });
  });

  it('turns an expiry in days into a timestamp', () => {
    expect(toKeyInput({ ...EMPTY_KEY_FORM, name: 'x', expiresInDays: '30' }, 1_000).expiresAt).toBe(1_000 + 30 * 86_400_000);
  });

  it('refuses a missing name and non-positive limits', () => {
    expect(keyFormErrors({ ...EMPTY_KEY_FORM, rpm: '1.5', hourlyUsd: '0', dailyUsd: '-1' })).toEqual({
      name: 'Name the key after who or what uses it, e.g. “laptop” or “ci”',
      rpm: 'A whole number greater than 0',
      hourlyUsd: 'An amount in USD greater than 0',
      dailyUsd: 'An amount in USD greater than 0',
    });
  });

  it('tells revoked and expired keys apart', () => {
    const key = { id: 'k', name: 'n', prefix: 'p', createdAt: 0 };
    expect(keyStatus(key, 10)).toBe('active');
    expect(keyStatus({ ...key, expiresAt: 5 }, 10)).toBe('expired');
    expect(keyStatus({ ...key, revokedAt: 1, expiresAt: 5 }, 10)).toBe('revoked');
    // The gateway's own verdict wins when it sends one.
    expect(keyStatus({ ...key, status: 'expired' }, 0)).toBe('expired');
  });
});
