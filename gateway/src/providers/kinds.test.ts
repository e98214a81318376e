import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { resolveProviderBaseUrl } from '../config/presets';
import { providerKind } from './kinds';
import { takesNatively } from './types';

describe('which provider kinds take the Responses API natively', () => {
  it('only OpenAI itself (type: openai, whatever its baseUrl); Azure and compatible servers get it translated', () => {
    const config = parseConfig(`providers:
  openai:  { type: openai, apiKey: env:K }
  proxied: { type: openai, apiKey: env:K, baseUrl: https://llm-proxy.example.com/v1 }
  azure:   { type: azure, apiKey: env:K, baseUrl: https://me.openai.azure.com/openai/v1 }
  groq:    { type: openai-compatible, preset: groq, apiKey: env:K }
  mistral: { type: openai-compatible, preset: mistral, apiKey: env:K }
  claude:  { type: anthropic, apiKey: env:K }
`);
    const natively = Object.fromEntries(Object.entries(config.providers).map(([name, provider]) => [name, takesNatively(providerKind(provider), 'openai-responses')]));
    expect(natively).toEqual({ openai: true, proxied: true, azure: false, groq: false, mistral: false, claude: false });
    // Their chat shape is unchanged.
    for (const provider of Object.values(config.providers)) if (provider.type !== 'anthropic') expect(takesNatively(providerKind(provider), 'openai')).toBe(true);
  });
});

describe('where text completions (/v1/completions) go', () => {
  it("to OpenAI-shaped servers' own /completions, DeepSeek's beta and Azure's deployments; nowhere for the others", () => {
    const config = parseConfig(`providers:
  openai:   { type: openai, apiKey: env:K }
  ollama:   { type: openai-compatible, preset: ollama }
  deepseek: { type: openai-compatible, preset: deepseek, apiKey: env:K }
  azure:    { type: azure, apiKey: env:K, baseUrl: https://me.openai.azure.com, apiVersion: 2024-10-21 }
  mistral:  { type: openai-compatible, preset: mistral, apiKey: env:K }
  claude:   { type: anthropic, apiKey: env:K }
  gemini:   { type: gemini, apiKey: env:K }
`);
    const urls = Object.fromEntries(
      Object.entries(config.providers).map(([name, provider]) => [name, providerKind(provider).completionsUrl?.(resolveProviderBaseUrl(provider), 'm1', provider)]),
    );
    expect(urls).toEqual({
      openai: 'https://api.openai.com/v1/completions',
      ollama: 'http://127.0.0.1:11434/v1/completions',
      deepseek: 'https://api.deepseek.com/beta/completions',
      azure: 'https://me.openai.azure.com/openai/deployments/m1/completions?api-version=2024-10-21',
      mistral: undefined,
      claude: undefined,
      gemini: undefined,
    });
  });
});

describe("where Mistral's fill-in-the-middle (/v1/fim/completions) goes", () => {
  it("to Mistral's API, by preset or by host (its Codestral endpoint included); nowhere for the others", () => {
    const config = parseConfig(`providers:
  mistral:   { type: openai-compatible, preset: mistral, apiKey: env:K }
  codestral: { type: openai-compatible, apiKey: env:K, baseUrl: https://codestral.mistral.ai/v1 }
  openai:    { type: openai, apiKey: env:K }
  ollama:    { type: openai-compatible, preset: ollama }
  claude:    { type: anthropic, apiKey: env:K }
`);
    const urls = Object.fromEntries(Object.entries(config.providers).map(([name, provider]) => [name, providerKind(provider).fimUrl?.(resolveProviderBaseUrl(provider), 'm1', provider)]));
    expect(urls).toEqual({
      mistral: 'https://api.mistral.ai/v1/fim/completions',
      codestral: 'https://codestral.mistral.ai/v1/fim/completions',
      openai: undefined,
      ollama: undefined,
      claude: undefined,
    });
  });
});
