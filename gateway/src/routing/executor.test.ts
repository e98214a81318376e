import { describe, expect, it } from 'vitest';
import { GatewayError, kindForStatus } from '../errors/gateway-error';
import { Cancellation } from '../upstream/cancel';
import { UpstreamQuotas } from '../upstream/upstream-quotas';
import { BreakerRegistry } from './breaker';
import { execute, ExecutionError } from './executor';
import type { AttemptFn } from './executor';
import { makeRouter } from './router.fixture';
import type { Candidate } from './types';

const upstream = (status: number, message = `HTTP ${status}`, retryAfterSeconds?: number): GatewayError =>
  new GatewayError(kindForStatus(status), message, { status, code: `upstream_${status}`, provider: 'x', ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });

/** An attempt function that answers from a script per target key; `ok` serves. */
function scripted(script: Record<string, Array<GatewayError | 'ok' | 'hang'>>): { fn: AttemptFn<string>; calls: string[] } {
  const calls: string[] = [];
  const fn: AttemptFn<string> = async (candidate: Candidate, signal) => {
    calls.push(candidate.key);
    const next = script[candidate.key]?.shift() ?? 'ok';
    if (next === 'ok') return `served by ${candidate.key}`;
    if (next === 'hang') {
      return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    }
    throw next;
  };
  return { fn, calls };
}

const options = (extra: Partial<Parameters<typeof execute>[2]> = {}) => ({ signal: new AbortController().signal, stream: false, sleep: async () => undefined, ...extra });

const FALLBACK = `
routes:
  main:
    strategy: fallback
    targets:
      - { provider: anthropic, model: claude-sonnet-4-5 }
      - { provider: openai, model: gpt-4o-mini }
`;

describe('execute', () => {
  it('falls back to the next target when the first answers 503, recording both attempts', async () => {
    const plan = makeRouter(FALLBACK).plan('main');
    const { fn } = scripted({ 'anthropic/claude-sonnet-4-5': [upstream(503)] });
    const result = await execute(plan, fn, options());
    expect(result.value).toBe('served by openai/gpt-4o-mini');
    expect(result.attempts.map((a) => [a.provider, a.status, a.outcome])).toEqual([
      ['anthropic', 503, 'fallback'],
      ['openai', 200, 'ok'],
    ]);
  });

  it('ends at once on an error another target cannot fix (400)', async () => {
    const plan = makeRouter(FALLBACK).plan('main');
    const { fn, calls } = scripted({ 'anthropic/claude-sonnet-4-5': [upstream(400, 'bad field')] });
    const error = await execute(plan, fn, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutionError);
    expect((error as ExecutionError).status).toBe(400);
    expect(calls).toEqual(['anthropic/claude-sonnet-4-5']);
  });

  it('waits what retry-after asks before retrying the same target', async () => {
    const plan = makeRouter(`routes:\n  r: { strategy: single, retry: { attempts: 2 }, targets: [ { provider: openai, model: gpt-4o-mini } ] }`).plan('r');
    const waits: number[] = [];
    const { fn, calls } = scripted({ 'openai/gpt-4o-mini': [upstream(429, 'slow down', 1)] });
    const result = await execute(plan, fn, options({ sleep: async (ms) => void waits.push(ms) }));
    expect(result.attempts.map((a) => a.outcome)).toEqual(['retry', 'ok']);
    expect(calls).toHaveLength(2);
    expect(waits).toEqual([1000]);
  });

  it('backs off exponentially with jitter between retries', async () => {
    const plan = makeRouter(`routes:\n  r: { strategy: single, retry: { attempts: 3, backoffMs: 100 }, targets: [ { provider: openai, model: gpt-4o-mini } ] }`).plan('r');
    const waits: number[] = [];
    const { fn } = scripted({ 'openai/gpt-4o-mini': [upstream(502), upstream(502), upstream(502)] });
    await execute(plan, fn, options({ sleep: async (ms) => void waits.push(ms), random: () => 1 }));
    expect(waits).toEqual([100, 200, 400]);
  });

  it('moves on instead of waiting when retry-after is longer than maxBackoffMs', async () => {
    const router = makeRouter(`routes:\n  r: { strategy: fallback, retry: { attempts: 2, maxBackoffMs: 5s }, targets: [ { provider: openai, model: gpt-4o-mini }, { provider: gemini, model: gemini-2.5-flash } ] }`);
    const waits: number[] = [];
    const { fn } = scripted({ 'openai/gpt-4o-mini': [upstream(429, 'quota', 60)] });
    const result = await execute(router.plan('r'), fn, options({ sleep: async (ms) => void waits.push(ms) }));
    expect(waits).toEqual([]);
    expect(result.candidate.key).toBe('gemini/gemini-2.5-flash');
  });

  it('times out a hanging target and falls back', async () => {
    const plan = makeRouter(`routes:\n  r: { strategy: fallback, timeoutMs: 50ms, targets: [ { provider: openai, model: gpt-4o-mini }, { provider: anthropic, model: claude-haiku-4-5 } ] }`).plan('r');
    const { fn } = scripted({ 'openai/gpt-4o-mini': ['hang'] });
    const result = await execute(plan, fn, options());
    expect(result.candidate.key).toBe('anthropic/claude-haiku-4-5');
    expect(result.attempts[0]).toMatchObject({ status: 504, outcome: 'fallback', error: expect.stringContaining('did not answer within 50 ms') });
  });

  it('uses the TTFT timeout for streams', async () => {
    const plan = makeRouter(`routes:\n  r: { strategy: single, ttftTimeoutMs: 40ms, targets: [ { provider: openai, model: gpt-4o-mini } ] }`).plan('r');
    const { fn } = scripted({ 'openai/gpt-4o-mini': ['hang'] });
    const error = (await execute(plan, fn, options({ stream: true })).catch((e: unknown) => e)) as ExecutionError;
    expect(error.code).toBe('upstream_timeout');
    expect(error.message).toContain('did not start streaming within 40 ms');
  });

  it('stops when the client goes away', async () => {
    const plan = makeRouter(FALLBACK).plan('main');
    const controller = new AbortController();
    const { fn, calls } = scripted({ 'anthropic/claude-sonnet-4-5': ['hang'] });
    setTimeout(() => controller.abort(new GatewayError('timeout', 'client left', { code: 'client_gone' })), 20);
    await expect(execute(plan, fn, options({ signal: controller.signal }))).rejects.toBeInstanceOf(ExecutionError);
    expect(calls).toEqual(['anthropic/claude-sonnet-4-5']);
  });

  it('ends at once as client_closed, calling no provider, when the client left before the first attempt', { timeout: 2000 }, async () => {
    const plan = makeRouter(FALLBACK).plan('main');
    const gone = new Cancellation();
    gone.abort(new GatewayError('invalid_request', 'The client closed the connection', { status: 499, code: 'client_closed' }));
    const { fn, calls } = scripted({ 'anthropic/claude-sonnet-4-5': ['hang'] });
    const error = await execute(plan, fn, options({ signal: gone })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutionError);
    expect(error).toMatchObject({ status: 499, code: 'client_closed' });
    expect(calls).toEqual([]);
  });
});

describe('context windows', () => {
  const ROUTE = `
routes:
  long:
    strategy: fallback
    targets:
      - { provider: openai, model: gpt-3.5-turbo }
      - { provider: openai, model: gpt-4o-mini }
      - { provider: anthropic, model: claude-sonnet-4-5 }
      - { provider: gemini, model: gemini-2.5-flash }
`;

  it('skips targets whose window is smaller than the estimated prompt', async () => {
    const plan = { ...makeRouter(ROUTE).plan('long'), estimatedTokens: 150_000 };
    const { fn, calls } = scripted({});
    const result = await execute(plan, fn, options());
    expect(calls).toEqual(['anthropic/claude-sonnet-4-5']);
    expect(result.attempts.map((a) => [a.model, a.outcome, a.status])).toEqual([
      ['gpt-3.5-turbo', 'skipped', null],
      ['gpt-4o-mini', 'skipped', null],
      ['claude-sonnet-4-5', 'ok', 200],
    ]);
    expect(result.attempts[0]?.error).toContain('exceeds the context window of 16385');
  });

  it('tries every target anyway when none fits (the estimate may be high)', async () => {
    const plan = { ...makeRouter(ROUTE).plan('long'), estimatedTokens: 5_000_000 };
    const { fn, calls } = scripted({});
    await execute(plan, fn, options());
    expect(calls).toEqual(['openai/gpt-3.5-turbo']);
  });

  it('falls back past equal windows to a larger one after a context-length refusal', async () => {
    const router = makeRouter(ROUTE);
    const refusal = upstream(400, "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.");
    const { fn, calls } = scripted({ 'openai/gpt-3.5-turbo': [refusal] });
    const result = await execute(router.plan('long'), fn, options());
    expect(calls).toEqual(['openai/gpt-3.5-turbo', 'openai/gpt-4o-mini']);
    expect(result.attempts[0]).toMatchObject({ status: 400, outcome: 'fallback' });

    const claude = upstream(400, 'prompt is too long: 210000 tokens > 200000 maximum');
    const again = scripted({ 'anthropic/claude-sonnet-4-5': [claude] });
    const plan = { ...router.plan('long'), estimatedTokens: 150_000 };
    const served = await execute(plan, again.fn, options());
    expect(again.calls).toEqual(['anthropic/claude-sonnet-4-5', 'gemini/gemini-2.5-flash']);
    expect(served.candidate.model).toBe('gemini-2.5-flash');
  });

  it('recognises Gemini’s token-limit INVALID_ARGUMENT; smaller windows are skipped, unknown ones tried', async () => {
    const router = makeRouter(
      `routes:\n  g: { strategy: fallback, targets: [ { provider: gemini, model: gemini-2.5-flash }, { provider: openai, model: gpt-4.1 }, { provider: local, model: huge-context } ] }`,
    );
    const { fn, calls } = scripted({ 'gemini/gemini-2.5-flash': [upstream(400, 'The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).')] });
    const result = await execute(router.plan('g'), fn, options());
    expect(calls).toEqual(['gemini/gemini-2.5-flash', 'local/huge-context']);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['fallback', 'skipped', 'ok']);
  });
});

describe('circuit breakers in the executor', () => {
  const ROUTE = `
routes:
  guarded:
    strategy: fallback
    breaker: { failures: 2, cooldownMs: 1000 }
    targets:
      - { provider: anthropic, model: claude-haiku-4-5 }
      - { provider: openai, model: gpt-4o-mini }
`;

  it('skips an open target, probes it after the cooldown and closes on success', async () => {
    let now = 1_000_000;
    const breakers = new BreakerRegistry({ now: () => now });
    const router = makeRouter(ROUTE, { breakers });
    const haiku = 'anthropic/claude-haiku-4-5';
    const { fn, calls } = scripted({ [haiku]: [upstream(503), upstream(503)] });
    await execute(router.plan('guarded'), fn, options({ now: () => now }));
    await execute(router.plan('guarded'), fn, options({ now: () => now }));
    expect(breakers.state(haiku)).toBe('open');

    calls.length = 0;
    const skipped = await execute(router.plan('guarded'), fn, options({ now: () => now }));
    expect(calls).toEqual(['openai/gpt-4o-mini']);
    expect(skipped.attempts[0]).toMatchObject({ provider: 'anthropic', outcome: 'skipped', error: 'circuit breaker open' });

    now += 1000;
    expect(breakers.state(haiku)).toBe('half-open');
    const probed = await execute(router.plan('guarded'), fn, options({ now: () => now }));
    expect(probed.candidate.key).toBe(haiku);
    expect(breakers.state(haiku)).toBe('closed');
  });

  it('does not count client errors against a target', async () => {
    const breakers = new BreakerRegistry();
    const router = makeRouter(ROUTE, { breakers });
    const { fn } = scripted({ 'anthropic/claude-haiku-4-5': [upstream(400), upstream(400), upstream(400)] });
    for (let i = 0; i < 3; i++) await execute(router.plan('guarded'), fn, options()).catch(() => undefined);
    expect(breakers.state('anthropic/claude-haiku-4-5')).toBe('closed');
  });

  it('tries the target that opened longest ago when every target is open', async () => {
    let now = 0;
    const breakers = new BreakerRegistry({ now: () => now });
    const settings = { failures: 1, minRequests: 10, windowMs: 60_000, cooldownMs: 60_000 };
    breakers.failure('openai/gpt-4o-mini', settings);
    now = 10;
    breakers.failure('anthropic/claude-haiku-4-5', settings);
    const router = makeRouter(ROUTE, { breakers });
    const { fn, calls } = scripted({});
    const result = await execute(router.plan('guarded'), fn, options({ now: () => now }));
    expect(calls).toEqual(['openai/gpt-4o-mini']);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['skipped', 'skipped', 'ok']);
    expect(breakers.state('openai/gpt-4o-mini')).toBe('closed');
  });
});

describe('a target that cannot take the request (content only another provider reads)', () => {
  const cannotTake = (): GatewayError => new GatewayError('invalid_request', 'a "document" block cannot be translated for a non-Anthropic provider', { code: 'untranslatable_content' });

  it('is skipped, and the failure of the target that could take it is what the caller sees', async () => {
    const plan = makeRouter(FALLBACK).plan('main');
    const { fn } = scripted({ 'anthropic/claude-sonnet-4-5': [upstream(529, 'Overloaded')], 'openai/gpt-4o-mini': [cannotTake()] });
    const error = (await execute(plan, fn, options()).catch((e: unknown) => e)) as ExecutionError;
    expect(error).toBeInstanceOf(ExecutionError);
    expect(error.status).toBe(529);
    expect(error.message).toBe('Overloaded');
    expect(error.candidate?.key).toBe('anthropic/claude-sonnet-4-5');
    // Everything after the 529 was skipped, so it is the attempt that failed the request.
    expect(error.attempts.map((a) => [a.provider, a.status, a.outcome])).toEqual([
      ['anthropic', 529, 'failed'],
      ['openai', null, 'skipped'],
    ]);
    expect(error.attempts[1]?.error).toMatch(/cannot be translated/);
  });

  it('is skipped on the way to a target that can take it', async () => {
    const plan = makeRouter(FALLBACK.replace(/(- \{ provider: anthropic[^\n]*)\n(\s+)(- \{ provider: openai[^\n]*)/, '$3\n$2$1')).plan('main');
    const { fn } = scripted({ 'openai/gpt-4o-mini': [cannotTake()] });
    const result = await execute(plan, fn, options());
    expect(result.candidate.key).toBe('anthropic/claude-sonnet-4-5');
    expect(result.attempts.map((a) => a.outcome)).toEqual(['skipped', 'ok']);
  });

  it('when no target can take it, the refusal is the answer (a 400, not retryable)', async () => {
    const plan = makeRouter(`routes:\n  r: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }`).plan('r');
    const { fn } = scripted({ 'openai/gpt-4o-mini': [cannotTake()] });
    const error = (await execute(plan, fn, options()).catch((e: unknown) => e)) as ExecutionError;
    expect(error.status).toBe(400);
    expect(error.code).toBe('untranslatable_content');
  });

  it('does not count as having tried a target: an open one that could take it is still forced', async () => {
    const breakers = new BreakerRegistry();
    breakers.failure('anthropic/claude-sonnet-4-5', { failures: 1, minRequests: 10, windowMs: 60_000, cooldownMs: 60_000 });
    const plan = makeRouter(FALLBACK.replace('strategy: fallback', 'strategy: fallback\n    breaker: { failures: 1 }'), { breakers }).plan('main');
    const { fn, calls } = scripted({ 'openai/gpt-4o-mini': [cannotTake()] });
    const result = await execute(plan, fn, options());
    expect(calls).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']);
    expect(result.candidate.key).toBe('anthropic/claude-sonnet-4-5');
  });
});

describe('a 429 that waiting cannot fix', () => {
  it('insufficient_quota is not retried on the same target; the next one is tried', async () => {
    const plan = makeRouter(FALLBACK.replace('strategy: fallback', 'strategy: fallback\n    retry: { attempts: 3 }')).plan('main');
    const quota = new GatewayError('rate_limit', 'You exceeded your current quota', { status: 429, code: 'insufficient_quota', provider: 'anthropic' });
    const { fn, calls } = scripted({ 'anthropic/claude-sonnet-4-5': [quota] });
    const result = await execute(plan, fn, options());
    expect(calls).toEqual(['anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini']);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['fallback', 'ok']);
  });
});

describe('execute: provider rate limits', () => {
  const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
  const THREE = `
routes:
  main:
    strategy: fallback
    breaker: { failures: 1, cooldownMs: 60000 }
    targets:
      - { provider: anthropic, model: claude-sonnet-4-5 }
      - { provider: openai, model: gpt-4o-mini }
      - { provider: gemini, model: gemini-2.5-flash }
`;
  /** Anthropic said its requests window is used up, refilling in `seconds`. */
  const spentAnthropic = (quotas: UpstreamQuotas, seconds: number) =>
    quotas.observe('anthropic', 'claude-sonnet-4-5', {
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': new Date(NOW + seconds * 1000).toISOString(),
    });

  it('skips a target whose provider said a window is spent, naming it and when it refills', async () => {
    const quotas = new UpstreamQuotas(() => NOW);
    spentAnthropic(quotas, 30);
    const { fn, calls } = scripted({});
    const result = await execute(makeRouter(FALLBACK, { quotas }).plan('main'), fn, options({ now: () => NOW }));
    expect(result.value).toBe('served by openai/gpt-4o-mini');
    expect(calls).toEqual(['openai/gpt-4o-mini']);
    expect(result.attempts[0]).toMatchObject({ provider: 'anthropic', outcome: 'skipped', error: 'provider rate limit spent (requests: 0 left) until it resets in 30 s' });
  });

  it('tries it again once the window has refilled, or when a later answer says some is left', async () => {
    let now = NOW;
    const quotas = new UpstreamQuotas(() => now);
    spentAnthropic(quotas, 30);
    now = NOW + 31_000;
    const { fn, calls } = scripted({});
    await execute(makeRouter(FALLBACK, { quotas }).plan('main'), fn, options({ now: () => now }));
    spentAnthropic(quotas, 60);
    quotas.observe('anthropic', 'claude-sonnet-4-5', { 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '49' });
    await execute(makeRouter(FALLBACK, { quotas }).plan('main'), fn, options({ now: () => now }));
    expect(calls).toEqual(['anthropic/claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5']);
  });

  it('never skips the last target for it, and when every target was skipped tries the one refilling soonest', async () => {
    const quotas = new UpstreamQuotas(() => NOW);
    quotas.observe('openai', 'gpt-4o-mini', { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '20s' });
    const last = scripted({});
    await execute(makeRouter(FALLBACK, { quotas }).plan('main'), last.fn, options({ now: () => NOW }));
    expect(last.calls).toEqual(['anthropic/claude-sonnet-4-5']);

    spentAnthropic(quotas, 30);
    const breakers = new BreakerRegistry({ now: () => NOW });
    // Gemini's breaker is open: nothing would be sent at all.
    breakers.failure('gemini/gemini-2.5-flash', { failures: 1, minRequests: 1, windowMs: 60_000, cooldownMs: 60_000 });
    expect(breakers.state('gemini/gemini-2.5-flash')).toBe('open');
    const all = scripted({});
    const result = await execute(makeRouter(THREE, { quotas, breakers, now: () => NOW }).plan('main'), all.fn, options({ now: () => NOW }));
    expect(all.calls).toEqual(['openai/gpt-4o-mini']);
    expect(result.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['anthropic', 'skipped'],
      ['openai', 'skipped'],
      ['gemini', 'skipped'],
      ['openai', 'ok'],
    ]);
  });
});
