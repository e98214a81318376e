/**
 * The behaviour every writable SecretStore shares. Each backend's test file runs it:
 *   describeSecretStoreContract('memory', () => new MemorySecretStore());
 * Secrets the suite creates are deleted after each test, so a real keychain is left clean.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import type { SecretStore } from './secret-store';

export function describeSecretStoreContract(name: string, makeStore: () => SecretStore | Promise<SecretStore>): void {
  describe(`${name} secret store (shared contract)`, () => {
    let store: SecretStore;
    const used = new Set<string>();
    // Unique per test so a leftover entry from a crashed run can never satisfy an assertion.
    let run = 0;
    const secretName = (label: string): string => {
      const unique = `${label}-${process.pid}-${(run += 1)}`;
      used.add(unique);
      return unique;
    };
    const open = async (): Promise<SecretStore> => {
      store = await makeStore();
      return store;
    };

    afterEach(async () => {
      for (const leftover of used) await store.delete(leftover).catch(() => undefined);
      used.clear();
    });

    it('is writable', async () => {
      expect((await open()).writable).toBe(true);
    });

    it('resolves undefined for a name it does not hold', async () => {
      await open();
      expect(await store.get(secretName('absent'))).toBeUndefined();
    });

    it('returns what was set', async () => {
      await open();
      const openai = secretName('openai');
      await store.set(openai, 'sk-proj-abcdefghijklmnop1234');
      expect(await store.get(openai)).toBe('sk-proj-abcdefghijklmnop1234');
    });

    it('replaces a value on a second set', async () => {
      await open();
      const key = secretName('rotate');
      await store.set(key, 'sk-old-0000000000000000');
      await store.set(key, 'sk-new-1111111111119999');
      expect(await store.get(key)).toBe('sk-new-1111111111119999');
      const listed = (await store.list()).filter((info) => info.name === key);
      expect(listed).toEqual([{ name: key, backend: store.backend, lastFour: '9999' }]);
    });

    it('deletes, reporting whether there was something to delete', async () => {
      await open();
      const key = secretName('gone');
      await store.set(key, 'sk-ant-api03-zzzzzzzzzzzzzz');
      expect(await store.delete(key)).toBe(true);
      expect(await store.get(key)).toBeUndefined();
      expect(await store.delete(key)).toBe(false);
      expect((await store.list()).map((info) => info.name)).not.toContain(key);
    });

    it('lists names sorted, with backend and last four characters, never values', async () => {
      await open();
      const b = secretName('b-anthropic');
      const a = secretName('a-openai');
      const short = secretName('c-short');
      await store.set(b, 'sk-ant-api03-000000000000ABCD');
      await store.set(a, 'sk-proj-11111111111111111wxyz');
      await store.set(short, 'tiny-pass');
      const mine = (await store.list()).filter((info) => used.has(info.name));
      expect(mine).toEqual([
        { name: a, backend: store.backend, lastFour: 'wxyz' },
        { name: b, backend: store.backend, lastFour: 'ABCD' },
        // Four characters of a nine-character secret would give away too much.
        { name: short, backend: store.backend, lastFour: '' },
      ]);
      const serialised = JSON.stringify(await store.list());
      expect(serialised).not.toContain('sk-ant-api03');
      expect(serialised).not.toContain('tiny-pass');
    });

    it('keeps unicode values intact and takes the last four characters by code point', async () => {
      await open();
      const key = secretName('unicode');
      const value = 'clé-密钥-ключ-🔑-naïve-🙂🙂🙂🙂';
      await store.set(key, value);
      expect(await store.get(key)).toBe(value);
      expect((await store.list()).find((info) => info.name === key)?.lastFour).toBe('🙂🙂🙂🙂');
    });

    it('holds a 4 KB value', async () => {
      await open();
      const key = secretName('large');
      const value = Array.from({ length: 4096 }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[(i * 7) % 64]).join('');
      await store.set(key, value);
      expect(await store.get(key)).toBe(value);
    });

    it.each(['', 'has space', 'slash/name', '../escape', 'colon:name', 'ключ', 'x'.repeat(65)])(
      'rejects the invalid name %j with invalid_request, on every method',
      async (bad) => {
        await open();
        for (const attempt of [store.get(bad), store.set(bad, 'sk-valid-value-123456'), store.delete(bad)]) {
          await expect(attempt).rejects.toBeInstanceOf(GatewayError);
          await expect(attempt).rejects.toMatchObject({ kind: 'invalid_request', code: 'invalid_secret_name' });
        }
      },
    );

    it('accepts names of up to 64 letters, digits, dots, dashes and underscores', async () => {
      await open();
      const longest = `${'n'.repeat(64 - 12)}${String(process.pid).padStart(12, '0').slice(-12)}`;
      used.add(longest);
      await store.set(longest, 'sk-value-for-long-name');
      expect(await store.get(longest)).toBe('sk-value-for-long-name');
      const dotted = secretName('Team_A.prod-key');
      await store.set(dotted, 'sk-value-for-dotted');
      expect(await store.get(dotted)).toBe('sk-value-for-dotted');
    });

    it('rejects an empty value', async () => {
      await open();
      await expect(store.set(secretName('empty'), '')).rejects.toMatchObject({ kind: 'invalid_request', code: 'invalid_secret_value' });
    });
  });
}
