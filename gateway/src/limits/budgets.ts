/**
 * USD budgets per key, per team and for the whole gateway, per UTC day, ISO week and month.
 *
 * Where budgets are set:
 * - global: config `budgets.global`;
 * - team:   config `budgets["team:<name>"]`, for keys whose record names that team;
 * - key:    the key record's `budget` (admin API / UI), over config `budgets["key:<id>"]`
 *           field by field (the config entry is how the master key, id `master`, gets one).
 *
 * Spend is kept in memory, seeded at start from the `spend_daily` rollup so it survives
 * restarts, and incremented after each call. Both charge a call to the team its key had when
 * the call was made: a key that moves to another team leaves its past spend with the old one.
 *
 * A call is admitted against what was spent plus what calls in flight are expected to cost:
 * `reserve` holds the call's expected cost (its prompt at the input price, and a bounded share
 * of its output, see `reservedOutputTokens`) against every budget that applies, and the hold
 * is released when the call settles, as its real cost is charged (`record`). So parallel calls
 * cannot all pass a budget only some of them fit. Spend can still pass a limit by what a call
 * costs beyond its reservation: output past the reserved share, or past the room the last
 * admitted call found (it gets whatever is left, as long as its prompt fits).
 */
import { expectedOutputUsd, expectedPromptUsd } from '../pricing/cost';
import type { ModelPrice } from '../pricing/types';
import type { SpendReader } from '../store/log-types';
import { utcDay } from '../store/spend-rollup';
import { BudgetHold, InFlightSpend, reservedOutputTokens, toUnits } from './budget-holds';
import { budgetPeriods, HOUR_MS, isoInstant, periodEnd, periodStart, type BudgetPeriod } from './budget-periods';
import { budgetRefusal, type BudgetUsage } from './budget-refusal';
import type { BudgetLimits } from './limit-types';
import { HourKeys, totalKey, type ScopeKeys } from './spend-keys';

/** Whose budgets a request is checked against; build it with `budgetSubjects(ctx.key)`. */
export interface BudgetSubjects {
  keyId?: string | null;
  /** How messages name the key; defaults to its id. */
  keyName?: string;
  team?: string | null;
  /** The key record's own budget. */
  keyBudget?: BudgetLimits;
}

/** The fields of a gateway key that its budgets read. */
type BudgetKey = { id: string; name: string; team?: string; budget?: BudgetLimits };

export interface SpendRecord extends BudgetSubjects {
  costUsd: number;
  /** Unix ms the spend belongs to (the request's arrival). Default: now. */
  at?: number;
}

export type { BudgetUsage } from './budget-refusal';
export { BUDGET_OUTPUT_TOKENS, reservedOutputTokens, type BudgetHold } from './budget-holds';

/** Where a call's price comes from (the pipeline's `priceOf`), asked only when a budget applies. */
export interface PriceSource<C> {
  priceOf(candidate: C): ModelPrice | undefined;
}

/** Emitted once per budget per period when spend crosses `alertAt` × limit, and again at 100%. */
export interface BudgetAlert extends BudgetUsage {
  level: 'threshold' | 'exhausted';
}

export interface BudgetTrackerOptions {
  /** The config's `budgets` map, read on every call so edits apply live. */
  budgets: () => Readonly<Record<string, BudgetLimits>> | undefined;
  now?: () => number;
}

const DEFAULT_ALERT_AT = 0.8;
const limitField = { hourly: 'hourlyUsd', daily: 'dailyUsd', weekly: 'weeklyUsd', monthly: 'monthlyUsd' } as const;
/** The limit fields in `budgetPeriods` order, as `ScopeKeys.keys` are. */
const limitFields = budgetPeriods.map((period) => limitField[period]);
const NO_BUDGETS: Readonly<Record<string, BudgetLimits>> = Object.freeze({});

const NO_PRICES: PriceSource<unknown> = { priceOf: () => undefined };
const NO_LIMIT = Number.POSITIVE_INFINITY;

/** Periods `from` up to `to` (indexes into `budgetPeriods`, as `ScopeKeys.keys` are). */
interface PeriodRange {
  from: number;
  to: number;
}
const ALL_PERIODS: PeriodRange = { from: 0, to: budgetPeriods.length };
const HOUR_PERIOD: PeriodRange = { from: 0, to: 1 };
const DAY_PERIODS: PeriodRange = { from: 1, to: budgetPeriods.length };
const USED_UP = Number.NEGATIVE_INFINITY;

interface Budget {
  scope: string;
  subject: string;
  limits: BudgetLimits;
}

export class BudgetTracker {
  /**
   * Builds a tracker seeded with this week's and month's spend from the log's daily rollup, and
   * this hour's from the log's rows (the rollup knows days only).
   */
  static async open(reader: SpendReader, options: BudgetTrackerOptions): Promise<BudgetTracker> {
    const tracker = new BudgetTracker(options);
    const now = tracker.now();
    const from = Math.min(periodStart('weekly', now), periodStart('monthly', now));
    for (const row of await reader.spendByDay({ fromDay: utcDay(from) })) {
      if (row.costUsd === 0) continue;
      tracker.charge({ keyId: row.keyId, team: row.team }, row.costUsd, Date.parse(`${row.day}T00:00:00Z`), DAY_PERIODS);
    }
    const hour = periodStart('hourly', now);
    for (const row of await reader.spendSince(hour)) tracker.charge({ keyId: row.keyId, team: row.team }, row.costUsd, hour, HOUR_PERIOD);
    return tracker;
  }

  private readonly totals = new Map<string, number>();
  /** What admitted calls not yet settled are expected to cost, per scope. */
  private readonly inFlight = new InFlightSpend();
  private readonly alerted = new Set<string>();
  private readonly listeners = new Set<(alert: BudgetAlert) => void>();
  private readonly budgets: BudgetTrackerOptions['budgets'];
  private readonly now: () => number;
  /** The start (Unix ms) of the last hour pruned. */
  private prunedHour = Number.NaN;
  /** The total keys of the hour most recently charged or checked. */
  private hour: HourKeys | undefined;

  constructor(options: BudgetTrackerOptions) {
    this.budgets = options.budgets;
    this.now = options.now ?? Date.now;
  }

  /** Throws a 429 `budget_exceeded` when any budget of these subjects is used up. */
  check(subjects: BudgetSubjects): void {
    this.reserve(subjects, NO_PRICES, undefined, 0, 0);
  }

  /**
   * Admits a call against every budget of its subjects, or throws a 429 `budget_exceeded`, and
   * holds its expected cost until `release()`, at the price `prices` gives `candidate` (asked
   * only when a budget applies): `promptTokens` at the input rate must fit in what no spend or
   * call in flight has taken yet; `reservedOutputTokens(maxOutputTokens)` at the output rate is
   * held as far as the room left allows (0 reserves no output: embeddings). Undefined when no
   * budget applies or nothing is expected to cost anything (an unpriced model): then there is
   * nothing to give back.
   */
  reserve<C>(subjects: BudgetSubjects, prices: PriceSource<C>, candidate: C | undefined, promptTokens: number, maxOutputTokens: number | undefined): BudgetHold | undefined {
    const config = this.budgets() ?? NO_BUDGETS;
    const now = this.now();
    const hour = this.hourOf(now);
    const global = config.global;
    const key = subjects.keyId ? hour.key(subjects.keyId) : undefined;
    const keyScope = key === undefined ? undefined : config[key.scope];
    const team = subjects.team ? hour.team(subjects.team) : undefined;
    const teamScope = team === undefined ? undefined : config[team.scope];
    // The hot path compares numbers only; the descriptive usage objects are built on refusal.
    const globalFree = global === undefined ? NO_LIMIT : this.free(hour.global, global, undefined);
    const keyFree = key === undefined || (keyScope === undefined && subjects.keyBudget === undefined) ? NO_LIMIT : this.free(key, subjects.keyBudget, keyScope);
    const teamFree = team === undefined || teamScope === undefined ? NO_LIMIT : this.free(team, teamScope, undefined);
    const room = Math.min(globalFree, keyFree, teamFree);
    if (room === NO_LIMIT) return undefined;
    const price = candidate === undefined ? undefined : prices.priceOf(candidate);
    const promptUsd = price === undefined ? 0 : expectedPromptUsd(price, promptTokens);
    // Refused when a budget is used up (then whatever the call costs), or when this call's
    // prompt does not fit in what spend and calls in flight leave (an unpriced call costs nothing).
    if (room === USED_UP || (promptUsd > 0 && promptUsd > room)) {
      const error = budgetRefusal(this.usage(subjects, now), (scope) => this.inFlight.usd(scope), promptUsd, now);
      if (error) throw error;
    }
    if (!(promptUsd > 0)) return undefined;
    // Only the prompt must fit: the output gets the room that is left, as a TPM does with
    // max_tokens. Waiting for all of it would refuse the last calls a budget has room for.
    const outputUsd = maxOutputTokens === 0 ? 0 : expectedOutputUsd(price!, promptTokens, reservedOutputTokens(maxOutputTokens, price));
    const spare = room - promptUsd;
    const units = toUnits(promptUsd + (outputUsd < spare ? outputUsd : spare > 0 ? spare : 0));
    const hold = new BudgetHold(this.inFlight, units, globalFree === NO_LIMIT ? undefined : hour.global.scope, keyFree === NO_LIMIT ? undefined : key!.scope, teamFree === NO_LIMIT ? undefined : team!.scope);
    hold.take();
    return hold;
  }

  /** USD that calls in flight hold against a scope (`global`, `key:<id>`, `team:<name>`); 0 when none. */
  reservedUsd(scope: string): number {
    return this.inFlight.usd(scope);
  }

  /** The scopes calls in flight hold anything against. */
  reservedScopes(): string[] {
    return this.inFlight.scopes();
  }

  /** Adds a finished call's cost and emits any alert it triggers. */
  record(spend: SpendRecord): void {
    if (!(spend.costUsd > 0)) return;
    const now = this.now();
    const at = spend.at ?? now;
    // Pruned by the clock, not by `at`: a call that arrived before the hour turned and ends after
    // it is charged to the hour it arrived, and must not take the new hour's totals with it.
    this.prune(Math.max(at, now));
    if (!this.charge(spend, spend.costUsd, at)) return;
    for (const usage of this.usage(spend, at)) {
      // A call that arrived before its period ended and settles after: charged to that period,
      // which has nothing left to alert about.
      if (Date.parse(usage.resetsAt) <= now) continue;
      const before = usage.spentUsd - spend.costUsd;
      const threshold = usage.alertAt * usage.limitUsd;
      if (before < threshold && usage.spentUsd >= threshold) this.alert(usage, 'threshold');
      if (before < usage.limitUsd && usage.spentUsd >= usage.limitUsd) this.alert(usage, 'exhausted');
    }
  }

  /** Every budget that applies to these subjects, per period, with what has been spent. */
  usage(subjects: BudgetSubjects, at = this.now()): BudgetUsage[] {
    const out: BudgetUsage[] = [];
    for (const budget of this.applicable(subjects)) {
      for (const period of budgetPeriods) {
        const limitUsd = budget.limits[limitField[period]];
        if (limitUsd === undefined) continue;
        const start = periodStart(period, at);
        out.push({
          scope: budget.scope,
          subject: budget.subject,
          period,
          limitUsd,
          spentUsd: this.totals.get(totalKey(budget.scope, period, start)) ?? 0,
          alertAt: budget.limits.alertAt ?? DEFAULT_ALERT_AT,
          periodStart: isoInstant(start),
          resetsAt: isoInstant(periodEnd(period, at)),
        });
      }
    }
    return out;
  }

  /** USD spent by a scope (`global`, `key:<id>`, `team:<name>`) in the period containing `at`. */
  spent(scope: string, period: BudgetPeriod, at = this.now()): number {
    return this.totals.get(totalKey(scope, period, periodStart(period, at))) ?? 0;
  }

  /** Subscribes to budget alerts (for the UI's live events). Returns the unsubscribe function. */
  onAlert(listener: (alert: BudgetAlert) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  // The hot paths (check and record, on every request) compare numbers in maps under keys
  // built once per hour; usage() builds the descriptive objects when there is something to say.

  /**
   * What a scope has free: the least `limit − spent` over its limited periods (`limits` field by
   * field, else `fallback`'s), less what calls in flight hold. NO_LIMIT when it limits no period,
   * USED_UP when any period's spend has reached its limit.
   */
  private free({ scope, keys }: ScopeKeys, limits: BudgetLimits | undefined, fallback: BudgetLimits | undefined): number {
    let left = NO_LIMIT;
    for (let index = 0; index < keys.length; index += 1) {
      const limit = pick(limits, fallback, limitFields[index]!);
      if (limit === undefined) continue;
      const room = limit - (this.totals.get(keys[index]!) ?? 0);
      if (room <= 0) return USED_UP;
      if (room < left) left = room;
    }
    return left === NO_LIMIT ? left : left - this.inFlight.usd(scope);
  }

  /**
   * Adds the cost to the global total and the subjects' key and team totals, whether or not
   * they have a budget (one set later applies to what was spent this period). True when that
   * crossed an alert threshold or a limit of a budget that applies (see `applicable`). `periods`
   * (indexes into `budgetPeriods`) limits it to some periods: a seed from the daily rollup
   * knows nothing of hours.
   */
  private charge(subjects: BudgetSubjects, costUsd: number, at: number, periods = ALL_PERIODS): boolean {
    const config = this.budgets() ?? NO_BUDGETS;
    const hour = this.hourOf(at);
    let crossed = this.add(hour.global, costUsd, config.global, undefined, periods);
    if (subjects.keyId) {
      const key = hour.key(subjects.keyId);
      crossed = this.add(key, costUsd, subjects.keyBudget, config[key.scope], periods) || crossed;
    }
    if (subjects.team) {
      const team = hour.team(subjects.team);
      crossed = this.add(team, costUsd, config[team.scope], undefined, periods) || crossed;
    }
    return crossed;
  }

  private add({ keys }: ScopeKeys, costUsd: number, limits: BudgetLimits | undefined, fallback: BudgetLimits | undefined, periods: PeriodRange): boolean {
    let crossed = false;
    for (let index = periods.from; index < periods.to; index += 1) {
      const key = keys[index]!;
      const spent = (this.totals.get(key) ?? 0) + costUsd;
      this.totals.set(key, spent);
      const limit = pick(limits, fallback, limitFields[index]!);
      if (limit === undefined) continue;
      const threshold = (pick(limits, fallback, 'alertAt') ?? DEFAULT_ALERT_AT) * limit;
      // As usage() and record() work it out, so the two always agree on what crossed.
      const before = spent - costUsd;
      if ((before < threshold && spent >= threshold) || (before < limit && spent >= limit)) crossed = true;
    }
    return crossed;
  }

  private hourOf(at: number): HourKeys {
    if (this.hour?.contains(at)) return this.hour;
    this.hour = new HourKeys(at);
    return this.hour;
  }

  private applicable(subjects: BudgetSubjects): Budget[] {
    const config = this.budgets() ?? {};
    const budgets: Budget[] = [];
    if (config.global) budgets.push({ scope: 'global', subject: 'the whole gateway', limits: config.global });
    if (subjects.keyId) {
      const scope = `key:${subjects.keyId}`;
      budgets.push({ scope, subject: `key '${subjects.keyName ?? subjects.keyId}'`, limits: { ...defined(config[scope]), ...defined(subjects.keyBudget) } });
    }
    if (subjects.team) budgets.push({ scope: `team:${subjects.team}`, subject: `team '${subjects.team}'`, limits: { ...config[`team:${subjects.team}`] } });
    return budgets;
  }

  private alert(usage: BudgetUsage, level: BudgetAlert['level']): void {
    const once = `${totalKey(usage.scope, usage.period, Date.parse(usage.periodStart))}\u0000${level}`;
    if (this.alerted.has(once)) return;
    this.alerted.add(once);
    for (const listener of this.listeners) listener({ ...usage, level });
  }

  /** Forgets totals and alerts of periods that have ended, at most once per hour (and never for an earlier hour). */
  private prune(at: number): void {
    const hour = Math.floor(at / HOUR_MS) * HOUR_MS;
    if (hour <= this.prunedHour) return;
    this.prunedHour = hour;
    const isCurrent = (key: string): boolean => {
      // Keys are written by totalKey only: scope, period, period start.
      const [, period, start] = key.split('\u0000');
      return Number(start) === periodStart(period as BudgetPeriod, at);
    };
    for (const key of this.totals.keys()) if (!isCurrent(key)) this.totals.delete(key);
    for (const key of this.alerted) if (!isCurrent(key)) this.alerted.delete(key);
  }
}

/** The budget subjects of an authenticated key (or none, for an open-on-loopback request). */
export function budgetSubjects(key: BudgetKey | null): BudgetSubjects {
  if (!key) return {};
  return { keyId: key.id, keyName: key.name, team: key.team, keyBudget: key.budget };
}

/** What a call by `key` spent, `at` its arrival (one literal: this runs on every priced call). */
export function spendOf(key: BudgetKey | null, costUsd: number, at: number): SpendRecord {
  if (!key) return { costUsd, at };
  return { keyId: key.id, keyName: key.name, team: key.team, keyBudget: key.budget, costUsd, at };
}

/** A budget field from `limits`, or from `fallback` where `limits` leaves it unset. */
function pick(limits: BudgetLimits | undefined, fallback: BudgetLimits | undefined, field: keyof BudgetLimits): number | undefined {
  const value = limits?.[field];
  return value !== undefined ? value : fallback?.[field];
}

function defined(limits: BudgetLimits | undefined): BudgetLimits {
  return Object.fromEntries(Object.entries(limits ?? {}).filter(([, value]) => value !== undefined));
}
