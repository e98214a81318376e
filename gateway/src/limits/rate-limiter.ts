/**
 * Requests per minute, tokens per minute and requests in flight, for every subject of a
 * request (its key, the key's user and team, the route). A request is admitted only when
 * every subject has room; when one refuses, what the earlier ones took is given back, so a
 * refused request costs nobody anything.
 */
import type { ConsumeResult, CounterStore, WindowState } from './counter-store';
import type { LimitSubject, SubjectKind } from './limit-types';
import { limitHeaders, refusalError, tighter, type LimitStates, type Refused } from './refusal';

const MINUTE = 60_000;

export interface AdmitRequest {
  subjects: readonly LimitSubject[];
  /** Tokens the call is expected to use (prompt estimate + max output); corrected by `settle`. */
  estimatedTokens: number;
  /**
   * The part of `estimatedTokens` that must fit (the prompt estimate). The rest, the output the
   * client allows (`max_tokens`), is reserved only as far as a TPM has room for it. Default: all.
   */
  promptTokens?: number;
}

/** A request that got in. Call `release()` on every path once the response is over. */
export interface Admission {
  /** `x-ratelimit-*` headers for the response (empty when no rpm/tpm applies). */
  readonly headers: Record<string, string>;
  /** The tightest request and token windows across its subjects, as admitted (what `headers` tell). */
  readonly requests: WindowState | undefined;
  readonly tokens: WindowState | undefined;
  /** Replaces the token estimate with what the call really used. Only the first call counts. */
  settle(actualTokens: number): Promise<void>;
  /** Frees the concurrency slots. Idempotent; never rejects. */
  release(): Promise<void>;
  /**
   * Gives back everything the request took, as a refusal does (counts, tokens, slots): for a
   * request refused further on before it reached any provider. Not after `settle`; never rejects.
   */
  refund(): Promise<void>;
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

export class RateLimiter {
  private readonly now: () => number;
  /** Where failures after admission are reported (by the request's Hold). */
  readonly warn: (message: string) => void;
  private readonly keys: Record<SubjectKind, Map<string, CounterKeys>> = { key: new Map(), user: new Map(), team: new Map(), route: new Map() };

  constructor(
    readonly counters: CounterStore,
    options: RateLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
  }

  /** Admits the request or throws a 429 GatewayError naming the limit it hit. */
  async admit(request: AdmitRequest): Promise<Admission> {
    const { subjects } = request;
    const hold = new Hold(subjects, Math.max(0, Math.ceil(request.estimatedTokens)), this);
    const { estimated, countedAt } = hold;
    const prompt = request.promptTokens === undefined ? estimated : Math.min(estimated, Math.max(0, Math.ceil(request.promptTokens)));
    let refused: Refused | undefined;
    // One loop in one async function (not a helper per subject): on every request, each
    // extra async call is another promise.
    try {
      for (let i = 0; i < subjects.length; i++) {
        const subject = subjects[i]!;
        const { rpm, tpm, concurrent } = subject.limits;
        if (rpm === undefined && tpm === undefined && concurrent === undefined) {
          hold.admitted = i + 1;
          continue;
        }
        const keys = this.keysOf(subject);
        if (rpm !== undefined) {
          const result = await this.counters.consume(keys.rpm, 1, rpm, MINUTE);
          if (!result.allowed) {
            refused = { unit: 'requests', subject, result, requested: 1 };
            break;
          }
          countedAt[2 * i] = result.countedAt ?? this.now();
          hold.requests = tighter(hold.requests, result);
        }
        if (tpm !== undefined) {
          // Never more than the limit: a max_tokens above the TPM (Claude Code asks for 32k) must
          // not make every call too large. A prompt above it is (the consume below says so).
          let reserve = prompt > tpm ? prompt : Math.min(estimated, tpm);
          let result = await this.counters.consume(keys.tpm, reserve, tpm, MINUTE);
          if (!result.allowed && result.retryAt !== undefined && prompt < reserve) {
            // Only the prompt must fit: the output gets what room the minute has left. Waiting
            // for all of it would hold every call with a large max_tokens for up to a minute.
            reserve = Math.max(prompt, result.remaining);
            result = await this.counters.consume(keys.tpm, reserve, tpm, MINUTE);
          }
          if (!result.allowed) {
            refused = { unit: 'tokens', subject, result, requested: reserve };
            break;
          }
          countedAt[2 * i + 1] = result.countedAt ?? this.now();
          if (reserve !== estimated) hold.reserved(i, reserve);
          hold.tokens = tighter(hold.tokens, result);
        }
        if (concurrent !== undefined && !(await this.counters.acquire(keys.concurrent, concurrent))) {
          refused = { unit: 'concurrent', subject, limit: concurrent };
          break;
        }
        hold.admitted = i + 1;
      }
    } catch (error) {
      await this.rollback(hold);
      throw error;
    }
    if (refused !== undefined) {
      await this.rollback(hold);
      throw refusalError(refused, await this.statesAfter(refused, subjects), this.now());
    }
    if (hold.requests || hold.tokens) hold.headers = limitHeaders(hold, this.now());
    return hold;
  }

  /** `x-ratelimit-*` headers for `states` (tightest windows, e.g. of several admissions), as of now. */
  headersFor(states: LimitStates): Record<string, string> {
    return limitHeaders(states, this.now());
  }

  /** A subject's counter keys, remembered rather than rebuilt per request. */
  keysOf(subject: LimitSubject): CounterKeys {
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

  /**
   * Gives back everything a refused request took: counts of every subject it reached, slots of
   * those it passed. Also for one admitted here and refused further on (`Admission.refund`).
   */
  async rollback(hold: Hold): Promise<void> {
    const { subjects, countedAt, admitted } = hold;
    const undo: Promise<void>[] = [];
    for (let i = 0; i < subjects.length; i++) {
      const subject = subjects[i]!;
      const requestsAt = countedAt[2 * i]!;
      const tokensAt = countedAt[2 * i + 1]!;
      if (!Number.isNaN(requestsAt)) undo.push(this.counters.release(this.keysOf(subject).rpm, 1, requestsAt));
      if (!Number.isNaN(tokensAt)) undo.push(this.counters.release(this.keysOf(subject).tpm, hold.tokensOf(i), tokensAt));
      if (i < admitted && subject.limits.concurrent !== undefined) undo.push(this.counters.releaseSlot(this.keysOf(subject).concurrent));
    }
    // Best effort: the refusal (or store failure) being thrown matters more than a failed undo.
    await Promise.allSettled(undo);
  }

  /**
   * For a refusal's headers, once what the request took is given back: the refused unit as it
   * refused, and the tightest of every subject's other rpm and tpm windows (those after the
   * refusing subject, and its own other unit, were never consulted). Only refusals pay for this.
   */
  private async statesAfter(refused: Refused, subjects: readonly LimitSubject[]): Promise<LimitStates> {
    const states: LimitStates = {};
    if (refused.unit === 'requests') states.requests = refused.result;
    if (refused.unit === 'tokens') states.tokens = refused.result;
    for (const subject of subjects) {
      const { rpm, tpm } = subject.limits;
      const keys = this.keysOf(subject);
      // The refusing subject's window of the refused unit is `refused.result` already.
      const own = subject === refused.subject;
      try {
        if (rpm !== undefined && !(own && refused.unit === 'requests')) states.requests = tighter(states.requests, await this.counters.peek(keys.rpm, rpm, MINUTE));
        if (tpm !== undefined && !(own && refused.unit === 'tokens')) states.tokens = tighter(states.tokens, await this.counters.peek(keys.tpm, tpm, MINUTE));
      } catch {
        // A state the store cannot give is left out: the refusal itself matters more.
      }
    }
    return states;
  }
}

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * What one request took, and, once admitted, its Admission. One object and one array per
 * request (this runs on every call): subject i's count times are `countedAt[2i]` (requests)
 * and `countedAt[2i + 1]` (tokens), NaN when nothing was counted, and the subjects before
 * `admitted` passed every check, concurrency slot included.
 */
class Hold implements Admission {
  /** Sized once: pushing onto an empty array allocates room for 16. */
  readonly countedAt: number[];
  admitted = 0;
  /** The tightest results so far, for the headers. */
  requests: ConsumeResult | undefined = undefined;
  tokens: ConsumeResult | undefined = undefined;
  headers = NO_HEADERS;
  /** Tokens counted per subject where a TPM took less than `estimated`; unset (the usual) when none did. */
  private reservedTokens: number[] | undefined = undefined;
  private settled = false;
  private released = false;

  constructor(
    readonly subjects: readonly LimitSubject[],
    readonly estimated: number,
    private readonly limiter: RateLimiter,
  ) {
    // A literal for the usual single subject: `fill` on a new array is several times slower.
    this.countedAt = subjects.length === 1 ? [Number.NaN, Number.NaN] : new Array<number>(subjects.length * 2).fill(Number.NaN);
  }

  /** Records that subject i's TPM counted `tokens` rather than the whole estimate. */
  reserved(i: number, tokens: number): void {
    this.reservedTokens ??= new Array<number>(this.subjects.length).fill(this.estimated);
    this.reservedTokens[i] = tokens;
  }

  /** The tokens counted against subject i's TPM. */
  tokensOf(i: number): number {
    return this.reservedTokens === undefined ? this.estimated : this.reservedTokens[i]!;
  }

  async settle(actualTokens: number): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    if (this.tokens === undefined) return;
    const actual = Math.max(0, Math.ceil(actualTokens));
    const { counters } = this.limiter;
    const corrections: Promise<void>[] = [];
    for (let i = 0; i < this.admitted; i++) {
      const at = this.countedAt[2 * i + 1]!;
      const difference = actual - this.tokensOf(i);
      if (Number.isNaN(at) || difference === 0) continue;
      const key = this.limiter.keysOf(this.subjects[i]!).tpm;
      corrections.push(difference > 0 ? counters.add(key, difference, MINUTE) : counters.release(key, -difference, at));
    }
    if (corrections.length === 0) return;
    try {
      await (corrections.length === 1 ? corrections[0] : Promise.all(corrections));
    } catch (error) {
      this.failed('settling token counts', error);
    }
  }

  async refund(): Promise<void> {
    if (this.settled || this.released) return;
    this.settled = true;
    this.released = true;
    await this.limiter.rollback(this);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const { counters } = this.limiter;
    const releases: Promise<void>[] = [];
    for (let i = 0; i < this.admitted; i++) {
      const subject = this.subjects[i]!;
      if (subject.limits.concurrent !== undefined) releases.push(counters.releaseSlot(this.limiter.keysOf(subject).concurrent));
    }
    if (releases.length === 0) return;
    try {
      await (releases.length === 1 ? releases[0] : Promise.all(releases));
    } catch (error) {
      this.failed('releasing concurrency slots', error);
    }
  }

  private failed(what: string, error: unknown): void {
    this.limiter.warn(`switchboard rate limiter: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

