import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { EnvSecretStore, secretEnvName } from './env-secret-store';

describe('EnvSecretStore', () => {
  it('reads SWITCHBOARD_SECRET_<NAME>, upper-casing the name and mapping . and - to _', async () => {
    const store = new EnvSecretStore({
      SWITCHBOARD_SECRET_OPENAI: 'sk-proj-from-prefixed-var',
      SWITCHBOARD_SECRET_TEAM_A_PROD_KEY: 'sk-team-a-prod-value',
    });
    expect(secretEnvName('team-a.prod_key')).toBe('SWITCHBOARD_SECRET_TEAM_A_PROD_KEY');
    expect(await store.get('openai')).toBe('sk-proj-from-prefixed-var');
    expect(await store.get('team-a.prod_key')).toBe('sk-team-a-prod-value');
    expect(await store.get('mistral')).toBeUndefined();
  });

  it("falls back to the provider SDKs' own variables for the built-in provider names", async () => {
    const store = new EnvSecretStore({
      OPENAI_API_KEY: 'sk-openai-conventional',
      ANTHROPIC_API_KEY: 'sk-ant-conventional',
      GEMINI_API_KEY: 'gemini-conventional',
      AZURE_OPENAI_API_KEY: 'azure-conventional',
      MISTRAL_API_KEY: 'not-a-built-in-provider',
    });
    expect(await store.get('openai')).toBe('sk-openai-conventional');
    expect(await store.get('anthropic')).toBe('sk-ant-conventional');
    expect(await store.get('gemini')).toBe('gemini-conventional');
    expect(await store.get('azure')).toBe('azure-conventional');
    expect(await store.get('mistral')).toBeUndefined();
  });

  it('prefers the prefixed variable over the conventional one, and GOOGLE_API_KEY over GEMINI_API_KEY', async () => {
    const store = new EnvSecretStore({
      SWITCHBOARD_SECRET_OPENAI: 'sk-gateway-only',
      OPENAI_API_KEY: 'sk-shared-with-other-tools',
      GOOGLE_API_KEY: 'google-key',
      GEMINI_API_KEY: 'gemini-key',
    });
    expect(await store.get('openai')).toBe('sk-gateway-only');
    expect(await store.get('gemini')).toBe('google-key');
  });

  it('treats an empty variable as unset', async () => {
    const store = new EnvSecretStore({ SWITCHBOARD_SECRET_OPENAI: '', OPENAI_API_KEY: 'sk-fallback-used' });
    expect(await store.get('openai')).toBe('sk-fallback-used');
    expect(await new EnvSecretStore({ ANTHROPIC_API_KEY: '' }).list()).toEqual([]);
  });

  it('lists every secret it can resolve, by name, with the last four characters', async () => {
    const store = new EnvSecretStore({
      SWITCHBOARD_SECRET_OPENROUTER: 'sk-or-v1-000000000000beef',
      SWITCHBOARD_SECRET_OPENAI: 'sk-proj-0000000000000001',
      ANTHROPIC_API_KEY: 'sk-ant-api03-00000000cafe',
      OPENAI_API_KEY: 'sk-shadowed-by-the-prefixed-one',
      PATH: '/usr/bin',
    });
    expect(await store.list()).toEqual([
      { name: 'anthropic', backend: 'env', lastFour: 'cafe' },
      { name: 'openai', backend: 'env', lastFour: '0001' },
      { name: 'openrouter', backend: 'env', lastFour: 'beef' },
    ]);
  });

  it('is read-only: set and delete fail with a permission error and change nothing', async () => {
    const env = { SWITCHBOARD_SECRET_OPENAI: 'sk-original-value-0000' };
    const store = new EnvSecretStore(env);
    expect(store.writable).toBe(false);
    for (const attempt of [store.set('openai', 'sk-replacement-value'), store.delete('openai')]) {
      await expect(attempt).rejects.toBeInstanceOf(GatewayError);
      await expect(attempt).rejects.toMatchObject({ kind: 'permission', status: 403, code: 'secret_store_read_only' });
    }
    expect(env.SWITCHBOARD_SECRET_OPENAI).toBe('sk-original-value-0000');
  });

  it('rejects invalid names like every other store', async () => {
    await expect(new EnvSecretStore({}).get('OPENAI API KEY')).rejects.toMatchObject({ kind: 'invalid_request' });
  });

  it('reads process.env by default and sees later changes', async () => {
    const store = new EnvSecretStore();
    const variable = secretEnvName(`probe-${process.pid}`);
    expect(await store.get(`probe-${process.pid}`)).toBeUndefined();
    process.env[variable] = 'sk-set-after-construction';
    try {
      expect(await store.get(`probe-${process.pid}`)).toBe('sk-set-after-construction');
    } finally {
      delete process.env[variable];
    }
  });
});
