/**
 * Requests per minute, tokens per minute and requests in flight, for every subject of a
 * request (its key, the key's user and team, the route). A request is admitted only when
 * every subject has room; when one refuses, what the earlier ones took is given back, so a
 * refused request costs nobody anything.
 */
import { GatewayError } from '../errors/gateway-error';
import type { ConsumeResult, CounterStore } from './counter-store';
import type { LimitSubject } from './limit-types';
import { formatResetDuration, rateLimitHeaders, type LimitState } from './ratelimit-headers';

const MINUTE = 60_000;

export interface AdmitRequest {
  subjects: readonly LimitSubject[];
  /** Tokens the call is expected to use (prompt estimate + max output); corrected by `settle`. */
  estimatedTokens: number;
}

/** A request that got in. Call `release()` on every path once the response is over. */
export interface Admission {
  /** `x-ratelimit-*` headers for the response (empty when no rpm/tpm applies). */
  readonly headers: Record<string, string>;
  /** Replaces the token estimate with what the call really used. Only the first call counts. */
  settle(actualTokens: number): Promise<void>;
  /** Frees the concurrency slots. Idempotent; never rejects. */
  release(): Promise<void>;
}

export interface RateLimiterOptions {
  now?: () => number;
  /** Where counter-store failures after admission (settle, release) are reported. */
  warn?: (message: string) => void;
}

interface Taken {
  /** Window counters consumed, to give back on refusal: key and amount. */
  counted: Array<{ key: string; amount: number }>;
  slots: string[];
  tokenKeys: string[];
  requests?: LimitState;
  tokens?: LimitState;
}

export class RateLimiter {
  private readonly now: () => number;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly counters: CounterStore,
    options: RateLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
  }

  /** Admits the request or throws a 429 GatewayError naming the limit it hit. */
  async admit(request: AdmitRequest): Promise<Admission> {
    const estimated = Math.max(0, Math.ceil(request.estimatedTokens));
    const taken: Taken = { counted: [], slots: [], tokenKeys: [] };
    try {
      for (const subject of request.subjects) await this.take(subject, estimated, taken);
    } catch (error) {
      await this.rollback(taken);
      throw error;
    }
    return this.admission(taken, estimated);
  }

  private async take(subject: LimitSubject, estimated: number, taken: Taken): Promise<void> {
    const { rpm, tpm, concurrent } = subject.limits;
    const id = `${subject.kind}:${subject.id}`;
    if (rpm !== undefined) {
      const key = `rpm:${id}`;
      const result = await this.counters.consume(key, 1, rpm, MINUTE);
      if (!result.allowed) throw this.refusal(subject, 'requests', result, 1);
      taken.counted.push({ key, amount: 1 });
      taken.requests = tighter(taken.requests, this.state(result));
    }
    if (tpm !== undefined) {
      const key = `tpm:${id}`;
      const result = await this.counters.consume(key, estimated, tpm, MINUTE);
      if (!result.allowed) throw this.refusal(subject, 'tokens', result, estimated);
      taken.counted.push({ key, amount: estimated });
      taken.tokenKeys.push(key);
      taken.tokens = tighter(taken.tokens, this.state(result));
    }
    if (concurrent !== undefined) {
      const key = `concurrent:${id}`;
      if (!(await this.counters.acquire(key, concurrent))) {
        throw new GatewayError('rate_limit', `Too many requests in flight for ${describe(subject)}: the limit is ${concurrent} at a time. Try again when one finishes.`, {
          code: 'rate_limit_exceeded',
          retryAfterSeconds: 1,
        });
      }
      taken.slots.push(key);
    }
  }

  private async rollback(taken: Taken): Promise<void> {
    // Best effort: the refusal (or store failure) being thrown matters more than a failed undo.
    await Promise.allSettled([
      ...taken.counted.map(({ key, amount }) => this.counters.release(key, amount)),
      ...taken.slots.map((key) => this.counters.releaseSlot(key)),
    ]);
  }

  private admission(taken: Taken, estimated: number): Admission {
    let settled = false;
    let released = false;
    return {
      headers: rateLimitHeaders({ requests: taken.requests, tokens: taken.tokens }),
      settle: async (actualTokens) => {
        if (settled) return;
        settled = true;
        const difference = Math.max(0, Math.ceil(actualTokens)) - estimated;
        if (difference === 0) return;
        await this.quietly('settling token counts', () =>
          Promise.all(taken.tokenKeys.map((key) => (difference > 0 ? this.counters.add(key, difference, MINUTE) : this.counters.release(key, -difference)))),
        );
      },
      release: async () => {
        if (released) return;
        released = true;
        await this.quietly('releasing concurrency slots', () => Promise.all(taken.slots.map((key) => this.counters.releaseSlot(key))));
      },
    };
  }

  private async quietly(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.warn(`switchboard rate limiter: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private state(result: ConsumeResult): LimitState {
    return { limit: result.limit, remaining: result.remaining, resetMs: result.resetAt - this.now() };
  }

  private refusal(subject: LimitSubject, unit: 'requests' | 'tokens', result: ConsumeResult, requested: number): GatewayError {
    const name = unit === 'requests' ? 'requests per minute (RPM)' : 'tokens per minute (TPM)';
    const headers = rateLimitHeaders({ [unit]: this.state(result) });
    if (result.retryAt === undefined) {
      // Bigger than the whole allowance: waiting will not help, so clients must not retry.
      return new GatewayError('rate_limit', `Request too large for ${describe(subject)} on ${name}: limit ${result.limit}, requested ${requested}.`, {
        code: 'rate_limit_exceeded',
        retryable: false,
        headers: { ...headers, 'x-should-retry': 'false' },
      });
    }
    const waitMs = Math.max(0, result.retryAt - this.now());
    const used = result.limit - result.remaining;
    return new GatewayError(
      'rate_limit',
      `Rate limit reached for ${describe(subject)} on ${name}: limit ${result.limit}, used ${used}, requested ${requested}. Please try again in ${formatResetDuration(waitMs)}.`,
      { code: 'rate_limit_exceeded', retryAfterSeconds: waitMs / 1000, headers },
    );
  }
}

/** The state with less room left, so headers show the limit the caller will hit first. */
function tighter(current: LimitState | undefined, next: LimitState): LimitState {
  if (!current) return next;
  if (next.remaining !== current.remaining) return next.remaining < current.remaining ? next : current;
  return next.resetMs > current.resetMs ? next : current;
}

function describe(subject: LimitSubject): string {
  const label = subject.label ?? subject.id;
  return subject.kind === 'route' ? `route '${label}'` : `${subject.kind} '${label}'`;
}
