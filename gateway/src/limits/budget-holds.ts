/**
 * What calls in flight are expected to cost, per budget scope (`global`, `key:<id>`,
 * `team:<name>`): the part of each budget that admitted calls have reserved and not yet settled.
 *
 * Amounts are kept in whole units of 1e-10 USD (the precision costs are rounded to), so adding
 * and taking away the same reservation returns a scope to exactly zero: a leak would show as a
 * number that never goes back. A scope's entry stays at zero rather than being deleted, so one
 * call at a time does not add and delete a Map entry per request.
 * One reservation is per scope, not per period: every call in flight belongs to the current
 * periods, so one figure counts against the scope's daily, weekly and monthly room alike.
 */

import type { ModelPrice } from '../pricing/types';

const UNITS_PER_USD = 1e10;

/**
 * The most output a call reserves against budgets, in tokens: its `max_tokens` up to this, or
 * this when it sets none. Reserving all of `max_tokens` (Claude Code asks for 32,000) would
 * refuse calls that fit, and pin a budget's last room on calls that mostly answer in a few
 * hundred tokens; reserving none would let parallel calls overshoot by all their output. 8,192
 * is what the gateway asks Anthropic for when a client sets no limit: a call allowing that much
 * or less is reserved in full.
 */
export const BUDGET_OUTPUT_TOKENS = 8192;

/** The output tokens a call reserves: `maxTokens` up to BUDGET_OUTPUT_TOKENS and the model's own limit. */
export function reservedOutputTokens(maxTokens: number | undefined, price: ModelPrice | undefined): number {
  const cap = price?.maxOutputTokens !== undefined && price.maxOutputTokens < BUDGET_OUTPUT_TOKENS ? price.maxOutputTokens : BUDGET_OUTPUT_TOKENS;
  return maxTokens === undefined || maxTokens > cap ? cap : maxTokens;
}

/** USD as whole reservation units, rounded up so a call never holds less than expected. */
export const toUnits = (usd: number): number => Math.ceil(usd * UNITS_PER_USD);

export class InFlightSpend {
  private readonly units = new Map<string, number>();

  /** USD reserved by calls in flight against a scope. */
  usd(scope: string): number {
    const units = this.units.get(scope);
    return units === undefined ? 0 : units / UNITS_PER_USD;
  }

  /** Scopes with something in flight (for tests and the admin view). */
  scopes(): string[] {
    return [...this.units].filter(([, units]) => units > 0).map(([scope]) => scope);
  }

  add(scope: string, units: number): void {
    this.units.set(scope, (this.units.get(scope) ?? 0) + units);
  }

  remove(scope: string, units: number): void {
    const left = (this.units.get(scope) ?? 0) - units;
    this.units.set(scope, left > 0 ? left : 0);
  }
}

/**
 * One admitted call's reservation, against up to three scopes (the whole gateway, its key, its
 * key's team). `release()` gives it back when the call settles, whatever the outcome; the cost
 * itself is charged by `BudgetTracker.record` in the same tick. A class with plain fields,
 * not closures: one is made per request under a budget.
 */
export class BudgetHold {
  private released = false;

  constructor(
    private readonly ledger: InFlightSpend,
    /** What is held, in units (see `toUnits`). */
    readonly units: number,
    private readonly global: string | undefined,
    private readonly key: string | undefined,
    private readonly team: string | undefined,
  ) {}

  /** Adds the reservation to the ledger (once, when admitted). */
  take(): void {
    if (this.global !== undefined) this.ledger.add(this.global, this.units);
    if (this.key !== undefined) this.ledger.add(this.key, this.units);
    if (this.team !== undefined) this.ledger.add(this.team, this.units);
  }

  /** Gives the reservation back. Idempotent: every path may call it, only the first counts. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.global !== undefined) this.ledger.remove(this.global, this.units);
    if (this.key !== undefined) this.ledger.remove(this.key, this.units);
    if (this.team !== undefined) this.ledger.remove(this.team, this.units);
  }
}
