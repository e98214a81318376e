/**
 * Where provider credentials live. The config names a credential (`credential: openai`); the
 * store resolves it. Values never leave the gateway process: callers outside it get
 * `SecretInfo` only.
 */
export type SecretBackend = 'keychain' | 'env' | 'memory';

export interface SecretInfo {
  name: string;
  backend: SecretBackend;
  /** The last four characters, for recognising a key in the UI. */
  lastFour: string;
}

export interface SecretStore {
  readonly backend: SecretBackend;
  readonly writable: boolean;
  get(name: string): Promise<string | undefined>;
  /** Throws GatewayError when the store is read-only. */
  set(name: string, value: string): Promise<void>;
  /** Returns whether something was deleted. */
  delete(name: string): Promise<boolean>;
  list(): Promise<SecretInfo[]>;
}
