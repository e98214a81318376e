import { EnvSecretStore, SECRET_ENV_PREFIX } from '../secrets/env-secret-store';
import { KeychainSecretStore, probeKeychain } from '../secrets/keychain-secret-store';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import type { SecretStore } from '../secrets/secret-store';

export type SecretBackendChoice = 'keychain' | 'env' | 'memory';

/**
 * The secret store `serve` uses: the OS keychain when one answers, else the environment
 * (a server or CI box has no keychain; `credential: NAME` is then `SWITCHBOARD_SECRET_NAME`).
 * `memory` starts from the environment's secrets and accepts new ones from the UI for the
 * life of the process only: for demos and tests.
 */
export async function openSecretStore(kind: SecretBackendChoice, env: NodeJS.ProcessEnv, warn: (line: string) => void): Promise<SecretStore> {
  if (kind === 'env') return new EnvSecretStore(env);
  if (kind === 'memory') return new MemorySecretStore(secretsFromEnv(env));
  const probe = await probeKeychain();
  if (probe.available) return new KeychainSecretStore();
  warn(`[switchboard] no OS keychain available (${probe.reason}); reading credentials from the environment (SWITCHBOARD_SECRET_<NAME>)`);
  return new EnvSecretStore(env);
}

/** `SWITCHBOARD_SECRET_OPENAI=…` → `{ openai: … }`. */
function secretsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith(SECRET_ENV_PREFIX) && value) out[name.slice(SECRET_ENV_PREFIX.length).toLowerCase()] = value;
  }
  return out;
}
