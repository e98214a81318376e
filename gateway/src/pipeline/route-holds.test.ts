import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from '../limits/memory-counter-store';
import { RateLimiter } from '../limits/rate-limiter';
import type { Candidate } from '../routing/types';
import type { RequestContext } from './context';
import { RouteHolds } from './route-holds';

const now = (): number => Date.UTC(2026, 2, 1, 9, 0, 0);
const limiter = (): RateLimiter => new RateLimiter(new MemoryCounterStore({ now }), { now });
/** What onResponseClose reads of a request context. */
const ctx = (): RequestContext => ({ close: { closed: false, callback: undefined } }) as unknown as RequestContext;
/** A candidate of `outer` that comes through the branch route `spare`. */
const viaSpare = { routes: ['outer', 'spare'] } as unknown as Candidate;

describe('RouteHolds.headers', () => {
  it('reports, for requests and for tokens, the tightest of the admission and the serving branch route', async () => {
    const rates = limiter();
    const upFront = await rates.admit({ subjects: [{ kind: 'key', id: 'k', limits: { rpm: 100, tpm: 1000 } }], estimatedTokens: 990 });
    const holds = new RouteHolds(rates, ctx(), { spare: { limits: { rpm: 5, tpm: 5000 } } }, ['outer'], 990, 990);
    // Nothing held yet: the admission's own headers tell it all.
    expect(holds.headers(upFront)).toBeUndefined();
    await holds.wrap(async () => 'answer')(viaSpare, undefined as never);
    // Requests: the branch's 4 of 5 left; tokens: the key's 10 of 1000 left.
    expect(holds.headers(upFront)).toMatchObject({
      'x-ratelimit-limit-requests': '5',
      'x-ratelimit-remaining-requests': '4',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '10',
    });
  });

  it('forgets a branch route whose attempt failed', async () => {
    const rates = limiter();
    const holds = new RouteHolds(rates, ctx(), { spare: { limits: { rpm: 5 } } }, ['outer'], 10, 10);
    await expect(holds.wrap(async () => Promise.reject(new Error('503')))(viaSpare, undefined as never)).rejects.toThrow('503');
    expect(holds.headers(undefined)).toBeUndefined();
  });
});
