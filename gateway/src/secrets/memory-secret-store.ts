/** Secrets in a Map: for tests and throwaway gateways. Nothing survives the process. */
import { assertSecretName, assertSecretValue, lastFour } from './secret-name';
import type { SecretInfo, SecretStore } from './secret-store';

export class MemorySecretStore implements SecretStore {
  readonly backend = 'memory' as const;
  readonly writable = true;
  private readonly values = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(initial)) {
      assertSecretName(name);
      assertSecretValue(value);
      this.values.set(name, value);
    }
  }

  async get(name: string): Promise<string | undefined> {
    assertSecretName(name);
    return this.values.get(name);
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    assertSecretValue(value);
    this.values.set(name, value);
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    return this.values.delete(name);
  }

  async list(): Promise<SecretInfo[]> {
    return [...this.values]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => ({ name, backend: this.backend, lastFour: lastFour(value) }));
  }
}
