import { describe, expect, it } from 'vitest';
import { formatResetDuration, rateLimitHeaders } from './ratelimit-headers';

describe('formatResetDuration', () => {
  it.each([
    [0, '0s'],
    [-5, '0s'],
    [120, '120ms'],
    [0.2, '1ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [1005, '1.005s'],
    [1050, '1.05s'],
    [1000.2, '1.001s'],
    [8640, '8.64s'],
    [59_999, '59.999s'],
    [60_000, '1m0s'],
    [360_000, '6m0s'],
    [61_500, '1m1.5s'],
    [3_723_000, '1h2m3s'],
    [7_200_000, '2h0m0s'],
    [3_600_001, '1h0m0.001s'],
    [3_599_999, '59m59.999s'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatResetDuration(ms)).toBe(text);
  });
});

describe('rateLimitHeaders', () => {
  it('writes the six OpenAI headers when both limits apply', () => {
    expect(
      rateLimitHeaders({
        requests: { limit: 60, remaining: 59, resetMs: 1000 },
        tokens: { limit: 150_000, remaining: 149_984, resetMs: 360_000 },
      }),
    ).toEqual({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '59',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-limit-tokens': '150000',
      'x-ratelimit-remaining-tokens': '149984',
      'x-ratelimit-reset-tokens': '6m0s',
    });
  });

  it('writes only the limits that apply, never a negative remainder', () => {
    expect(rateLimitHeaders({ tokens: { limit: 1000, remaining: -200, resetMs: 30_000 } })).toEqual({
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '30s',
    });
    expect(rateLimitHeaders({})).toEqual({});
  });
});
