import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { azureApiVersion, findPreset, isLocalProvider, listedModels, presetIds, pricingNamespace, providerRequiresKey, resolveProviderBaseUrl } from './presets';
import { providerSchema } from './schema';

const provider = (input: Record<string, unknown>) => providerSchema.parse(input);

describe('resolveProviderBaseUrl', () => {
  it('uses the defaults of the native types', () => {
    expect(resolveProviderBaseUrl(provider({ type: 'openai' }))).toBe('https://api.openai.com/v1');
    expect(resolveProviderBaseUrl(provider({ type: 'anthropic' }))).toBe('https://api.anthropic.com');
    expect(resolveProviderBaseUrl(provider({ type: 'gemini' }))).toBe('https://generativelanguage.googleapis.com/v1beta');
  });

  it.each([
    ['ollama', 'http://127.0.0.1:11434/v1'],
    ['lmstudio', 'http://127.0.0.1:1234/v1'],
    ['vllm', 'http://127.0.0.1:8000/v1'],
    ['groq', 'https://api.groq.com/openai/v1'],
    ['mistral', 'https://api.mistral.ai/v1'],
    ['deepseek', 'https://api.deepseek.com/v1'],
    ['xai', 'https://api.x.ai/v1'],
    ['together', 'https://api.together.ai/v1'],
    ['fireworks', 'https://api.fireworks.ai/inference/v1'],
    ['openrouter', 'https://openrouter.ai/api/v1'],
  ])('fills the %s preset base URL', (preset, url) => {
    expect(resolveProviderBaseUrl(provider({ type: 'openai-compatible', preset }))).toBe(url);
  });

  it('lets an explicit baseUrl win over the preset and the type default, without a trailing slash', () => {
    expect(resolveProviderBaseUrl(provider({ type: 'openai-compatible', preset: 'ollama', baseUrl: 'http://gpu:11434/v1/' }))).toBe('http://gpu:11434/v1');
    expect(resolveProviderBaseUrl(provider({ type: 'openai', baseUrl: 'http://127.0.0.1:9000/v1' }))).toBe('http://127.0.0.1:9000/v1');
  });

  it('throws a ConfigError when there is no base URL to use', () => {
    expect(() => resolveProviderBaseUrl(provider({ type: 'azure' }))).toThrow(ConfigError);
    expect(() => resolveProviderBaseUrl(provider({ type: 'openai-compatible' }))).toThrow(/needs baseUrl/);
  });
});

describe('preset facts', () => {
  it('lists ten presets, each findable by id', () => {
    expect(presetIds).toHaveLength(10);
    for (const id of presetIds) expect(findPreset(id)?.id).toBe(id);
    expect(findPreset('toString')).toBeUndefined();
  });

  it('knows which providers need keys and run locally', () => {
    expect(providerRequiresKey(provider({ type: 'openai-compatible', preset: 'ollama' }))).toBe(false);
    expect(providerRequiresKey(provider({ type: 'openai-compatible', preset: 'groq' }))).toBe(true);
    expect(providerRequiresKey(provider({ type: 'anthropic' }))).toBe(true);
    expect(isLocalProvider(provider({ type: 'openai-compatible', preset: 'lmstudio' }))).toBe(true);
    expect(isLocalProvider(provider({ type: 'openai-compatible', preset: 'openrouter' }))).toBe(false);
  });

  it('names the price-table namespace of each provider', () => {
    expect(pricingNamespace(provider({ type: 'openai-compatible', preset: 'groq' }), 'fast')).toBe('groq');
    expect(pricingNamespace(provider({ type: 'openai-compatible', preset: 'together' }), 'tg')).toBe('together');
    expect(pricingNamespace(provider({ type: 'azure', baseUrl: 'https://x.openai.azure.com' }), 'az')).toBe('openai');
    expect(pricingNamespace(provider({ type: 'openai-compatible', baseUrl: 'http://x/v1' }), 'myserver')).toBe('myserver');
    expect(pricingNamespace(provider({ type: 'anthropic' }), 'claude')).toBe('anthropic');
  });

  it("lists the provider's own models before the preset's", () => {
    expect(listedModels(provider({ type: 'openai-compatible', preset: 'mistral' }))).toContain('mistral-large-latest');
    expect(listedModels(provider({ type: 'openai-compatible', preset: 'mistral', models: ['open-mistral-nemo'] }))).toEqual(['open-mistral-nemo']);
    expect(listedModels(provider({ type: 'openai' }))).toEqual([]);
  });

  it('defaults the azure api-version to the latest dated GA release', () => {
    expect(azureApiVersion(provider({ type: 'azure', baseUrl: 'https://x.openai.azure.com' }))).toBe('2024-10-21');
    expect(azureApiVersion(provider({ type: 'azure', baseUrl: 'https://x.openai.azure.com', apiVersion: '2025-04-01-preview' }))).toBe('2025-04-01-preview');
  });
});
