import { describe, expect, it } from 'vitest';
import { PriceTable, priceForTarget } from './price-table';

const table = PriceTable.bundled();
const inputPrice = (type: string, model: string, preset?: string) => table.lookup(type, model, preset)?.input;

describe('PriceTable.lookup finds a model despite how it is spelled', () => {
  it('matches dated snapshots to the model they snapshot', () => {
    expect(table.lookup('anthropic', 'claude-sonnet-4-5-20250929')).toBe(table.lookup('anthropic', 'claude-sonnet-4-5'));
    expect(inputPrice('anthropic', 'claude-haiku-4-5-20251001')).toBe(1);
    expect(inputPrice('anthropic', 'claude-opus-4-1-20250805')).toBe(15);
    expect(inputPrice('openai', 'gpt-4o-2024-08-06')).toBe(2.5);
    expect(inputPrice('openai', 'gpt-5-mini-2025-08-07')).toBe(0.25);
  });

  it('prefers a snapshot listed with its own price over the model it snapshots', () => {
    expect(inputPrice('openai', 'gpt-4o-2024-05-13')).toBe(5);
    expect(inputPrice('openai-compatible', 'mistral-large-2411', 'mistral')).toBe(2);
    expect(inputPrice('openai-compatible', 'mistral-large-latest', 'mistral')).toBe(0.5);
  });

  it('drops -latest, Gemini models/ prefixes and version suffixes', () => {
    expect(inputPrice('anthropic', 'claude-3-7-sonnet-latest')).toBe(3);
    expect(inputPrice('gemini', 'models/gemini-2.5-flash')).toBe(0.3);
    expect(inputPrice('gemini', 'gemini-2.0-flash-001')).toBe(0.1);
    expect(inputPrice('gemini', 'gemini-2.5-flash-lite-preview-09-2025')).toBe(0.1);
    expect(inputPrice('openai-compatible', 'grok-4-0709', 'xai')).toBe(3);
  });

  it('accepts a provider/ prefix and any letter case', () => {
    expect(inputPrice('openai', 'openai/gpt-4.1')).toBe(2);
    expect(inputPrice('openai', 'GPT-4o')).toBe(2.5);
  });

  it('prices an openai-compatible provider by its preset', () => {
    expect(inputPrice('openai-compatible', 'llama-3.3-70b-versatile', 'groq')).toBe(0.59);
    // On Groq, openai/gpt-oss-120b is Groq's model name, billed at Groq's price.
    expect(inputPrice('openai-compatible', 'openai/gpt-oss-120b', 'groq')).toBe(0.15);
    expect(inputPrice('openai-compatible', 'deepseek-reasoner', 'deepseek')).toBe(0.28);
    expect(inputPrice('openai-compatible', 'grok-4-fast-non-reasoning', 'xai')).toBe(0.2);
  });

  it("prices another vendor's model served by OpenRouter by that vendor's list price", () => {
    expect(inputPrice('openai-compatible', 'anthropic/claude-sonnet-4.5', 'openrouter')).toBe(3);
    expect(inputPrice('openai-compatible', 'anthropic/claude-3.7-sonnet:thinking', 'openrouter')).toBe(3);
    expect(inputPrice('openai-compatible', 'google/gemini-2.5-pro', 'openrouter')).toBe(1.25);
    expect(inputPrice('openai-compatible', 'x-ai/grok-code-fast-1', 'openrouter')).toBe(0.2);
  });

  it('prices Azure deployments of OpenAI models at the OpenAI price', () => {
    expect(table.lookup('azure', 'gpt-4o')).toBe(table.lookup('openai', 'gpt-4o'));
    expect(inputPrice('azure', 'gpt-35-turbo')).toBe(0.5);
  });

  it('knows nothing of models outside the table', () => {
    expect(table.lookup('openai', 'gpt-imaginary')).toBeUndefined();
    expect(table.lookup('openai-compatible', 'llama3.1:8b', 'ollama')).toBeUndefined();
    expect(table.lookup('openai-compatible', 'meta-llama/llama-3.3-70b-instruct', 'openrouter')).toBeUndefined();
    // Fine-tunes are billed differently from their base model.
    expect(table.lookup('openai', 'ft:gpt-4o-mini-2024-07-18:acme::abc123')).toBeUndefined();
    // A model of another provider is not priced by name alone.
    expect(table.lookup('anthropic', 'gpt-4o')).toBeUndefined();
  });

  it('answers the same for a repeated name, misses included', () => {
    expect(table.lookup('openai', 'gpt-imaginary')).toBeUndefined();
    expect(table.lookup('openai', 'gpt-4.1-mini')).toBe(table.lookup('openai', 'gpt-4.1-mini-2025-04-14'));
  });
});

describe('config prices win over the table', () => {
  const prices = { 'claude-sonnet-4-5': { input: 1, output: 2 } };

  it("uses a provider's per-model price for every spelling of the model, keeping the listed limits and web search fee", () => {
    const price = priceForTarget(table, { type: 'anthropic', prices }, 'claude-sonnet-4-5-20250929');
    expect(price).toEqual({ input: 1, output: 2, contextWindow: 200000, maxOutputTokens: 64000, webSearchPer1k: 10 });
  });

  it("lets a target's own price win over the provider's", () => {
    const price = priceForTarget(table, { type: 'anthropic', prices }, 'claude-sonnet-4-5', { input: 0.5, output: 0.5, cachedInput: 0.05 });
    expect(price).toMatchObject({ input: 0.5, output: 0.5, cachedInput: 0.05 });
  });

  it('prices a local model the table does not know', () => {
    const local = { type: 'openai-compatible', preset: 'ollama', prices: { 'llama3.1:8b': { input: 0, output: 0 } } };
    expect(priceForTarget(table, local, 'llama3.1:8b')).toEqual({ input: 0, output: 0 });
  });

  it('leaves other models and the shared table untouched', () => {
    expect(priceForTarget(table, { type: 'anthropic', prices }, 'claude-haiku-4-5')?.input).toBe(1);
    expect(inputPrice('anthropic', 'claude-sonnet-4-5')).toBe(3);
  });

  it('reuses one scoped table per prices object', () => {
    expect(table.withOverrides(prices)).toBe(table.withOverrides(prices));
    expect(table.withOverrides(undefined)).toBe(table);
  });
});
