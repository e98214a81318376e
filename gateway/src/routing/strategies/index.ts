import type { Strategy } from '../../config/schema';
import { conditional } from './conditional';
import { fallback } from './fallback';
import { loadbalance } from './loadbalance';
import { lowestCost } from './lowest-cost';
import { lowestLatency } from './lowest-latency';
import { single } from './single';
import type { RoutingStrategy } from './types';

/** Every strategy, by the name routes use in the config. */
export const strategies: Record<Strategy, RoutingStrategy> = {
  single,
  fallback,
  loadbalance,
  conditional,
  'lowest-latency': lowestLatency,
  'lowest-cost': lowestCost,
};

export type { Branch, RoutingStrategy, StrategyContext } from './types';
