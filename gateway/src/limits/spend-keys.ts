/**
 * The keys of BudgetTracker's spend totals: one per scope, period and period start.
 *
 * Every request reads and adds to a few totals. Every period starts on a UTC hour boundary, so
 * one hour lies wholly inside one period of each kind: the keys a request needs are the same
 * all hour. HourKeys builds them once per scope and hour, instead of new strings and Date
 * objects on every call.
 */
import { budgetPeriods, HOUR_MS, periodStart, type BudgetPeriod } from './budget-periods';

/** The map key of a scope's total for the `period` that starts at `start`. */
export const totalKey = (scope: string, period: BudgetPeriod, start: number): string => `${scope}\u0000${period}\u0000${start}`;

/** A scope (`global`, `key:<id>`, `team:<name>`) with its totals' keys, in `budgetPeriods` order. */
export interface ScopeKeys {
  scope: string;
  keys: readonly string[];
}

/** The periods containing one UTC hour, and the total keys of the scopes used that hour. */
export class HourKeys {
  /** Unix ms of the hour's start. */
  readonly start: number;
  readonly global: ScopeKeys;
  private readonly periodStarts: readonly number[];
  // By id and by team name, so a lookup needs no `key:`/`team:` string built per call.
  private readonly keyScopes = new Map<string, ScopeKeys>();
  private readonly teamScopes = new Map<string, ScopeKeys>();

  constructor(at: number) {
    this.start = Math.floor(at / HOUR_MS) * HOUR_MS;
    this.periodStarts = budgetPeriods.map((period) => periodStart(period, this.start));
    this.global = this.scope('global');
  }

  contains(at: number): boolean {
    return at >= this.start && at < this.start + HOUR_MS;
  }

  key(id: string): ScopeKeys {
    return this.remembered(this.keyScopes, id, 'key:');
  }

  team(name: string): ScopeKeys {
    return this.remembered(this.teamScopes, name, 'team:');
  }

  private remembered(scopes: Map<string, ScopeKeys>, name: string, prefix: string): ScopeKeys {
    let found = scopes.get(name);
    if (found === undefined) {
      found = this.scope(prefix + name);
      scopes.set(name, found);
    }
    return found;
  }

  private scope(scope: string): ScopeKeys {
    return { scope, keys: budgetPeriods.map((period, index) => totalKey(scope, period, this.periodStarts[index]!)) };
  }
}
