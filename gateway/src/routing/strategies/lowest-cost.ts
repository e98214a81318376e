import { emptyUsage } from '../../canonical/types';
import type { Usage } from '../../canonical/types';
import { costUsd } from '../../pricing/cost';
import type { Candidate } from '../types';
import type { RoutingStrategy } from './types';

/** Prompt size assumed when the request is unknown (embeddings route by name only). */
const NOMINAL_PROMPT_TOKENS = 1000;
/** Expected reply size: `max_tokens` is a ceiling, so it is capped to keep input prices in play. */
const NOMINAL_OUTPUT_TOKENS = 1000;

/**
 * Cheapest first: each branch's first provider model priced (bundled table plus config
 * overrides, long-context tiers included) for the estimated prompt tokens and a nominal reply
 * of min(max_tokens, 1,000) tokens. Unknown prices go last; ties keep the listed order.
 */
export const lowestCost: RoutingStrategy = {
  name: 'lowest-cost',
  order(branches, { facts }) {
    const prompt = facts.estimatedTokens ?? NOMINAL_PROMPT_TOKENS;
    const output = Math.min(facts.maxTokens ?? NOMINAL_OUTPUT_TOKENS, NOMINAL_OUTPUT_TOKENS);
    // One usage for every branch: only the price differs between them.
    const usage = emptyUsage();
    usage.inputTokens = prompt;
    usage.outputTokens = output;
    const scored = branches.map((branch, index) => ({ branch, index, usd: estimatedCost(branch.candidates()[0], usage) }));
    scored.sort((a, b) => a.usd - b.usd || a.index - b.index);
    return scored.map((entry) => entry.branch);
  },
};

function estimatedCost(candidate: Candidate | undefined, usage: Usage): number {
  if (!candidate?.price) return Number.POSITIVE_INFINITY;
  return costUsd(usage, candidate.price);
}
