/** Turns a provider's credential reference from the config into the key itself. */
import { GatewayError } from '../errors/gateway-error';
import type { SecretStore } from './secret-store';

const ENV_REFERENCE = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * `credential: NAME` is looked up in the secret store, `apiKey: env:VAR` in `env`. Resolves
 * undefined when the provider names no credential (e.g. a local Ollama) or the named one is
 * not set; the caller decides whether that is an error. Callers keep the result in memory only.
 */
export async function resolveCredential(
  provider: { credential?: string; apiKey?: string },
  store: SecretStore,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  if (provider.credential !== undefined) return secretValue(await store.get(provider.credential));
  if (provider.apiKey === undefined) return undefined;
  const reference = ENV_REFERENCE.exec(provider.apiKey);
  if (!reference) {
    // The config schema already refuses literal keys; this guards other callers. The value is
    // not echoed because it may be a key.
    throw new GatewayError('invalid_request', 'apiKey must be an env reference like env:OPENAI_API_KEY', {
      code: 'invalid_credential_reference',
      param: 'apiKey',
      retryable: false,
    });
  }
  return secretValue(env[reference[1] as string]);
}

/**
 * A stored or exported value as it can go in a header: without the whitespace around it, which
 * no key has but a paste, `echo key | secret-tool store` or a CRLF `.env` file brings, and which
 * a header cannot carry (the call would fail as if the provider could not be reached). Empty
 * means not set.
 */
export function secretValue(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
