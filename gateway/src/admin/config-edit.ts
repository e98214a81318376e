/**
 * Read-modify-write of the config file for the admin API. Edits go through the YAML Document
 * API (parse → change nodes → toString) so comments elsewhere survive, get their original
 * spacing and blank lines back (yaml-layout.ts), then go through ConfigManager.write, which
 * validates, writes atomically and applies live.
 */
import { parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { ConfigManager } from '../config/config-manager';
import type { Config } from '../config/schema';
import { GatewayError } from '../errors/gateway-error';
import { restoreLayout } from './yaml-layout';

/** `lineWidth: 0`: never fold long lines, which would rewrite untouched regexes and flow maps. */
const STRINGIFY = { lineWidth: 0 } as const;

export function parseConfigDocument(text: string): Document {
  return parseDocument(text, { uniqueKeys: true });
}

export function conflict(baseVersion: number, current: number): GatewayError {
  return new GatewayError('invalid_request', `The config changed since version ${baseVersion} (now ${current}); reload it and apply the edit again`, {
    status: 409,
    code: 'config_conflict',
    param: 'baseVersion',
    retryable: false,
  });
}

export class ConfigEditor {
  /** Edits run one at a time: two read-modify-writes interleaved would lose the first. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: ConfigManager) {}

  /** Writes `text` as the new config (ConfigError on invalid text; the file is then untouched). */
  replace(text: string, baseVersion?: number): Promise<{ config: Config; version: number }> {
    return this.serial(async () => {
      this.checkVersion(baseVersion);
      return this.config.write(text);
    });
  }

  /** Applies `change` to the current text's document and writes the result. */
  edit(change: (doc: Document) => void, baseVersion?: number): Promise<{ config: Config; version: number }> {
    return this.serial(async () => {
      this.checkVersion(baseVersion);
      const text = this.config.currentText();
      const doc = parseConfigDocument(text);
      change(doc);
      return this.config.write(restoreLayout(text, doc.toString(STRINGIFY)));
    });
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
