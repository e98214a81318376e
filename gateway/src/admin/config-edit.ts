/**
 * Read-modify-write of the config file for the admin API. Edits go through the YAML Document
 * API (parse → change nodes → toString) so comments elsewhere survive, get their original
 * spacing and blank lines back (yaml-layout.ts), then go through ConfigManager.write, which
 * validates, writes atomically and applies live. Nothing the user saved in the file by hand is
 * ever overwritten: each edit first catches up with the file (catchUpWithDisk).
 */
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { ConfigError } from '../config/config-error';
import type { ConfigManager } from '../config/config-manager';
import { changedOnDisk } from '../config/disk-conflict';
import type { AuditActor } from '../audit/audit-types';
import type { Config } from '../config/schema';
import { GatewayError } from '../errors/gateway-error';
import { inOriginalLines } from './issue-lines';
import { restoreLayout } from './yaml-layout';

/** `lineWidth: 0`: never fold long lines, which would rewrite untouched regexes and flow maps. */
const STRINGIFY = { lineWidth: 0 } as const;

/**
 * The config text as a Document to edit; its source tokens let yaml-patch.ts tell where
 * comments were written. `merge` as the loader reads the file: a route or provider that pulls
 * a shared block in with `<<: *anchor` reads as its merged values, and an edit of it, which
 * sends them all back, writes them in full in place of the merge key.
 */
export function parseConfigDocument(text: string): Document {
  return parseDocument(text, { uniqueKeys: true, keepSourceTokens: true, merge: true });
}

export function conflict(baseVersion: number, current: number): GatewayError {
  return new GatewayError('invalid_request', `The config changed since version ${baseVersion} (now ${current}); reload it and apply the edit again`, {
    status: 409,
    code: 'config_conflict',
    param: 'baseVersion',
    retryable: false,
  });
}

/** A valid hand edit was loaded by this very request, so its baseVersion is stale because of it. */
function editedOnDisk(file: string, baseVersion: number, current: number): GatewayError {
  return new GatewayError(
    'invalid_request',
    `${path.basename(file)} was edited on disk since version ${baseVersion}; that change is loaded now (version ${current}). Nothing was saved: reload to see the change, then apply your edit again`,
    { status: 409, code: 'config_conflict', param: 'baseVersion', retryable: false },
  );
}

export class ConfigEditor {
  /** Edits run one at a time: two read-modify-writes interleaved would lose the first. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: ConfigManager) {}

  /**
   * Writes `text` as the new config (ConfigError on invalid text; the file is then untouched);
   * `origin` (who asked) goes with the change to the audit log.
   * A hand edit found on disk is refused even without `baseVersion`: the whole-file text was
   * written without it, so saving would erase it.
   */
  replace(text: string, baseVersion?: number, origin?: AuditActor): Promise<{ config: Config; version: number }> {
    return this.serial(async () => {
      const loaded = await this.catchUpWithDisk();
      if (loaded) throw editedOnDisk(this.config.path, baseVersion ?? loaded.from, this.config.version);
      this.checkVersion(baseVersion);
      return this.config.write(text, origin);
    });
  }

  /**
   * Applies `change` to the current text's document and writes the result. A valid hand edit
   * found on disk is loaded first; then a `baseVersion` from before it gets the 409 (the user
   * edited from a config they have not seen), while a caller that sent none gets its change
   * applied on top of the hand edit, which stays, as if the watcher had been quicker. A result
   * that does not validate is refused with its problems in the lines of the file (issue-lines.ts).
   */
  edit(change: (doc: Document) => void, baseVersion?: number, origin?: AuditActor): Promise<{ config: Config; version: number }> {
    return this.serial(async () => {
      const loaded = await this.catchUpWithDisk();
      if (loaded && baseVersion !== undefined && baseVersion !== this.config.version) throw editedOnDisk(this.config.path, baseVersion, this.config.version);
      this.checkVersion(baseVersion);
      const text = this.config.currentText();
      const doc = parseConfigDocument(text);
      change(doc);
      const edited = restoreLayout(text, doc.toString(STRINGIFY));
      try {
        return await this.config.write(edited, origin);
      } catch (error) {
        throw error instanceof ConfigError ? inOriginalLines(error, text, edited) : error;
      }
    });
  }

  /**
   * Edits are built from the applied text, so the file must hold that text: a save the watcher
   * has not reloaded yet (its debounce, or the 2 s poll) is loaded now, and a file the gateway
   * rejected (a half-finished hand edit) refuses the edit, since writing would delete it.
   * Returns the version before, when a change was loaded.
   */
  private async catchUpWithDisk(): Promise<{ from: number } | undefined> {
    const from = this.config.version;
    const result = await this.config.reload();
    if (result.type === 'rejected') throw changedOnDisk(this.config.path, result.error);
    return result.type === 'applied' ? { from } : undefined;
  }

  private checkVersion(baseVersion: number | undefined): void {
    if (baseVersion !== undefined && baseVersion !== this.config.version) throw conflict(baseVersion, this.config.version);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
