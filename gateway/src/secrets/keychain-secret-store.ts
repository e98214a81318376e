/**
 * Secrets in the OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service
 * on Linux) through @napi-rs/keyring. One entry per secret: service `switchboard` (by
 * default), account = the secret's name.
 *
 * The keychain APIs cannot reliably list a service's entries, so the store keeps an index of
 * names — never values — in one more entry of the same service, under the account `:index`
 * (a colon cannot occur in a secret name). Keeping it in the keychain rather than in a data-dir
 * file means the list and the values live and die together: two data dirs on one machine see
 * the same secrets, and clearing the keychain clears both.
 */
import { AsyncEntry, type EntryOptions, type LinuxStore } from '@napi-rs/keyring';
import { z } from 'zod';
import { GatewayError } from '../errors/gateway-error';
import { assertSecretName, assertSecretValue, isSecretName, lastFour } from './secret-name';
import type { SecretInfo, SecretStore } from './secret-store';

export const DEFAULT_KEYCHAIN_SERVICE = 'switchboard';
const INDEX_ACCOUNT = ':index';
const PROBE_ACCOUNT = ':probe';

export interface KeychainSecretStoreOptions {
  /** The keychain service entries are filed under. Tests use a unique one per run. */
  service?: string;
  /**
   * Linux only. Defaults to `secret-service`: the kernel keyring (`keyutils`), which the
   * library would otherwise fall back to silently, forgets everything on reboot.
   */
  linuxStore?: LinuxStore | 'auto';
}

const indexSchema = z.object({ v: z.literal(1), names: z.array(z.string()) });

export class KeychainSecretStore implements SecretStore {
  readonly backend = 'keychain' as const;
  readonly writable = true;
  readonly service: string;
  private readonly entryOptions: EntryOptions | undefined;
  /** Serialises index read-modify-write cycles within this process. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: KeychainSecretStoreOptions = {}) {
    this.service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
    this.entryOptions = entryOptionsFor(options.linuxStore);
  }

  async get(name: string): Promise<string | undefined> {
    assertSecretName(name);
    const value = await keychain(() => this.entry(name).getPassword());
    return value ?? undefined;
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    assertSecretValue(value);
    await this.serially(async () => {
      await keychain(() => this.entry(name).setPassword(value));
      const names = await this.readIndex();
      if (!names.includes(name)) await this.writeIndex([...names, name]);
    });
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    return this.serially(async () => {
      const deleted = await keychain(() => this.entry(name).deleteCredential());
      const names = await this.readIndex();
      if (names.includes(name)) await this.writeIndex(names.filter((n) => n !== name));
      return deleted;
    });
  }

  /** Reads every indexed value (for lastFour); names whose entry has gone are dropped from the index. */
  async list(): Promise<SecretInfo[]> {
    return this.serially(async () => {
      const names = await this.readIndex();
      const infos: SecretInfo[] = [];
      const missing: string[] = [];
      for (const name of names) {
        const value = await keychain(() => this.entry(name).getPassword());
        if (value === null) missing.push(name);
        else infos.push({ name, backend: this.backend, lastFour: lastFour(value) });
      }
      // Someone removed the entry outside Switchboard (Keychain Access, seahorse): forget it.
      if (missing.length > 0) await this.writeIndex(names.filter((n) => !missing.includes(n)));
      return infos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    });
  }

  private entry(account: string): AsyncEntry {
    return new AsyncEntry(this.service, account, this.entryOptions);
  }

  private async readIndex(): Promise<string[]> {
    const text = await keychain(() => this.entry(INDEX_ACCOUNT).getPassword());
    if (text === null) return [];
    try {
      const parsed = indexSchema.safeParse(JSON.parse(text));
      // An unreadable index is rebuilt by the next set rather than blocking the store for good;
      // the values themselves are untouched and still resolve by name.
      return parsed.success ? parsed.data.names.filter(isSecretName) : [];
    } catch {
      return [];
    }
  }

  private async writeIndex(names: string[]): Promise<void> {
    if (names.length === 0) {
      await keychain(() => this.entry(INDEX_ACCOUNT).deleteCredential());
      return;
    }
    const text = JSON.stringify({ v: 1, names: [...new Set(names)].sort() });
    await keychain(() => this.entry(INDEX_ACCOUNT).setPassword(text));
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

export type KeychainProbe = { available: true } | { available: false; reason: string };

/**
 * Whether the keychain works here, found by a real write, read and delete of a probe entry:
 * on Linux the library only fails once it talks to the Secret Service.
 */
export async function probeKeychain(options: KeychainSecretStoreOptions = {}): Promise<KeychainProbe> {
  const service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
  const marker = `probe-${process.pid}-${Date.now()}`;
  try {
    const entry = new AsyncEntry(service, PROBE_ACCOUNT, entryOptionsFor(options.linuxStore));
    await entry.setPassword(marker);
    const read = await entry.getPassword();
    await entry.deleteCredential();
    return read === marker ? { available: true } : { available: false, reason: 'the keychain did not return what was written' };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function entryOptionsFor(linuxStore: LinuxStore | 'auto' | undefined): EntryOptions | undefined {
  const store = linuxStore ?? 'secret-service';
  return store === 'auto' ? undefined : { linux: { store } };
}

/** Runs a keychain call, turning the library's errors into GatewayError `unavailable`. */
async function keychain<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    // Library messages describe the platform failure ("DBus error", "locked"), never values.
    const detail = error instanceof Error ? error.message : String(error);
    throw new GatewayError('unavailable', `the OS keychain is unavailable: ${detail}`, {
      code: 'keychain_unavailable',
      retryable: false,
      cause: error,
    });
  }
}
