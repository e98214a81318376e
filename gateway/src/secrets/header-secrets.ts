/**
 * Provider headers that carry a secret (Azure APIM's `Ocp-Apim-Subscription-Key`, Cloudflare's
 * `cf-aig-authorization`, `Helicone-Auth`…). The file holds a reference, never the secret:
 * `credential:NAME` (the secret store, like `credential: NAME`) or `env:VAR` (like
 * `apiKey: env:VAR`). They are resolved here, in memory only.
 */
import { GatewayError } from '../errors/gateway-error';
import { secretValue } from './resolve-credential';
import type { SecretStore } from './secret-store';

export const CREDENTIAL_PREFIX = 'credential:';
export const ENV_PREFIX = 'env:';
const ENV_VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a header value refers to, or undefined for a plain value. */
export type HeaderReference = { credential: string } | { env: string };

/** The reference a header value makes (not yet validated: the config schema checks the name), if any. */
export function headerReference(value: string): HeaderReference | undefined {
  if (value.startsWith(CREDENTIAL_PREFIX)) return { credential: value.slice(CREDENTIAL_PREFIX.length) };
  if (value.startsWith(ENV_PREFIX)) return { env: value.slice(ENV_PREFIX.length) };
  return undefined;
}

export function isEnvVariable(name: string): boolean {
  return ENV_VARIABLE.test(name);
}

/**
 * A header name that clearly carries a credential: a word of it (split at `-` or `_`) is auth,
 * authorization, key, apikey, token, secret, password, credential(s), signature or cookie.
 * `anthropic-version`, `OpenAI-Organization`, `HTTP-Referer`, `X-Title` are not.
 */
const CREDENTIAL_WORD = /(^|[-_])(auth|authorization|key|apikey|token|secret|password|passwd|credentials?|signature|cookie)($|[-_])/i;

export function carriesCredential(header: string): boolean {
  return CREDENTIAL_WORD.test(header);
}

/** A provider's headers with the references resolved, and the secret values they hold (for redaction). */
export interface ResolvedHeaders {
  headers: Readonly<Record<string, string>>;
  secrets: readonly string[];
}

export function hasHeaderReferences(headers: Readonly<Record<string, string>> | undefined): boolean {
  return headers !== undefined && Object.values(headers).some((value) => headerReference(value) !== undefined);
}

/**
 * Resolves every `credential:NAME` / `env:VAR` header value. A secret that is not set, or a store
 * that cannot be read, rejects with `credential_unavailable` naming the provider, the header and
 * the reference (never a value): sending the call without it would only fail upstream.
 */
export async function resolveHeaders(
  provider: string,
  headers: Readonly<Record<string, string>>,
  store: SecretStore,
  env: NodeJS.ProcessEnv,
): Promise<ResolvedHeaders> {
  const resolved: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [header, value] of Object.entries(headers)) {
    const reference = headerReference(value);
    if (reference === undefined) {
      resolved[header] = value;
      continue;
    }
    let secret: string | undefined;
    try {
      secret = secretValue('credential' in reference ? await store.get(reference.credential) : isEnvVariable(reference.env) ? env[reference.env] : undefined);
    } catch (cause) {
      throw unavailable(provider, header, `could not be read from the ${store.backend} store`, cause);
    }
    if (!secret) {
      const where = 'credential' in reference ? `no secret "${reference.credential}" is set in the ${store.backend} store` : `the environment variable ${reference.env} is not set`;
      throw unavailable(provider, header, `${value}: ${where}`);
    }
    resolved[header] = secret;
    secrets.push(secret);
  }
  return { headers: resolved, secrets };
}

function unavailable(provider: string, header: string, why: string, cause?: unknown): GatewayError {
  return new GatewayError('unavailable', `The "${header}" header of provider "${provider}" has no value: ${why}`, {
    provider,
    code: 'credential_unavailable',
    cause,
  });
}

/** An auth scheme in front of a credential (`Bearer abc…`, `Basic …`). */
const AUTH_SCHEME = /^[A-Za-z][A-Za-z0-9-]*\s+(?=\S)/;

/** The credential of a header value sent with an auth scheme (`abc…` of `Bearer abc…`), or undefined. */
export function schemeToken(value: string): string | undefined {
  const scheme = AUTH_SCHEME.exec(value);
  return scheme === null ? undefined : value.slice(scheme[0].length);
}

/**
 * The texts to take out of whatever a provider says: each secret, and the token of one sent with
 * an auth scheme (`Bearer abc…` may be echoed as just `abc…`). Longest first, so a whole value
 * goes before a part of it. Four characters at least: shorter ones would redact ordinary words.
 */
export function redactable(secrets: readonly (string | undefined)[]): string[] {
  const texts = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined) continue;
    texts.add(secret);
    const token = schemeToken(secret);
    if (token !== undefined) texts.add(token);
  }
  return [...texts].filter((text) => text.length >= 4).sort((a, b) => b.length - a.length);
}
