import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../database';
import { logColumns, toRowValues, type LogRow } from '../log-row';
import type { LogRecord } from '../log-types';
import { migrations, type Migration } from './index';

/**
 * One database file per test, in a fresh temp dir, for migration tests: `open(list)` opens it
 * with the first migrations only (a file as an older version left it) or, by default, with all
 * of them (as an upgrade runs them). Every connection is closed and the dir removed after each test.
 */
export function migrationFile(prefix: string): { open(list?: readonly Migration[]): SqliteDatabase } {
  let dir = '';
  let file = '';
  const opened: SqliteDatabase[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    file = join(dir, 'switchboard.db');
  });
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    open(list = migrations) {
      const db = openDatabase(file, { migrations: list });
      opened.push(db);
      return db;
    },
  };
}

/**
 * Writes `records` into the request log of a file an older version left, as it holds them: with
 * the columns before `firstMissing`, the column a later migration added (columns are only ever
 * appended, so the ones before it are that version's).
 */
export function insertOldLogRows(db: SqliteDatabase, firstMissing: keyof LogRow, records: readonly LogRecord[]): void {
  const columns = logColumns.slice(0, logColumns.indexOf(firstMissing as (typeof logColumns)[number]));
  const insert = db.prepare(`INSERT INTO request_log (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  for (const record of records) insert.run(...toRowValues(record).slice(0, columns.length));
}
