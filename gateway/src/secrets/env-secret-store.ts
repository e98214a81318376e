/**
 * Read-only secrets from the environment, for headless and CI use.
 *
 * A secret named `openai` is read from `SWITCHBOARD_SECRET_OPENAI` (the name upper-cased, with
 * `.` and `-` turned into `_`). When that is unset, the names below for the built-in provider
 * types are tried, so a machine already set up for the official SDKs works unchanged. The
 * prefixed variable always wins, so the gateway can be given a key different from the one
 * other tools on the machine use.
 */
import { assertSecretName, isSecretName, lastFour, readOnlyError } from './secret-name';
import type { SecretInfo, SecretStore } from './secret-store';

export const SECRET_ENV_PREFIX = 'SWITCHBOARD_SECRET_';

/**
 * Conventional variables per secret name, in the order tried. For Gemini, GOOGLE_API_KEY comes
 * first because Google's SDKs let it take precedence when both are set.
 */
export const conventionalEnvNames: Readonly<Record<string, readonly string[]>> = {
  openai: ['OPENAI_API_KEY'],
  anthropic: ['ANTHROPIC_API_KEY'],
  gemini: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
  azure: ['AZURE_OPENAI_API_KEY'],
};

/** The prefixed variable a secret name maps to: `my-key.prod` → `SWITCHBOARD_SECRET_MY_KEY_PROD`. */
export function secretEnvName(name: string): string {
  return SECRET_ENV_PREFIX + name.toUpperCase().replace(/[.-]/g, '_');
}

export class EnvSecretStore implements SecretStore {
  readonly backend = 'env' as const;
  readonly writable = false;

  /** Reads `env` on every call, so changes to it are seen (tests pass their own object). */
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(name: string): Promise<string | undefined> {
    assertSecretName(name);
    return this.lookup(name);
  }

  async set(name: string, _value: string): Promise<void> {
    assertSecretName(name);
    throw readOnlyError(this.backend);
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    throw readOnlyError(this.backend);
  }

  /** Names from `SWITCHBOARD_SECRET_*` (lower-cased) plus the conventional ones that are set. */
  async list(): Promise<SecretInfo[]> {
    const names = new Set<string>();
    for (const variable of Object.keys(this.env)) {
      if (!variable.startsWith(SECRET_ENV_PREFIX)) continue;
      const name = variable.slice(SECRET_ENV_PREFIX.length).toLowerCase();
      if (isSecretName(name)) names.add(name);
    }
    for (const name of Object.keys(conventionalEnvNames)) names.add(name);

    const infos: SecretInfo[] = [];
    for (const name of [...names].sort()) {
      const value = this.lookup(name);
      if (value !== undefined) infos.push({ name, backend: this.backend, lastFour: lastFour(value) });
    }
    return infos;
  }

  private lookup(name: string): string | undefined {
    const candidates = [secretEnvName(name), ...(conventionalEnvNames[name] ?? [])];
    for (const variable of candidates) {
      const value = this.env[variable];
      // An exported-but-empty variable means "not configured", not "the key is empty".
      if (value) return value;
    }
    return undefined;
  }
}
