/**
 * Requests per minute, tokens per minute and requests in flight, for every subject of a
 * request (its key, the key's user and team, the route). A request is admitted only when
 * every subject has room; when one refuses, what the earlier ones took is given back, so a
 * refused request costs nobody anything.
 */
import { GatewayError } from '../errors/gateway-error';
import type { ConsumeResult, CounterStore } from './counter-store';
import type { LimitSubject, SubjectKind } from './limit-types';
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

/** A subject's counter keys. */
interface CounterKeys {
  rpm: string;
  tpm: string;
  concurrent: string;
}

/** Counter keys are remembered per subject, up to this many of each kind, not rebuilt per request. */
const KEYS_PER_KIND = 10_000;

/** What a request has taken so far, to give back on refusal, correct on settle, free on release. */
class Taken {
  readonly requestKeys: string[] = [];
  /** When each request key's count was made (for a rollback), in `requestKeys` order. */
  readonly requestsAt: number[] = [];
  readonly tokenKeys: string[] = [];
  /** When each token key's estimate was counted (for a rollback or a settle), in `tokenKeys` order. */
  readonly tokensAt: number[] = [];
  readonly slots: string[] = [];
  /** The tightest results so far, for the headers. */
  requests: ConsumeResult | undefined = undefined;
  tokens: ConsumeResult | undefined = undefined;

  constructor(readonly estimated: number) {}
}

export class RateLimiter {
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  private readonly keys: Record<SubjectKind, Map<string, CounterKeys>> = { key: new Map(), user: new Map(), team: new Map(), route: new Map() };

  constructor(
    private readonly counters: CounterStore,
    options: RateLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
  }

  /** Admits the request or throws a 429 GatewayError naming the limit it hit. */
  async admit(request: AdmitRequest): Promise<Admission> {
    const taken = new Taken(Math.max(0, Math.ceil(request.estimatedTokens)));
    const { estimated } = taken;
    // One loop in one async function (not a helper per subject): on every request, each
    // extra async call is another promise.
    try {
      for (const subject of request.subjects) {
        const { rpm, tpm, concurrent } = subject.limits;
        if (rpm === undefined && tpm === undefined && concurrent === undefined) continue;
        const keys = this.keysOf(subject);
        if (rpm !== undefined) {
          const result = await this.counters.consume(keys.rpm, 1, rpm, MINUTE);
          if (!result.allowed) throw this.refusal(subject, 'requests', result, 1);
          taken.requestKeys.push(keys.rpm);
          taken.requestsAt.push(result.countedAt ?? this.now());
          taken.requests = tighter(taken.requests, result);
        }
        if (tpm !== undefined) {
          const result = await this.counters.consume(keys.tpm, estimated, tpm, MINUTE);
          if (!result.allowed) throw this.refusal(subject, 'tokens', result, estimated);
          taken.tokenKeys.push(keys.tpm);
          taken.tokensAt.push(result.countedAt ?? this.now());
          taken.tokens = tighter(taken.tokens, result);
        }
        if (concurrent !== undefined) {
          if (!(await this.counters.acquire(keys.concurrent, concurrent))) throw tooManyInFlight(subject, concurrent);
          taken.slots.push(keys.concurrent);
        }
      }
    } catch (error) {
      await this.rollback(taken);
      throw error;
    }
    return new Granted(taken, this.headers(taken), this.counters, this.warn);
  }

  private keysOf(subject: LimitSubject): CounterKeys {
    const known = this.keys[subject.kind];
    let keys = known.get(subject.id);
    if (keys === undefined) {
      // Ids come from config and key records, so this stays small; the bound is for safety.
      if (known.size >= KEYS_PER_KIND) known.clear();
      const id = `${subject.kind}:${subject.id}`;
      keys = { rpm: `rpm:${id}`, tpm: `tpm:${id}`, concurrent: `concurrent:${id}` };
      known.set(subject.id, keys);
    }
    return keys;
  }

  private async rollback(taken: Taken): Promise<void> {
    // Best effort: the refusal (or store failure) being thrown matters more than a failed undo.
    await Promise.allSettled([
      ...taken.requestKeys.map((key, i) => this.counters.release(key, 1, taken.requestsAt[i]!)),
      ...taken.tokenKeys.map((key, i) => this.counters.release(key, taken.estimated, taken.tokensAt[i]!)),
      ...taken.slots.map((key) => this.counters.releaseSlot(key)),
    ]);
  }

  private headers(taken: Taken): Record<string, string> {
    if (!taken.requests && !taken.tokens) return {};
    const now = this.now();
    return rateLimitHeaders({ requests: taken.requests && state(taken.requests, now), tokens: taken.tokens && state(taken.tokens, now) });
  }

  private refusal(subject: LimitSubject, unit: 'requests' | 'tokens', result: ConsumeResult, requested: number): GatewayError {
    const name = unit === 'requests' ? 'requests per minute (RPM)' : 'tokens per minute (TPM)';
    const now = this.now();
    const headers = rateLimitHeaders({ [unit]: state(result, now) });
    if (result.retryAt === undefined) {
      // Bigger than the whole allowance: waiting will not help, so clients must not retry.
      return new GatewayError('rate_limit', `Request too large for ${describe(subject)} on ${name}: limit ${result.limit}, requested ${requested}.`, {
        code: 'rate_limit_exceeded',
        retryable: false,
        headers: { ...headers, 'x-should-retry': 'false' },
      });
    }
    const waitMs = Math.max(0, result.retryAt - now);
    const used = result.limit - result.remaining;
    return new GatewayError(
      'rate_limit',
      `Rate limit reached for ${describe(subject)} on ${name}: limit ${result.limit}, used ${used}, requested ${requested}. Please try again in ${formatResetDuration(waitMs)}.`,
      { code: 'rate_limit_exceeded', retryAfterSeconds: waitMs / 1000, headers },
    );
  }
}

/** An admitted request. Its own class, not closures, since one is made per request. */
class Granted implements Admission {
  private settled = false;
  private released = false;

  constructor(
    private readonly taken: Taken,
    readonly headers: Record<string, string>,
    private readonly counters: CounterStore,
    private readonly warn: (message: string) => void,
  ) {}

  async settle(actualTokens: number): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    const { tokenKeys, tokensAt, estimated } = this.taken;
    const difference = Math.max(0, Math.ceil(actualTokens)) - estimated;
    if (difference === 0 || tokenKeys.length === 0) return;
    const correct = (key: string, i: number): Promise<void> =>
      difference > 0 ? this.counters.add(key, difference, MINUTE) : this.counters.release(key, -difference, tokensAt[i]!);
    try {
      await (tokenKeys.length === 1 ? correct(tokenKeys[0]!, 0) : Promise.all(tokenKeys.map(correct)));
    } catch (error) {
      this.failed('settling token counts', error);
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const { slots } = this.taken;
    if (slots.length === 0) return;
    try {
      await (slots.length === 1 ? this.counters.releaseSlot(slots[0]!) : Promise.all(slots.map((key) => this.counters.releaseSlot(key))));
    } catch (error) {
      this.failed('releasing concurrency slots', error);
    }
  }

  private failed(what: string, error: unknown): void {
    this.warn(`switchboard rate limiter: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The result with less room left (or, tied, the later reset), so headers show the limit the caller will hit first. */
function tighter(current: ConsumeResult | undefined, next: ConsumeResult): ConsumeResult {
  if (!current) return next;
  if (next.remaining !== current.remaining) return next.remaining < current.remaining ? next : current;
  return next.resetAt > current.resetAt ? next : current;
}

function tooManyInFlight(subject: LimitSubject, concurrent: number): GatewayError {
  return new GatewayError('rate_limit', `Too many requests in flight for ${describe(subject)}: the limit is ${concurrent} at a time. Try again when one finishes.`, {
    code: 'rate_limit_exceeded',
    retryAfterSeconds: 1,
  });
}

const state = (result: ConsumeResult, now: number): LimitState => ({ limit: result.limit, remaining: result.remaining, resetMs: result.resetAt - now });

function describe(subject: LimitSubject): string {
  const label = subject.label ?? subject.id;
  return subject.kind === 'route' ? `route '${label}'` : `${subject.kind} '${label}'`;
}
