import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from './memory-secret-store';
import { resolveCredential } from './resolve-credential';

const store = new MemorySecretStore({ openai: 'sk-from-the-keychain-0001' });
const env = { ANTHROPIC_API_KEY: 'sk-ant-from-env-0002', EMPTY_KEY: '' };

describe('resolveCredential', () => {
  it('looks `credential: NAME` up in the secret store', async () => {
    expect(await resolveCredential({ credential: 'openai' }, store, env)).toBe('sk-from-the-keychain-0001');
  });

  it('reads `apiKey: env:VAR` from the environment given', async () => {
    expect(await resolveCredential({ apiKey: 'env:ANTHROPIC_API_KEY' }, store, env)).toBe('sk-ant-from-env-0002');
  });

  it('resolves undefined when the named secret or variable is missing or empty', async () => {
    expect(await resolveCredential({ credential: 'gemini' }, store, env)).toBeUndefined();
    expect(await resolveCredential({ apiKey: 'env:MISSING_KEY' }, store, env)).toBeUndefined();
    expect(await resolveCredential({ apiKey: 'env:EMPTY_KEY' }, store, env)).toBeUndefined();
  });

  it('takes away the whitespace a pasted or exported key brings, and treats a blank one as not set', async () => {
    const pasted = new MemorySecretStore({ openai: ' sk-pasted-with-a-newline-0003\n', blank: ' \n' });
    expect(await resolveCredential({ credential: 'openai' }, pasted, env)).toBe('sk-pasted-with-a-newline-0003');
    expect(await resolveCredential({ apiKey: 'env:CRLF_KEY' }, store, { CRLF_KEY: 'sk-from-a-crlf-env-file-0004\r' })).toBe('sk-from-a-crlf-env-file-0004');
    expect(await resolveCredential({ credential: 'blank' }, pasted, env)).toBeUndefined();
  });

  it('resolves undefined for a provider that needs no key', async () => {
    expect(await resolveCredential({}, store, env)).toBeUndefined();
  });

  it('refuses a literal key in apiKey without echoing it', async () => {
    const attempt = resolveCredential({ apiKey: 'sk-literal-key-in-config' }, store, env);
    await expect(attempt).rejects.toMatchObject({ kind: 'invalid_request', param: 'apiKey' });
    await expect(attempt).rejects.not.toThrow(/sk-literal/);
  });

  it('passes an invalid credential name on as the store rejects it', async () => {
    await expect(resolveCredential({ credential: 'not a name' }, store, env)).rejects.toMatchObject({ kind: 'invalid_request' });
  });
});
