import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { EnvSecretStore } from '../secrets/env-secret-store';
import { ProviderRegistry } from './registry';

describe('ProviderRegistry', () => {
  it('names the variables to set when a credential is missing from the environment store', async () => {
    const registry = new ProviderRegistry(new EnvSecretStore({}), {});
    registry.apply(parseConfig('providers:\n  openai: { type: openai, credential: openai }\n  groq: { type: openai-compatible, preset: groq, credential: groq-eu }\n'));
    await expect(registry.get('openai')?.apiKey()).rejects.toMatchObject({
      code: 'credential_unavailable',
      message: 'No key is set for provider "openai": no secret "openai" is set in the env store (SWITCHBOARD_SECRET_OPENAI or OPENAI_API_KEY)',
    });
    await expect(registry.get('groq')?.apiKey()).rejects.toThrow('no secret "groq-eu" is set in the env store (SWITCHBOARD_SECRET_GROQ_EU)');
  });
});
