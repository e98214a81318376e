import { EnvSecretStore } from '../secrets/env-secret-store';
import { KeychainSecretStore, probeKeychain } from '../secrets/keychain-secret-store';
import type { SecretStore } from '../secrets/secret-store';

/**
 * The secret store `serve` uses: the OS keychain when one answers, else the environment
 * (a server or CI box has no keychain; `credential: NAME` is then `SWITCHBOARD_SECRET_NAME`).
 */
export async function openSecretStore(kind: 'keychain' | 'env', env: NodeJS.ProcessEnv, warn: (line: string) => void): Promise<SecretStore> {
  if (kind === 'env') return new EnvSecretStore(env);
  const probe = await probeKeychain();
  if (probe.available) return new KeychainSecretStore();
  warn(`[switchboard] no OS keychain available (${probe.reason}); reading credentials from the environment (SWITCHBOARD_SECRET_<NAME>)`);
  return new EnvSecretStore(env);
}
