import type { RoutingStrategy } from './types';

/**
 * Weighted random order without replacement: the first pick follows the weights, and the
 * rest stay behind it as fallbacks (picked the same way from what remains). Over many
 * requests each target comes first in proportion to its weight.
 */
export const loadbalance: RoutingStrategy = {
  name: 'loadbalance',
  order(branches, { random }) {
    const pool = [...branches];
    const ordered: typeof pool = [];
    while (pool.length > 0) {
      const total = pool.reduce((sum, branch) => sum + weightOf(branch.weight), 0);
      let point = random() * total;
      let index = 0;
      // Stop at the branch whose cumulative weight passes the point; the last one absorbs rounding.
      while (index < pool.length - 1) {
        point -= weightOf((pool[index] as (typeof pool)[number]).weight);
        if (point < 0) break;
        index++;
      }
      ordered.push(...pool.splice(index, 1));
    }
    return ordered;
  },
};

const weightOf = (weight: number): number => (Number.isFinite(weight) && weight > 0 ? weight : 1);
