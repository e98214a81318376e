/**
 * The one place the desktop shell builds its SecretStore, so the keychain backend's options can
 * change without touching the rest of the shell.
 */
import { KeychainSecretStore, type SecretStore } from '../../gateway/src/index';

/**
 * The keychain store with its default service name, on purpose: the desktop app and
 * `switchboard serve` on the same machine then see the same provider keys.
 */
export function createSecretStore(): SecretStore {
  return new KeychainSecretStore();
}
