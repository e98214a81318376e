/**
 * Runs against the real OS keychain. On Linux that needs a Secret Service, e.g.:
 *   HOME=$(mktemp -d) dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock \
 *     --components=secrets >/dev/null; npx vitest run gateway/src/secrets'
 * Without one the suite is skipped, saying why, unless SWITCHBOARD_REQUIRE_KEYCHAIN=1 (CI),
 * in which case it fails.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { KeychainSecretStore, probeKeychain } from './keychain-secret-store';
import { describeSecretStoreContract } from './secret-store.contract';

// A service of its own per run: the developer's real `switchboard` entries are never touched.
const service = `switchboard-test-${process.pid}-${Date.now()}`;
const probe = await probeKeychain({ service });
const required = process.env.SWITCHBOARD_REQUIRE_KEYCHAIN === '1';

if (probe.available) {
  describeSecretStoreContract('keychain', () => new KeychainSecretStore({ service }));
  describeKeychainSpecifics();
} else {
  describeWithoutKeychain();
  if (required) {
    describe('keychain secret store', () => {
      it('needs a working OS keychain because SWITCHBOARD_REQUIRE_KEYCHAIN=1', () => {
        throw new Error(`no usable OS keychain: ${probe.reason}`);
      });
    });
  } else {
    const reason = `no usable OS keychain (${probe.reason}); run inside dbus-run-session with gnome-keyring, or set SWITCHBOARD_REQUIRE_KEYCHAIN=1 to fail instead`;
    console.warn(`keychain-secret-store.test.ts: skipping the keychain suite: ${reason}`);
    describe.skip(`keychain secret store — skipped: ${reason}`, () => {
      it('runs the shared contract against the OS keychain', () => undefined);
    });
  }
}

function describeKeychainSpecifics(): void {
  describe('KeychainSecretStore', () => {
    const store = new KeychainSecretStore({ service });

    afterAll(async () => {
      for (const info of await store.list()) await store.delete(info.name);
    });

    it('files each secret under the service, with the secret name as the account', async () => {
      await store.set('filed', 'sk-filed-value-000000');
      expect(await new AsyncEntry(service, 'filed').getPassword()).toBe('sk-filed-value-000000');
      await store.delete('filed');
      expect(await new AsyncEntry(service, 'filed').getPassword()).toBeNull();
    });

    it('keeps an index of names only, which a second instance (a restart) reads', async () => {
      await store.set('persisted', 'sk-persisted-secret-value-7777');
      const index = await new AsyncEntry(service, ':index').getPassword();
      expect(index).toContain('persisted');
      expect(index).not.toContain('sk-persisted');

      const restarted = new KeychainSecretStore({ service });
      expect(await restarted.list()).toContainEqual({ name: 'persisted', backend: 'keychain', lastFour: '7777' });
      expect(await restarted.get('persisted')).toBe('sk-persisted-secret-value-7777');
      await store.delete('persisted');
    });

    it('drops a name from the list once its entry was removed outside Switchboard', async () => {
      await store.set('removed-elsewhere', 'sk-removed-elsewhere-0001');
      await new AsyncEntry(service, 'removed-elsewhere').deleteCredential();
      expect((await store.list()).map((info) => info.name)).not.toContain('removed-elsewhere');
      expect(await new AsyncEntry(service, ':index').getPassword().then((text) => text ?? '')).not.toContain('removed-elsewhere');
    });

    it('keeps every name when sets run concurrently', async () => {
      const names = ['c1', 'c2', 'c3', 'c4', 'c5'];
      await Promise.all(names.map((name) => store.set(name, `sk-concurrent-${name}-000000`)));
      expect((await store.list()).map((info) => info.name)).toEqual(expect.arrayContaining(names));
      await Promise.all(names.map((name) => store.delete(name)));
    });

    it('does not see secrets filed under another service', async () => {
      const other = new KeychainSecretStore({ service: `${service}-other` });
      await store.set('isolated', 'sk-isolated-value-000000');
      expect(await other.get('isolated')).toBeUndefined();
      expect(await other.list()).toEqual([]);
      await store.delete('isolated');
    });
  });
}

/** Where no keychain is reachable, the store fails the way callers expect rather than hanging or crashing. */
function describeWithoutKeychain(): void {
  describe('KeychainSecretStore without a usable keychain', () => {
    const store = new KeychainSecretStore({ service });

    it('rejects get, set, delete and list with GatewayError unavailable', async () => {
      for (const attempt of [store.get('openai'), store.set('openai', 'sk-never-stored-000000'), store.delete('openai'), store.list()]) {
        await expect(attempt).rejects.toBeInstanceOf(GatewayError);
        await expect(attempt).rejects.toMatchObject({ kind: 'unavailable', code: 'keychain_unavailable', status: 503 });
      }
    });

    it('still rejects an invalid name as invalid_request before touching the keychain', async () => {
      await expect(store.get('bad name')).rejects.toMatchObject({ kind: 'invalid_request' });
    });
  });
}
