import type { Config, ProviderConfig } from '../config/schema';
import { resolveProviderBaseUrl } from '../config/presets';
import { GatewayError } from '../errors/gateway-error';
import { hasHeaderReferences, redactable, resolveHeaders } from '../secrets/header-secrets';
import type { ResolvedHeaders } from '../secrets/header-secrets';
import { conventionalEnvNames, secretEnvName } from '../secrets/env-secret-store';
import { resolveCredential } from '../secrets/resolve-credential';
import type { SecretStore } from '../secrets/secret-store';
import { untilAborted, type CancelSignal } from '../upstream/cancel';
import { EntraTokens } from './entra-tokens';
import { providerKind } from './kinds';
import type { ProviderKind } from './types';

/** A configured provider, ready to call. */
export interface Provider {
  readonly name: string;
  readonly config: ProviderConfig;
  readonly kind: ProviderKind;
  readonly baseUrl: string;
  /**
   * The provider's key, resolved once and kept in memory only; undefined when the config names
   * none. Rejects with `credential_unavailable` when the named one is not set or cannot be read.
   * A key that may take a network call (an Entra ID token) gives up when `signal` aborts.
   */
  apiKey(signal?: CancelSignal): Promise<string | undefined>;
  /**
   * The configured `headers` with their `credential:` / `env:` references resolved, once, in
   * memory only; the same object until a secret changes. Rejects with `credential_unavailable`
   * when a referenced secret is not set or cannot be read.
   */
  headers(): Promise<Readonly<Record<string, string>> | undefined>;
  /** Every secret this provider sends (its key, its headers' secrets), to redact from what it says. Never rejects. */
  secrets(): Promise<readonly string[]>;
  /**
   * Drops this provider's resolved key and header secrets, so the next call reads them again:
   * after the provider refused them (401), they may have been rotated in the keychain by
   * another tool, which tells the gateway nothing.
   */
  forgetSecrets(): void;
}

/**
 * The providers of the current config. Rebuilt on every config change; resolved keys are kept
 * across rebuilds while the provider's credential reference stays the same, and dropped when
 * a secret changes.
 */
export class ProviderRegistry {
  private providers = new Map<string, Provider>();
  private readonly keyCache = new Map<string, Promise<string | undefined>>();
  /** Resolved headers by provider name and header config (references only, no secrets). */
  private readonly headerCache = new Map<string, Promise<ResolvedHeaders>>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly env: NodeJS.ProcessEnv,
    /** Access tokens of `auth: entra` providers, signed in with their client secrets. */
    private readonly entra = new EntraTokens(),
  ) {}

  apply(config: Config): void {
    const next = new Map<string, Provider>();
    for (const [name, providerConfig] of Object.entries(config.providers)) {
      next.set(name, this.build(name, providerConfig));
    }
    this.providers = next;
  }

  get(name: string): Provider | undefined {
    return this.providers.get(name);
  }

  all(): Provider[] {
    return [...this.providers.values()];
  }

  /** A provider that is not (yet) in the config, e.g. one tested before it is saved; its secrets are read like the others'. */
  detached(name: string, config: ProviderConfig): Provider {
    return this.build(name, config);
  }

  /** Forget resolved keys and header secrets, e.g. after a secret was set or deleted. */
  invalidateKeys(): void {
    this.keyCache.clear();
    this.headerCache.clear();
    this.entra.clear();
  }

  /** `credential_unavailable` for a named key that resolved to nothing; names the reference, never a value. */
  private keyNotSet(name: string, config: ProviderConfig): GatewayError {
    const where =
      config.credential === undefined
        ? `the environment variable ${(config.apiKey ?? '').replace(/^env:/, '')} is not set`
        : this.secrets.backend === 'env'
          ? `no secret "${config.credential}" is set in the env store (${[secretEnvName(config.credential), ...(conventionalEnvNames[config.credential] ?? [])].join(' or ')})`
          : `no secret "${config.credential}" is set in the ${this.secrets.backend} store`;
    return new GatewayError('unavailable', `No key is set for provider "${name}": ${where}`, { provider: name, code: 'credential_unavailable' });
  }

  private build(name: string, config: ProviderConfig): Provider {
    const kind = providerKind(config);
    const cacheKey = `${config.credential ?? ''}|${config.apiKey ?? ''}`;
    const namesKey = config.credential !== undefined || config.apiKey !== undefined;
    // A key the config names but that is not set fails the call before anything is sent, as an
    // unset header secret does: sent without it, the provider's 401 ("You didn't provide an API
    // key") reads as if the caller's own key were wrong. A provider naming no key sends none.
    // The check lives in the cached promise, so a call with its key set pays no extra step.
    const credential = (): Promise<string | undefined> => {
      let key = this.keyCache.get(cacheKey);
      if (!key) {
        key = resolveCredential(config, this.secrets, this.env).then(
          (value) => {
            if (value || !namesKey) return value;
            // Not set yet: read again next time, like an unset header secret, so one stored
            // meanwhile (by another tool, in the keychain) is picked up.
            this.keyCache.delete(cacheKey);
            throw this.keyNotSet(name, config);
          },
          (cause: unknown) => {
            this.keyCache.delete(cacheKey);
            throw new GatewayError('unavailable', `Could not read the credential of provider "${name}" from the ${this.secrets.backend} store`, {
              provider: name,
              code: 'credential_unavailable',
              cause,
            });
          },
        );
        this.keyCache.set(cacheKey, key);
      }
      return key;
    };
    // With `auth: entra` the credential is a client secret, traded for the token that is sent.
    // A call waits for a sign-in only as long as it waits at all (its timeout, its client).
    const principal = config.auth === 'entra' ? config.entra : undefined;
    const apiKey = principal
      ? (signal?: CancelSignal) => credential().then((secret) => secret && untilAborted(this.entra.token(name, principal, secret), signal))
      : credential;
    const referenced = hasHeaderReferences(config.headers);
    // Headers without secret references (the usual case): the same promise on every call.
    const plainHeaders = Promise.resolve(config.headers);
    const headersKey = `${name}|${JSON.stringify(config.headers ?? {})}`;
    /** Only for headers with references: resolved once per secret change. */
    const resolved = (): Promise<ResolvedHeaders> => {
      let headers = this.headerCache.get(headersKey);
      if (!headers) {
        headers = resolveHeaders(name, config.headers ?? {}, this.secrets, this.env).catch((error: unknown) => {
          this.headerCache.delete(headersKey);
          throw error;
        });
        this.headerCache.set(headersKey, headers);
      }
      return headers;
    };
    return {
      name,
      config,
      kind,
      baseUrl: resolveProviderBaseUrl(config),
      apiKey,
      headers: referenced ? () => resolved().then((value) => value.headers) : () => plainHeaders,
      secrets: async () => {
        // An Entra provider's are its client secret and the tokens it holds: never a sign-in here.
        const [key, headers] = await Promise.all([credential().catch(() => undefined), referenced ? resolved().catch(() => undefined) : undefined]);
        return redactable([key, ...(principal ? this.entra.tokensOf(principal) : []), ...(headers?.secrets ?? [])]);
      },
      forgetSecrets: () => {
        this.keyCache.delete(cacheKey);
        this.headerCache.delete(headersKey);
        if (principal) this.entra.forget(principal);
      },
    };
  }
}
