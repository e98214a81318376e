import { createHash } from 'node:crypto';
import type { ImportNote, ProviderSpec } from './types';
import { safeName } from './types';

/**
 * Collects the providers an import needs: one per distinct endpoint and key reference, named
 * after its kind (`openai`, `azure`, `groq-2`, …) so the output reads like a hand-written file.
 */
export class ProviderBook {
  readonly providers: Record<string, ProviderSpec> = {};
  private readonly byIdentity = new Map<string, string>();

  constructor(private readonly notes: ImportNote[]) {}

  /**
   * The provider name for `spec`, adding it on first use. `key` is how the source refers to
   * the key: an env var name, a literal (never copied: only a digest tells two keys apart),
   * a named reference (a Portkey virtual key), or nothing.
   */
  add(base: string, spec: ProviderSpec, key: { envVar?: string; literal?: string; reference?: string }, at: string): string {
    const resolved: ProviderSpec = { ...spec };
    if (key.envVar !== undefined) resolved.apiKey = `env:${key.envVar}`;
    const digest = key.literal === undefined ? null : createHash('sha256').update(key.literal).digest('hex');
    const identity = JSON.stringify([resolved, digest, key.reference ?? null]);
    const known = this.byIdentity.get(identity);
    if (known !== undefined) return known;
    const name = this.freeName(safeName(base, 'provider'));
    if (key.envVar === undefined && (key.literal !== undefined || key.reference !== undefined)) {
      // Keys never go in the config file: point at a keychain entry the user creates once.
      resolved.credential = name.slice(0, 64);
      const what = key.literal !== undefined ? 'a literal API key (not copied)' : key.reference;
      this.notes.push({ at, message: `${what}: store the key in the keychain as "${resolved.credential}" (Providers & Keys), or set apiKey: env:VAR` });
    }
    this.providers[name] = resolved;
    this.byIdentity.set(identity, name);
    return name;
  }

  private freeName(base: string): string {
    if (!Object.hasOwn(this.providers, base)) return base;
    for (let n = 2; ; n++) if (!Object.hasOwn(this.providers, `${base}-${n}`)) return `${base}-${n}`;
  }
}

/** Whether a value is LiteLLM's env reference (`os.environ/VAR`), valid or not: never a literal. */
export const isEnvReference = (value: unknown): value is string => typeof value === 'string' && value.trim().startsWith('os.environ/');

/** `os.environ/VAR` (LiteLLM's env reference) → `VAR`, when it is a valid variable name. */
export function envReference(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(value.trim());
  return match?.[1];
}
