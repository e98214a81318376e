/**
 * The secret store the desktop gateway uses. The keychain store keeps its default service name
 * on purpose: the desktop app and `switchboard serve` on the same machine then see the same
 * provider keys. It lives in the utility process because @napi-rs/keyring is a plain N-API
 * module, and the keys should only ever be in the memory of the process that uses them.
 */
import { EnvSecretStore, KeychainSecretStore, probeKeychain, type SecretStore } from '../../gateway/src/index';

/**
 * The OS keychain when one answers; else (a Linux desktop without a Secret Service) the
 * read-only environment store, so the gateway still starts and the UI can say why keys
 * cannot be saved.
 */
export async function openDesktopSecretStore(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<SecretStore> {
  const probe = await probeKeychain();
  if (probe.available) return new KeychainSecretStore();
  log(`[switchboard] no OS keychain available (${probe.reason}); reading credentials from the environment (SWITCHBOARD_SECRET_<NAME>)`);
  return new EnvSecretStore(env);
}
