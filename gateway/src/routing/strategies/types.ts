import type { Strategy } from '../../config/schema';
import type { ResolvedFacts } from '../facts';
import type { TargetStats } from '../stats';
import type { Candidate } from '../types';

/**
 * One entry a strategy orders: a target of the route (a provider model or a nested route), or
 * for a conditional route one rule's branch. Its candidates are expanded on first use, so a
 * conditional route never expands the branches it does not pick.
 */
export interface Branch {
  /** Relative weight for loadbalance (1 when unset). */
  readonly weight: number;
  /** A conditional rule's `when`; absent on the default branch and on ordinary targets. */
  readonly when?: unknown;
  /** The conditional route's `default`. */
  readonly isDefault?: boolean;
  /** The provider models behind this branch, in order. */
  candidates(): Candidate[];
}

export interface StrategyContext {
  facts: ResolvedFacts;
  /** Uniform in [0, 1); seeded in tests. */
  random: () => number;
  stats: TargetStats;
}

/**
 * Orders a route's branches. A strategy never tries anything: the executor walks the order it
 * returns, so fallback, retry and timeouts live in one place. The result holds only input
 * branches, each at most once; every strategy but `single` and `conditional` returns all of them.
 */
export interface RoutingStrategy {
  readonly name: Strategy;
  order<B extends Branch>(branches: readonly B[], context: StrategyContext): B[];
}
