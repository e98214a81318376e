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

/** `os.environ/VAR` (LiteLLM's env reference) → `VAR`, when it is a valid variable name. */
export function envReference(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(value.trim());
  return match?.[1];
}

/** A base URL without a trailing slash, or undefined when it is not an http(s) URL. */
export function cleanBaseUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.toString().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/** Ollama's native root (`http://host:11434`) → its OpenAI-compatible root (`…/v1`). */
export function withV1(baseUrl: string): string {
  return /\/v1$/.test(baseUrl) ? baseUrl : `${baseUrl}/v1`;
}

/** Anthropic's base URL is the host root: the gateway appends `/v1/messages`. */
export function withoutV1(baseUrl: string): string {
  return baseUrl.replace(/\/v1$/, '');
}
