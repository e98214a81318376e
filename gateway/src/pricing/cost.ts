/**
 * What a call cost, from the canonical usage and a model's price. Canonical usage already
 * splits the prompt into full-price, cache-read and cache-write tokens, and counts reasoning
 * tokens inside `outputTokens`, so each token is billed exactly once here.
 */
import type { Usage } from '../canonical/types';
import type { ModelPrice } from './types';

const TOKENS_PER_PRICE_UNIT = 1_000_000;
const SEARCHES_PER_PRICE_UNIT = 1_000;

/**
 * Cost in USD. 0 when the price is unknown: callers that must tell "free" from "unknown"
 * check the price lookup for undefined instead.
 */
export function costUsd(usage: Usage, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const rates = ratesFor(price, promptTokens(usage));
  const writes = count(usage.cacheWriteTokens);
  // The 1-hour writes are a share of all writes, billed at their own rate.
  const hourWrites = Math.min(writes, count(usage.cacheWrite1hTokens ?? 0));
  const total =
    count(usage.inputTokens) * rates.input +
    count(usage.cachedInputTokens) * rates.cachedInput +
    (writes - hourWrites) * rates.cacheWrite +
    hourWrites * rates.cacheWrite1h +
    count(usage.outputTokens) * rates.output;
  const searches = count(usage.webSearches ?? 0) * (price.webSearchPer1k ?? 0);
  return roundUsd(total / TOKENS_PER_PRICE_UNIT + searches / SEARCHES_PER_PRICE_UNIT);
}

/** Cost in USD of embedding `tokens` input tokens; 0 when the price is unknown. */
export function embeddingCostUsd(tokens: number, price: ModelPrice | undefined): number {
  if (!price) return 0;
  return roundUsd((count(tokens) * price.input) / TOKENS_PER_PRICE_UNIT);
}

/**
 * What a call is expected to cost before it runs, in USD: `promptTokens` at the input rate and
 * `outputTokens` at the output rate, both of the long-context tier once the prompt passes it.
 * Budgets reserve it at admission (limits/budgets.ts). No objects: it runs on every request.
 */
export function expectedPromptUsd(price: ModelPrice, promptTokens: number): number {
  const tier = price.longContext;
  const rate = tier && promptTokens > tier.aboveInputTokens ? tier.input : price.input;
  return (count(promptTokens) * rate) / TOKENS_PER_PRICE_UNIT;
}

/** The output half of `expectedPromptUsd`: `outputTokens` at the output rate for this prompt size. */
export function expectedOutputUsd(price: ModelPrice, promptTokens: number, outputTokens: number): number {
  if (price.mode === 'embedding') return 0;
  const tier = price.longContext;
  const rate = tier && promptTokens > tier.aboveInputTokens ? tier.output : price.output;
  return (count(outputTokens) * rate) / TOKENS_PER_PRICE_UNIT;
}

/** Every token of the prompt, however it was billed: what long-context tiers are measured on. */
export function promptTokens(usage: Usage): number {
  return count(usage.inputTokens) + count(usage.cachedInputTokens) + count(usage.cacheWriteTokens);
}

interface Rates {
  input: number;
  output: number;
  cachedInput: number;
  cacheWrite: number;
  cacheWrite1h: number;
}

/** The rates for a call: the long-context tier's for the whole call once the prompt passes it. */
function ratesFor(price: ModelPrice, prompt: number): Rates {
  const tier = price.longContext;
  if (tier && prompt > tier.aboveInputTokens) {
    const cacheWrite = tier.cacheWrite ?? price.cacheWrite ?? tier.input;
    return {
      input: tier.input,
      output: tier.output,
      cachedInput: tier.cachedInput ?? price.cachedInput ?? tier.input,
      cacheWrite,
      cacheWrite1h: tier.cacheWrite1h ?? price.cacheWrite1h ?? cacheWrite,
    };
  }
  const cacheWrite = price.cacheWrite ?? price.input;
  return {
    input: price.input,
    output: price.output,
    cachedInput: price.cachedInput ?? price.input,
    cacheWrite,
    cacheWrite1h: price.cacheWrite1h ?? cacheWrite,
  };
}

/** Token counts from providers are trusted but not blindly: a missing or negative one bills nothing. */
function count(tokens: number): number {
  return Number.isFinite(tokens) && tokens > 0 ? tokens : 0;
}

/** Rounds to 1e-10 USD so sums in logs and budgets don't carry float noise (0.30000000000000004). */
function roundUsd(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}
