import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../database';
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
