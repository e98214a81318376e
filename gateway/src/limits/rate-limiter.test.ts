import { beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import type { LimitSubject } from './limit-types';
import { MemoryCounterStore } from './memory-counter-store';
import { RateLimiter } from './rate-limiter';

let time: number;
let limiter: RateLimiter;

beforeEach(() => {
  time = Date.UTC(2026, 2, 1, 9, 0, 0);
  const now = (): number => time;
  limiter = new RateLimiter(new MemoryCounterStore({ now }), { now });
});

const key = (limits: LimitSubject['limits']): LimitSubject => ({ kind: 'key', id: 'key_ci', label: 'ci-bot', limits });
const route = (limits: LimitSubject['limits']): LimitSubject => ({ kind: 'route', id: 'workhorse', limits });

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  return error;
}

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('RateLimiter', () => {
  it('admits exactly 50 of 200 parallel requests against rpm 50, refusing the rest with 429', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 200 }, () => limiter.admit({ subjects: [key({ rpm: 50 })], estimatedTokens: 10 })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(50);
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as GatewayError] : []));
    expect(refused).toHaveLength(150);
    expect(refused.every((error) => error.status === 429 && error.code === 'rate_limit_exceeded')).toBe(true);
  });

  it('never has more than 8 requests in flight under 200 parallel callers with concurrent: 8', async () => {
    let inFlight = 0;
    let peak = 0;
    let refusals = 0;
    const call = async (): Promise<void> => {
      for (;;) {
        try {
          const admission = await limiter.admit({ subjects: [key({ concurrent: 8 })], estimatedTokens: 0 });
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          try {
            await tick(Math.random() * 3);
          } finally {
            inFlight -= 1;
            await admission.release();
          }
          return;
        } catch (error) {
          if (!(error instanceof GatewayError) || error.status !== 429) throw error;
          refusals += 1;
          await tick(1);
        }
      }
    };
    await Promise.all(Array.from({ length: 200 }, call));
    expect(peak).toBe(8);
    expect(refusals).toBeGreaterThan(0);
    // Every slot came back: 8 fresh requests fit at once again.
    const again = await Promise.allSettled(Array.from({ length: 9 }, () => limiter.admit({ subjects: [key({ concurrent: 8 })], estimatedTokens: 0 })));
    expect(again.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(8);
  });

  it('frees a concurrency slot once however often release is called', async () => {
    const subjects = [key({ concurrent: 1 })];
    const first = await limiter.admit({ subjects, estimatedTokens: 0 });
    await first.release();
    await first.release();
    await limiter.admit({ subjects, estimatedTokens: 0 });
    const error = await refusal(limiter.admit({ subjects, estimatedTokens: 0 }));
    expect(error.message).toBe("Too many requests in flight for key 'ci-bot': the limit is 1 at a time. Try again when one finishes.");
    expect(error.retryAfterSeconds).toBe(1);
  });

  it('names the limit that refused, with Retry-After and OpenAI-style headers', async () => {
    await limiter.admit({ subjects: [key({ rpm: 2 })], estimatedTokens: 0 });
    time += 15_000;
    await limiter.admit({ subjects: [key({ rpm: 2 })], estimatedTokens: 0 });
    time += 15_000;
    const error = await refusal(limiter.admit({ subjects: [key({ rpm: 2 })], estimatedTokens: 0 }));
    expect(error).toMatchObject({ status: 429, kind: 'rate_limit', retryable: true });
    // The first request leaves the window a minute (plus at most one 1 s slice) after it came.
    expect(error.retryAfterSeconds).toBe(31);
    expect(error.message).toBe("Rate limit reached for key 'ci-bot' on requests per minute (RPM): limit 2, used 2, requested 1. Please try again in 31s.");
    expect(error.headers).toEqual({
      'x-ratelimit-limit-requests': '2',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '46s',
    });
  });

  describe('a refusal reports the state of every limit that applies', () => {
    it('an RPM refusal carries the tightest TPM too, from its own subject and those it never reached', async () => {
      const subjects = [key({ rpm: 1, tpm: 1000 }), route({ tpm: 5000 })];
      await limiter.admit({ subjects, estimatedTokens: 10 });
      const error = await refusal(limiter.admit({ subjects, estimatedTokens: 10 }));
      expect(error.message).toContain("for key 'ci-bot' on requests per minute (RPM)");
      expect(error.headers).toEqual({
        'x-ratelimit-limit-requests': '1',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '1m1s',
        'x-ratelimit-limit-tokens': '1000',
        'x-ratelimit-remaining-tokens': '990',
        'x-ratelimit-reset-tokens': '1m1s',
      });
    });

    it('a TPM refusal carries the tightest RPM, not counting the refused request', async () => {
      const subjects = [key({ rpm: 10, tpm: 1000 }), route({ rpm: 3 })];
      await limiter.admit({ subjects, estimatedTokens: 600 });
      const error = await refusal(limiter.admit({ subjects, estimatedTokens: 600 }));
      expect(error.message).toContain('on tokens per minute (TPM)');
      expect(error.headers).toEqual({
        'x-ratelimit-limit-requests': '3',
        'x-ratelimit-remaining-requests': '2',
        'x-ratelimit-reset-requests': '1m1s',
        'x-ratelimit-limit-tokens': '1000',
        'x-ratelimit-remaining-tokens': '400',
        'x-ratelimit-reset-tokens': '1m1s',
      });
    });

    it('a concurrency refusal carries the RPM and TPM windows, and a request too large the RPM one', async () => {
      const subjects = [key({ concurrent: 1, rpm: 5 })];
      await limiter.admit({ subjects, estimatedTokens: 0 });
      const error = await refusal(limiter.admit({ subjects, estimatedTokens: 0 }));
      expect(error.message).toContain('Too many requests in flight');
      expect(error.headers).toEqual({ 'x-ratelimit-limit-requests': '5', 'x-ratelimit-remaining-requests': '4', 'x-ratelimit-reset-requests': '1m1s' });

      const tooLarge = await refusal(limiter.admit({ subjects: [key({ rpm: 5, tpm: 100 })], estimatedTokens: 500 }));
      expect(tooLarge.headers).toMatchObject({ 'x-ratelimit-limit-requests': '5', 'x-ratelimit-limit-tokens': '100', 'x-should-retry': 'false' });
    });
  });

  it('admits again once the window has moved past earlier requests', async () => {
    const subjects = [key({ rpm: 2 })];
    await limiter.admit({ subjects, estimatedTokens: 0 });
    await limiter.admit({ subjects, estimatedTokens: 0 });
    const error = await refusal(limiter.admit({ subjects, estimatedTokens: 0 }));
    time += error.retryAfterSeconds! * 1000 - 1;
    await refusal(limiter.admit({ subjects, estimatedTokens: 0 }));
    time += 1;
    // Both earlier requests came in the same second, so both have left: this one is alone.
    const admitted = await limiter.admit({ subjects, estimatedTokens: 0 });
    expect(admitted.headers['x-ratelimit-remaining-requests']).toBe('1');
  });

  it('puts the tightest limit across subjects in the response headers', async () => {
    const admission = await limiter.admit({ subjects: [key({ rpm: 100, tpm: 10_000 }), route({ rpm: 5, tpm: 50_000 })], estimatedTokens: 1200 });
    expect(admission.headers).toEqual({
      'x-ratelimit-limit-requests': '5',
      'x-ratelimit-remaining-requests': '4',
      'x-ratelimit-reset-requests': '1m1s',
      'x-ratelimit-limit-tokens': '10000',
      'x-ratelimit-remaining-tokens': '8800',
      'x-ratelimit-reset-tokens': '1m1s',
    });
    expect(await limiter.admit({ subjects: [], estimatedTokens: 5 })).toMatchObject({ headers: {} });
  });

  it('gives back what earlier subjects took when a later one refuses', async () => {
    const keyLimit = key({ rpm: 2 });
    await limiter.admit({ subjects: [keyLimit, route({ rpm: 1 })], estimatedTokens: 0 });
    const error = await refusal(limiter.admit({ subjects: [keyLimit, route({ rpm: 1 })], estimatedTokens: 0 }));
    expect(error.message).toContain("route 'workhorse'");
    // The refused request did not use up the key's second request.
    await limiter.admit({ subjects: [keyLimit], estimatedTokens: 0 });
    await refusal(limiter.admit({ subjects: [keyLimit], estimatedTokens: 0 }));
  });

  it('gives back a concurrency slot taken before a later subject refused', async () => {
    await limiter.admit({ subjects: [route({ rpm: 1 })], estimatedTokens: 0 });
    await refusal(limiter.admit({ subjects: [key({ concurrent: 1 }), route({ rpm: 1 })], estimatedTokens: 0 }));
    await limiter.admit({ subjects: [key({ concurrent: 1 })], estimatedTokens: 0 });
  });

  it('keeps the counters of a key and a team with the same name apart', async () => {
    const team: LimitSubject = { kind: 'team', id: 'key_ci', limits: { rpm: 1, concurrent: 1 } };
    await limiter.admit({ subjects: [key({ rpm: 1, concurrent: 1 }), team], estimatedTokens: 0 });
    await refusal(limiter.admit({ subjects: [team], estimatedTokens: 0 }));
    await refusal(limiter.admit({ subjects: [key({ rpm: 1 })], estimatedTokens: 0 }));
  });

  describe('tokens per minute', () => {
    const subjects = [key({ tpm: 1000 })];

    it('counts the estimate up front, then corrects it to the actual usage on settle', async () => {
      const first = await limiter.admit({ subjects, estimatedTokens: 600 });
      const error = await refusal(limiter.admit({ subjects, estimatedTokens: 600 }));
      expect(error.message).toContain('on tokens per minute (TPM): limit 1000, used 600, requested 600');
      expect(error.headers?.['x-ratelimit-remaining-tokens']).toBe('400');
      await first.settle(100);
      const second = await limiter.admit({ subjects, estimatedTokens: 800 });
      expect(second.headers['x-ratelimit-remaining-tokens']).toBe('100');
    });

    it('charges usage beyond the estimate, and only the first settle counts', async () => {
      const admission = await limiter.admit({ subjects, estimatedTokens: 100 });
      await admission.settle(900);
      await admission.settle(0);
      await refusal(limiter.admit({ subjects, estimatedTokens: 200 }));
      await limiter.admit({ subjects, estimatedTokens: 100 });
    });

    it('does not hand a long call\'s refund out of tokens other callers used since', async () => {
      const longStream = await limiter.admit({ subjects, estimatedTokens: 900 });
      // Over a minute later its estimate has left the window; another caller uses 900.
      time += 65_000;
      const other = await limiter.admit({ subjects, estimatedTokens: 900 });
      await other.settle(900);
      time += 5_000;
      await longStream.settle(100);
      time += 1_000;
      await refusal(limiter.admit({ subjects, estimatedTokens: 900 }));
    });

    it('settles every subject that counted tokens, and skips one that only limits requests', async () => {
      const both = [key({ tpm: 1000 }), { kind: 'user', id: 'ada', limits: { rpm: 10 } } as LimitSubject, route({ tpm: 1000 })];
      const admission = await limiter.admit({ subjects: both, estimatedTokens: 900 });
      await admission.settle(100);
      // 800 came back on the key and on the route: 900 more fits each again.
      const next = await limiter.admit({ subjects: both, estimatedTokens: 900 });
      expect(next.headers['x-ratelimit-remaining-tokens']).toBe('0');
      expect(next.headers['x-ratelimit-remaining-requests']).toBe('8');
    });

    it('gives back the tokens and slots of earlier subjects when a later one refuses tokens', async () => {
      const first = key({ tpm: 1000, concurrent: 1 });
      await limiter.admit({ subjects: [route({ tpm: 100 })], estimatedTokens: 100 });
      await refusal(limiter.admit({ subjects: [first, route({ tpm: 100 })], estimatedTokens: 600 }));
      // Neither the key's 600 tokens nor its one slot were kept.
      const admitted = await limiter.admit({ subjects: [first], estimatedTokens: 1000 });
      expect(admitted.headers['x-ratelimit-remaining-tokens']).toBe('0');
    });

    it('refuses, as not worth retrying, a request bigger than the whole limit', async () => {
      const error = await refusal(limiter.admit({ subjects, estimatedTokens: 5000 }));
      expect(error).toMatchObject({ status: 429, retryable: false, retryAfterSeconds: undefined });
      expect(error.message).toBe("Request too large for key 'ci-bot' on tokens per minute (TPM): limit 1000, requested 5000.");
    });

    describe('with a max_tokens above the limit (Claude Code asks for 32,000)', () => {
      const claudeCode = { subjects, estimatedTokens: 20 + 32_000, promptTokens: 20 };

      it('admits the call, reserving no more than the room left, again right after the last one settled', async () => {
        const first = await limiter.admit(claudeCode);
        expect(first.headers['x-ratelimit-limit-tokens']).toBe('1000');
        expect(first.headers['x-ratelimit-remaining-tokens']).toBe('0');
        await first.settle(40);
        // 40 used: the next call reserves the other 960 instead of waiting a minute for 1000.
        const second = await limiter.admit(claudeCode);
        expect(second.headers['x-ratelimit-remaining-tokens']).toBe('0');
        await second.settle(40);
        expect((await limiter.admit({ subjects, estimatedTokens: 920 })).headers['x-ratelimit-remaining-tokens']).toBe('0');
      });

      it('refuses a call meanwhile, as worth retrying, when its prompt does not fit the room left', async () => {
        await limiter.admit(claudeCode);
        const error = await refusal(limiter.admit(claudeCode));
        expect(error).toMatchObject({ status: 429, retryable: true, retryAfterSeconds: 61 });
        expect(error.message).toBe("Rate limit reached for key 'ci-bot' on tokens per minute (TPM): limit 1000, used 1000, requested 20. Please try again in 1m1s.");
      });

      it('refuses as too large only a prompt bigger than the whole limit', async () => {
        const error = await refusal(limiter.admit({ subjects, estimatedTokens: 1500 + 32_000, promptTokens: 1500 }));
        expect(error).toMatchObject({ status: 429, retryable: false, retryAfterSeconds: undefined, headers: { 'x-should-retry': 'false' } });
        expect(error.message).toBe("Request too large for key 'ci-bot' on tokens per minute (TPM): limit 1000, requested 1500.");
      });

      it('settles and gives back what each subject really reserved', async () => {
        const roomy = route({ tpm: 50_000 });
        const admission = await limiter.admit({ subjects: [key({ tpm: 1000 }), roomy], estimatedTokens: 32_020, promptTokens: 20 });
        await admission.settle(100);
        // The route reserved all 32,020 and the key 1,000; each now holds the 100 used.
        expect((await limiter.admit({ subjects: [roomy], estimatedTokens: 49_900 })).headers['x-ratelimit-remaining-tokens']).toBe('0');
        expect((await limiter.admit({ subjects, estimatedTokens: 900 })).headers['x-ratelimit-remaining-tokens']).toBe('0');
      });

      it('gives back just the reservation it made when a later subject refuses, not tokens others used', async () => {
        await limiter.admit({ subjects: [route({ rpm: 1 })], estimatedTokens: 0 });
        await limiter.admit({ subjects, estimatedTokens: 300 });
        // The key reserves the 700 left, then the route refuses: those 700 come back, the 300 stay.
        await refusal(limiter.admit({ subjects: [key({ tpm: 1000 }), route({ rpm: 1 })], estimatedTokens: 32_020, promptTokens: 20 }));
        expect((await limiter.admit({ subjects, estimatedTokens: 700 })).headers['x-ratelimit-remaining-tokens']).toBe('0');
      });
    });
  });

  it("reports the refused unit's tightest window across subjects, not only the refusing one's", async () => {
    const other: LimitSubject = { kind: 'key', id: 'key_other', limits: {} };
    // Tokens: the route has 100 left when the key's own TPM refuses a 1,200-token call.
    await limiter.admit({ subjects: [other, route({ tpm: 5000 })], estimatedTokens: 4900 });
    time += 1000;
    const tokens = await refusal(limiter.admit({ subjects: [key({ tpm: 1000 }), route({ tpm: 5000 })], estimatedTokens: 1200 }));
    expect(tokens.headers?.['x-ratelimit-remaining-tokens']).toBe('100');
  });

  it('reports the later reset when another subject of the refused unit is full for longer', async () => {
    const other: LimitSubject = { kind: 'key', id: 'key_other', limits: {} };
    await limiter.admit({ subjects: [key({ rpm: 1 }), route({ rpm: 2 })], estimatedTokens: 1 });
    time += 30_000;
    await limiter.admit({ subjects: [other, route({ rpm: 2 })], estimatedTokens: 1 });
    time += 1000;
    const refused = await refusal(limiter.admit({ subjects: [key({ rpm: 1 }), route({ rpm: 2 })], estimatedTokens: 1 }));
    // The key frees up in ~29 s, the route only in ~60 s (one-second slices): waiting for the
    // key's reset would be refused again.
    expect(refused.headers?.['x-ratelimit-remaining-requests']).toBe('0');
    expect(['59s', '1m0s']).toContain(refused.headers?.['x-ratelimit-reset-requests']);
  });

  it('gives back what an admitted request took when it is refused further on (refund)', async () => {
    const subjects = [key({ rpm: 2, tpm: 1000, concurrent: 1 })];
    const admission = await limiter.admit({ subjects, estimatedTokens: 600 });
    await admission.refund();
    // Its request, its tokens and its slot are all back: two more fit, as if it never came.
    const first = await limiter.admit({ subjects, estimatedTokens: 600 });
    expect(first.headers['x-ratelimit-remaining-requests']).toBe('1');
    expect(first.headers['x-ratelimit-remaining-tokens']).toBe('400');
    await first.release();
    // A refund after settle, or twice, changes nothing.
    await first.settle(600);
    await first.refund();
    const second = await limiter.admit({ subjects, estimatedTokens: 300 });
    expect(second.headers['x-ratelimit-remaining-requests']).toBe('0');
    expect(second.headers['x-ratelimit-remaining-tokens']).toBe('100');
  });
});
