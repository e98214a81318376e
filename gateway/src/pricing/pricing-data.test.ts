import { describe, expect, it } from 'vitest';
import data from '../../../resources/pricing.json';
import { PriceTable } from './price-table';
import { parsePriceTable } from './table-data';

const table = PriceTable.bundled();
const entries = table.entries();
const chatEntries = entries.filter(([, price]) => price.mode !== 'embedding');

describe('resources/pricing.json', () => {
  it('matches the table schema (non-negative prices, known fields, aliases that resolve)', () => {
    expect(() => parsePriceTable(data)).not.toThrow();
  });

  it('covers every provider namespace', () => {
    const namespaces = new Set(entries.map(([key]) => key.split('/')[0]));
    expect([...namespaces].sort()).toEqual(['anthropic', 'deepseek', 'gemini', 'groq', 'mistral', 'openai', 'xai']);
  });

  it('gives every model a context window that holds its limits', () => {
    for (const [key, price] of entries) {
      expect(price.contextWindow, key).toBeGreaterThan(0);
      expect(price.maxOutputTokens ?? 0, key).toBeLessThanOrEqual(price.contextWindow ?? 0);
      expect(price.maxInputTokens ?? 0, key).toBeLessThanOrEqual(price.contextWindow ?? 0);
    }
  });

  it('prices output at least as high as input for every chat model', () => {
    for (const [key, price] of chatEntries) expect(price.output, key).toBeGreaterThanOrEqual(price.input);
  });

  it('bills embeddings for input only', () => {
    for (const [key, price] of entries.filter(([, p]) => p.mode === 'embedding')) expect(price.output, key).toBe(0);
  });

  it('makes cache reads cheaper than input and cache writes no cheaper', () => {
    for (const [key, price] of entries) {
      if (price.cachedInput !== undefined) expect(price.cachedInput, key).toBeLessThan(price.input);
      if (price.cacheWrite !== undefined) expect(price.cacheWrite, key).toBeGreaterThanOrEqual(price.input);
    }
  });

  it("lists Anthropic's cache prices at 0.1× (read), 1.25× (5-minute write) and 2× (1-hour write) of input, and $10 per 1,000 web searches", () => {
    for (const [key, price] of entries.filter(([k]) => k.startsWith('anthropic/'))) {
      expect(price.cachedInput, key).toBeCloseTo(price.input * 0.1, 10);
      expect(price.cacheWrite, key).toBeCloseTo(price.input * 1.25, 10);
      expect(price.cacheWrite1h, key).toBeCloseTo(price.input * 2, 10);
      expect(price.webSearchPer1k, key).toBe(10);
      const tier = price.longContext;
      if (tier) expect(tier.cacheWrite1h, key).toBeCloseTo(tier.input * 2, 10);
    }
  });

  // Claude Sonnet 4/4.5 list a 200k window; their tier is reached through the 1M-context beta.
  it('makes long-context tiers dearer than the base and starting within the window', () => {
    for (const [key, price] of entries) {
      const tier = price.longContext;
      if (!tier) continue;
      expect(tier.input, key).toBeGreaterThan(price.input);
      expect(tier.output, key).toBeGreaterThan(price.output);
      expect(tier.aboveInputTokens, key).toBeLessThanOrEqual(price.contextWindow ?? 0);
    }
  });

  it('finds every listed model under its own name', () => {
    for (const [key, price] of entries) {
      const slash = key.indexOf('/');
      expect(table.lookup(key.slice(0, slash), key.slice(slash + 1)), key).toBe(price);
    }
  });

  it('lists the models the gateway is expected to price', () => {
    const expected: Array<[string, string, string?]> = [
      ['openai', 'gpt-5.1'], ['openai', 'gpt-5'], ['openai', 'gpt-5-mini'], ['openai', 'gpt-5-nano'], ['openai', 'gpt-5.1-codex'],
      ['openai', 'gpt-4.1'], ['openai', 'gpt-4.1-mini'], ['openai', 'gpt-4.1-nano'], ['openai', 'gpt-4o'], ['openai', 'gpt-4o-mini'],
      ['openai', 'o3'], ['openai', 'o4-mini'], ['openai', 'o1'], ['openai', 'text-embedding-3-small'], ['openai', 'text-embedding-3-large'],
      ['anthropic', 'claude-opus-4-5'], ['anthropic', 'claude-opus-4-1'], ['anthropic', 'claude-opus-4'], ['anthropic', 'claude-sonnet-4-5'],
      ['anthropic', 'claude-sonnet-4'], ['anthropic', 'claude-haiku-4-5'], ['anthropic', 'claude-3-7-sonnet'], ['anthropic', 'claude-3-5-haiku'],
      ['gemini', 'gemini-3-pro-preview'], ['gemini', 'gemini-2.5-pro'], ['gemini', 'gemini-2.5-flash'], ['gemini', 'gemini-2.5-flash-lite'],
      ['gemini', 'gemini-2.0-flash'], ['gemini', 'text-embedding-004'], ['gemini', 'gemini-embedding-001'],
      ['mistral', 'mistral-large-latest'], ['mistral', 'mistral-medium-latest'], ['mistral', 'mistral-small-latest'], ['mistral', 'codestral-latest'],
      ['groq', 'llama-3.3-70b-versatile'], ['groq', 'llama-3.1-8b-instant'], ['groq', 'openai/gpt-oss-120b'],
      ['deepseek', 'deepseek-chat'], ['deepseek', 'deepseek-reasoner'],
      ['xai', 'grok-4'], ['xai', 'grok-4-fast'], ['xai', 'grok-3'], ['xai', 'grok-3-mini'], ['xai', 'grok-code-fast-1'],
    ];
    const missing = expected.filter(([type, model]) => !table.lookup(type, model)).map(([type, model]) => `${type}/${model}`);
    expect(missing).toEqual([]);
  });
});
