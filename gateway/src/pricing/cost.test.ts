import { describe, expect, it } from 'vitest';
import { emptyUsage } from '../canonical/types';
import type { Usage } from '../canonical/types';
import { costUsd, embeddingCostUsd, expectedOutputUsd, expectedPromptUsd } from './cost';
import { PriceTable, priceForTarget } from './price-table';
import type { ModelPrice } from './types';

const table = PriceTable.bundled();
const priceOf = (type: string, model: string, preset?: string): ModelPrice => {
  const price = table.lookup(type, model, preset);
  if (!price) throw new Error(`${model} is not in the table`);
  return price;
};
const usage = (counts: Partial<Usage>): Usage => ({ ...emptyUsage(), ...counts });

describe('costUsd', () => {
  it('bills an OpenAI call with cached and reasoning tokens once each', () => {
    // OpenAI reported prompt_tokens 12,000 (8,000 cached) and completion_tokens 3,000 (2,000 reasoning).
    const call = usage({ inputTokens: 4_000, cachedInputTokens: 8_000, outputTokens: 3_000, reasoningTokens: 2_000 });
    // gpt-5.1: 4,000 × $1.25 + 8,000 × $0.125 + 3,000 × $10 = $36,000 per million tokens.
    expect(costUsd(call, priceOf('openai', 'gpt-5.1'))).toBe(0.036);
  });

  it('bills an Anthropic call with cache writes and cache reads at their own prices', () => {
    const call = usage({ inputTokens: 1_500, cacheWriteTokens: 10_000, cachedInputTokens: 40_000, outputTokens: 800 });
    // claude-sonnet-4-5: 1,500 × $3 + 40,000 × $0.30 + 10,000 × $3.75 + 800 × $15 = $66,000 per million.
    expect(costUsd(call, priceOf('anthropic', 'claude-sonnet-4-5-20250929'))).toBe(0.066);
  });

  it('bills 1-hour cache writes at twice the input price, and the rest of the writes at the 5-minute price', () => {
    const call = usage({ inputTokens: 1_000, cacheWriteTokens: 10_000, cacheWrite1hTokens: 4_000, outputTokens: 1_000 });
    // claude-sonnet-4-5: 1,000 × $3 + 6,000 × $3.75 + 4,000 × $6 + 1,000 × $15 = $64,500 per million.
    expect(costUsd(call, priceOf('anthropic', 'claude-sonnet-4-5'))).toBe(0.0645);
    // A configured price without a 1-hour rate bills every write at its cacheWrite.
    expect(costUsd(call, { input: 3, output: 15, cacheWrite: 3.75 })).toBe(0.0555);
  });

  it("adds Anthropic's web searches at $10 per thousand to the tokens", () => {
    const call = usage({ inputTokens: 1_000, outputTokens: 1_000, webSearches: 3 });
    // claude-haiku-4-5: 1,000 × $1 + 1,000 × $5 per million, + 3 × $0.01.
    expect(costUsd(call, priceOf('anthropic', 'claude-haiku-4-5'))).toBe(0.036);
    // A configured token price keeps the listed search fee.
    expect(costUsd(call, priceForTarget(table, { type: 'anthropic' }, 'claude-haiku-4-5', { input: 0, output: 0 }))).toBe(0.03);
  });

  it('bills cache reads and writes at the input price when the model lists none', () => {
    const price: ModelPrice = { input: 2, output: 4 };
    const call = usage({ inputTokens: 1_000, cachedInputTokens: 1_000, cacheWriteTokens: 1_000, outputTokens: 1_000 });
    expect(costUsd(call, price)).toBe(0.01);
  });

  it('switches the whole call to the long-context tier once the prompt passes it', () => {
    const pro = priceOf('gemini', 'gemini-2.5-pro');
    // Exactly 200k prompt tokens stays in the base tier: 200,000 × $1.25 + 1,000 × $10.
    expect(costUsd(usage({ inputTokens: 200_000, outputTokens: 1_000 }), pro)).toBe(0.26);
    // 250k: 250,000 × $2.50 + 1,000 × $15.
    expect(costUsd(usage({ inputTokens: 250_000, outputTokens: 1_000 }), pro)).toBe(0.64);
  });

  it('counts cache reads toward the long-context threshold and bills them at the tier price', () => {
    const call = usage({ inputTokens: 50_000, cachedInputTokens: 160_000, outputTokens: 2_000 });
    // claude-sonnet-4-5 above 200k: 50,000 × $6 + 160,000 × $0.60 + 2,000 × $22.50.
    expect(costUsd(call, priceOf('anthropic', 'claude-sonnet-4-5'))).toBe(0.441);
  });

  it('keeps the base cache-read price when the long-context tier lists none', () => {
    const call = usage({ inputTokens: 100_000, cachedInputTokens: 50_000, outputTokens: 1_000 });
    // grok-4 above 128k: 100,000 × $6 + 50,000 × $0.75 + 1,000 × $30.
    expect(costUsd(call, priceOf('xai', 'grok-4'))).toBe(0.6675);
  });

  it('is 0 for an unknown price', () => {
    expect(costUsd(usage({ inputTokens: 1_000, outputTokens: 1_000 }), undefined)).toBe(0);
  });

  it('rounds away float noise', () => {
    // 3 × 0.1 is 0.30000000000000004 in floating point.
    expect(costUsd(usage({ inputTokens: 3 }), { input: 0.1, output: 0 })).toBe(3e-7);
  });

  it('ignores missing or negative token counts rather than producing NaN', () => {
    const broken = usage({ inputTokens: Number.NaN, outputTokens: -5, cachedInputTokens: 1_000 });
    expect(costUsd(broken, { input: 1, output: 1, cachedInput: 0.5 })).toBe(0.0005);
  });
});

describe('embeddingCostUsd', () => {
  it('bills input tokens only', () => {
    expect(embeddingCostUsd(123_456, priceOf('openai', 'text-embedding-3-small'))).toBe(0.00246912);
  });

  it('is 0 for an unknown price', () => {
    expect(embeddingCostUsd(1_000, undefined)).toBe(0);
  });
});

describe('expectedPromptUsd and expectedOutputUsd', () => {
  const sonnet: ModelPrice = { input: 3, output: 15, longContext: { aboveInputTokens: 200_000, input: 6, output: 22.5 } };

  it("price a call before it runs at the tier its prompt falls in, as costUsd will", () => {
    expect(expectedPromptUsd(sonnet, 10_000)).toBeCloseTo(0.03, 12);
    expect(expectedOutputUsd(sonnet, 10_000, 1_000)).toBeCloseTo(0.015, 12);
    expect(expectedPromptUsd(sonnet, 300_000)).toBeCloseTo(1.8, 12);
    expect(expectedOutputUsd(sonnet, 300_000, 1_000)).toBeCloseTo(0.0225, 12);
  });

  it('expect no output cost from an embedding model', () => {
    expect(expectedOutputUsd({ input: 0.02, output: 0, mode: 'embedding' }, 1_000, 8192)).toBe(0);
  });
});
