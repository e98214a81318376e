import type { RoutingStrategy } from './types';

/**
 * Fastest first, by the moving average of time to first token (streams) or total latency
 * (everything else) of each branch's first provider model. Targets never measured go first,
 * in listed order, so they get measured; ties keep the listed order.
 */
export const lowestLatency: RoutingStrategy = {
  name: 'lowest-latency',
  order(branches, { facts, stats }) {
    const metric = facts.stream ? 'ttft' : 'latency';
    const scored = branches.map((branch, index) => {
      const first = branch.candidates()[0];
      const ms = first ? stats.get(first.key, metric) : undefined;
      return { branch, index, ms: ms ?? Number.NEGATIVE_INFINITY };
    });
    scored.sort((a, b) => a.ms - b.ms || a.index - b.index);
    return scored.map((entry) => entry.branch);
  },
};
