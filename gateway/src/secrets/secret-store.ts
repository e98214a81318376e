/**
 * Where provider credentials live. The config names a credential (`credential: openai`); the
 * store resolves it. Values never leave the gateway process: callers outside it get
 * `SecretInfo` only.
 */
export type SecretBackend = 'keychain' | 'env' | 'memory';

export interface SecretInfo {
  name: string;
  backend: SecretBackend;
  /**
   * The last four characters, for recognising a key in the UI; empty when the value is
   * shorter than 12 characters, where four would give too much of it away.
   */
  lastFour: string;
}

/**
 * Every method validates the name (`SECRET_NAME`, see secret-name.ts) and rejects a bad one
 * with GatewayError `invalid_request`; an unreachable backend (locked keychain) rejects with
 * GatewayError `unavailable`.
 */
export interface SecretStore {
  readonly backend: SecretBackend;
  readonly writable: boolean;
  /** Resolves undefined when no secret has that name. */
  get(name: string): Promise<string | undefined>;
  /** Creates or replaces. Throws GatewayError `permission` when the store is read-only. */
  set(name: string, value: string): Promise<void>;
  /** Returns whether something was deleted. Throws GatewayError `permission` when read-only. */
  delete(name: string): Promise<boolean>;
  /** Sorted by name. Never includes values. */
  list(): Promise<SecretInfo[]>;
}
