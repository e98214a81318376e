import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
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
