import type { Config, ProviderConfig } from '../config/schema';
import { resolveProviderBaseUrl } from '../config/presets';
import { GatewayError } from '../errors/gateway-error';
import { resolveCredential } from '../secrets/resolve-credential';
import type { SecretStore } from '../secrets/secret-store';
import { providerKinds } from './kinds';
import type { ProviderKind } from './types';

/** A configured provider, ready to call. */
export interface Provider {
  readonly name: string;
  readonly config: ProviderConfig;
  readonly kind: ProviderKind;
  readonly baseUrl: string;
  /** The provider's key, resolved once and kept in memory only. */
  apiKey(): Promise<string | undefined>;
}

/**
 * The providers of the current config. Rebuilt on every config change; resolved keys are kept
 * across rebuilds while the provider's credential reference stays the same, and dropped when
 * a secret changes.
 */
export class ProviderRegistry {
  private providers = new Map<string, Provider>();
  private readonly keyCache = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly env: NodeJS.ProcessEnv,
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

  /** Forget resolved keys, e.g. after a secret was set or deleted. */
  invalidateKeys(): void {
    this.keyCache.clear();
  }

  private build(name: string, config: ProviderConfig): Provider {
    const kind = providerKinds[config.type];
    const cacheKey = `${config.credential ?? ''}|${config.apiKey ?? ''}`;
    return {
      name,
      config,
      kind,
      baseUrl: resolveProviderBaseUrl(config),
      apiKey: () => {
        let key = this.keyCache.get(cacheKey);
        if (!key) {
          key = resolveCredential(config, this.secrets, this.env).catch((cause: unknown) => {
            this.keyCache.delete(cacheKey);
            throw new GatewayError('unavailable', `Could not read the credential of provider "${name}" from the ${this.secrets.backend} store`, {
              provider: name,
              code: 'credential_unavailable',
              cause,
            });
          });
          this.keyCache.set(cacheKey, key);
        }
        return key;
      },
    };
  }
}
