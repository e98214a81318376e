/**
 * Owns the config file: loads it, watches it, applies valid edits live and refuses invalid
 * ones (the last good config keeps serving), and writes UI edits atomically.
 */
import { createHash, randomBytes } from 'node:crypto';
import { watch, watchFile, unwatchFile } from 'node:fs';
import type { FSWatcher, Stats } from 'node:fs';
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditActor } from '../audit/audit-types';
import { ConfigError } from './config-error';
import { changedOnDisk, notSaved } from './disk-conflict';
import { defaultConfigText, parseConfig } from './load';
import type { Config } from './schema';

/**
 * `previous`: the config this one replaced (the same object when a refused hand edit was undone
 * and the config in use stands). `origin`: who wrote it, for a write through this manager (the
 * admin API); a change read from the file has none.
 */
export type ConfigEvent = { type: 'applied'; config: Config; version: number; previous: Config; origin?: AuditActor } | { type: 'rejected'; error: ConfigError };
export type ReloadResult = { type: 'applied'; config: Config; version: number } | { type: 'rejected'; error: ConfigError } | { type: 'unchanged'; version: number };
export type ConfigListener = (event: ConfigEvent) => void;

export interface ConfigManagerOptions {
  /** Apply edits of the file as they happen. */
  watch: boolean;
  /** Quiet time after the last file event before reloading (editors write in bursts). Default 100. */
  debounceMs?: number;
  /** Backup stat poll for file systems where fs.watch misses events (network mounts). 0 disables. Default 2000. */
  pollIntervalMs?: number;
  /** An invalid file at start: throw (default), or start empty and report it through lastError(). */
  onInvalidStart?: 'throw' | 'empty';
  /** Where the one-line rejection notice goes. Default: stderr. */
  log?: (line: string) => void;
}

const hashOf = (text: string): string => createHash('sha256').update(text).digest('hex');
const isErrno = (error: unknown, ...codes: string[]): boolean =>
  error instanceof Error && 'code' in error && codes.includes(String((error as NodeJS.ErrnoException).code));

export class ConfigManager {
  private config: Config;
  private text: string;
  private appliedHash: string;
  private rejected?: { hash: string; error: ConfigError };
  private currentVersion = 1;
  private readonly listeners = new Set<ConfigListener>();
  /** Reloads and writes run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private watcher?: FSWatcher;
  private readonly pollListener = (current: Stats, previous: Stats): void => {
    if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size || current.ino !== previous.ino) this.schedule();
  };
  private debounce?: NodeJS.Timeout;
  private rewatch?: NodeJS.Timeout;
  private closed = false;
  private readonly log: (line: string) => void;

  private constructor(
    readonly path: string,
    private readonly options: ConfigManagerOptions,
    initial: { config: Config; text: string; rejected?: { hash: string; error: ConfigError } },
  ) {
    this.config = initial.config;
    this.text = initial.text;
    this.appliedHash = hashOf(initial.text);
    this.rejected = initial.rejected;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Opens (creating it from the starter text when missing) and optionally watches the file. */
  static async open(file: string, options: ConfigManagerOptions): Promise<ConfigManager> {
    const absolute = path.resolve(file);
    await mkdir(path.dirname(absolute), { recursive: true, mode: 0o700 });
    try {
      await writeFile(absolute, defaultConfigText(), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const text = await readFile(absolute, 'utf8').catch((error: unknown) => {
      // Node's "EISDIR: illegal operation on a directory, read" names no file (`--config DIR`).
      const reason = isErrno(error, 'EISDIR') ? 'it is a directory; give the path of the YAML file itself' : error instanceof Error ? error.message : String(error);
      throw new Error(`cannot read the config file ${absolute}: ${reason}`, { cause: error });
    });
    let manager: ConfigManager;
    try {
      manager = new ConfigManager(absolute, options, { config: parseConfig(text, absolute), text });
    } catch (error) {
      if (!(error instanceof ConfigError) || options.onInvalidStart !== 'empty') throw error;
      manager = new ConfigManager(absolute, options, { config: parseConfig(''), text: '', rejected: { hash: hashOf(text), error } });
      manager.log(`[switchboard] config ${absolute} is invalid; starting with an empty config until it is fixed: ${error.summary()}`);
    }
    if (options.watch) manager.startWatching();
    return manager;
  }

  get version(): number {
    return this.currentVersion;
  }

  current(): Config {
    return this.config;
  }

  /** The YAML text of the current config, as the file had it. */
  currentText(): string {
    return this.text;
  }

  /** Why the file's present content is not the one serving, if it is not. */
  lastError(): ConfigError | undefined {
    return this.rejected?.error;
  }

  subscribe(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Re-reads the file. A missing file (mid-save) or unchanged text changes nothing. */
  reload(): Promise<ReloadResult> {
    return this.enqueue(() => this.readAndApply());
  }

  /**
   * Validates `text`, then replaces the file atomically (temp file + rename) and applies it.
   * Throws ConfigError without touching the file when the text is invalid, and a 409
   * `config_changed_on_disk` when the file no longer holds the applied text: `text` was made
   * from the applied text, so writing it would erase whatever was saved there by hand (a
   * rejected half-finished edit, or one the watcher has not reloaded yet). Callers reload()
   * first; this compare-and-swap catches a save that lands in between (short of the
   * milliseconds between this read and the rename: a file has no atomic compare-and-swap).
   */
  write(text: string, origin?: AuditActor): Promise<{ config: Config; version: number }> {
    return this.enqueue(async () => {
      const config = parseConfig(text, this.path);
      const hash = hashOf(text);
      if (hash === this.appliedHash) return { config: this.config, version: this.currentVersion };
      const onDisk = await this.readIfPresent();
      if (onDisk !== undefined) {
        const diskHash = hashOf(onDisk);
        if (diskHash !== this.appliedHash) throw changedOnDisk(this.path, this.rejected?.hash === diskHash ? this.rejected.error : undefined);
      }
      await this.replaceFile(text).catch((error: unknown) => {
        throw notSaved(this.path, error);
      });
      this.apply(config, text, hash, origin);
      return { config, version: this.currentVersion };
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.debounce);
    clearTimeout(this.rewatch);
    this.watcher?.close();
    this.watcher = undefined;
    unwatchFile(this.path, this.pollListener);
    this.listeners.clear();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The file's text; undefined when it is missing (nothing there to lose). */
  private async readIfPresent(): Promise<string | undefined> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  private async readAndApply(confirmEmpty = true): Promise<ReloadResult> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      // Editors that delete then recreate leave a moment with no file: keep serving.
      if (isErrno(error, 'ENOENT')) return { type: 'unchanged', version: this.currentVersion };
      const reason = error instanceof Error ? error.message : String(error);
      if (this.rejected?.hash === `io:${reason}`) return { type: 'rejected', error: this.rejected.error };
      return this.reject(new ConfigError([{ path: '', message: `cannot read the file: ${reason}` }], this.path), `io:${reason}`);
    }
    const hash = hashOf(text);
    if (hash === this.appliedHash) {
      if (this.rejected === undefined) return { type: 'unchanged', version: this.currentVersion };
      // Back to the config in use (a rejected edit undone): say so, or the UI keeps showing the error.
      this.rejected = undefined;
      const event: ConfigEvent = { type: 'applied', config: this.config, version: this.currentVersion, previous: this.config };
      this.emit(event);
      return event;
    }
    if (this.rejected?.hash === hash) return { type: 'rejected', error: this.rejected.error };
    // A save that truncates before writing can be seen half-way as an empty file, which is a
    // valid (empty) config: look again before dropping every route.
    if (confirmEmpty && text.trim() === '' && this.text.trim() !== '') {
      await new Promise((resolve) => setTimeout(resolve, this.options.debounceMs ?? 100));
      return this.readAndApply(false);
    }
    try {
      this.apply(parseConfig(text, this.path), text, hash);
      return { type: 'applied', config: this.config, version: this.currentVersion };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return this.reject(error, hash);
    }
  }

  private apply(config: Config, text: string, hash: string, origin?: AuditActor): void {
    const previous = this.config;
    this.config = config;
    this.text = text;
    this.appliedHash = hash;
    this.rejected = undefined;
    this.currentVersion += 1;
    this.emit(origin === undefined ? { type: 'applied', config, version: this.currentVersion, previous } : { type: 'applied', config, version: this.currentVersion, previous, origin });
  }

  private reject(error: ConfigError, hash: string): ReloadResult {
    this.rejected = { hash, error };
    this.log(`[switchboard] config ${this.path} rejected, still serving version ${this.currentVersion}: ${error.summary()}`);
    this.emit({ type: 'rejected', error });
    return { type: 'rejected', error };
  }

  private emit(event: ConfigEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.log(`[switchboard] a config listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private async replaceFile(text: string): Promise<void> {
    const dir = path.dirname(this.path);
    const temp = path.join(dir, `.${path.basename(this.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await renameWithRetry(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Watches the directory, not the file: editors save by writing a new file and renaming it
   * over the old one, which silently ends a watch on the old file's inode.
   */
  private startWatching(): void {
    if (this.closed) return;
    const name = path.basename(this.path);
    try {
      this.watcher = watch(path.dirname(this.path), { persistent: false }, (_event, filename) => {
        if (filename === null || filename.toString() === name) this.schedule();
      });
      this.watcher.on('error', (error) => {
        this.log(`[switchboard] watching ${path.dirname(this.path)} failed (${error.message}); retrying`);
        this.watcher?.close();
        this.watcher = undefined;
        this.rewatch = setTimeout(() => this.startWatching(), 1000);
        this.rewatch.unref();
      });
    } catch (error) {
      this.log(`[switchboard] cannot watch ${path.dirname(this.path)} (${error instanceof Error ? error.message : String(error)}); polling only`);
    }
    const interval = this.options.pollIntervalMs ?? 2000;
    if (interval > 0) {
      unwatchFile(this.path, this.pollListener);
      watchFile(this.path, { interval, persistent: false }, this.pollListener);
    }
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.reload().catch((error: unknown) => this.log(`[switchboard] config reload failed: ${error instanceof Error ? error.message : String(error)}`));
    }, this.options.debounceMs ?? 100);
    this.debounce.unref();
  }
}

/** Windows refuses to replace a file another process holds open for a moment; try a few times. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      if (attempt >= 4 || !isErrno(error, 'EPERM', 'EBUSY', 'EACCES')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }
}
