import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { openDatabase, schemaVersion, type SqliteDatabase } from './database';
import { migrations } from './migrations';
import type { Migration } from './migrations';

let dir: string;
let file: string;
const opened: SqliteDatabase[] = [];

function open(list?: readonly Migration[]): SqliteDatabase {
  const db = openDatabase(file, list ? { migrations: list } : {});
  opened.push(db);
  return db;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-db-'));
  file = join(dir, 'data', 'switchboard.db');
});

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const first: Migration = { version: 1, name: 'notes', sql: 'CREATE TABLE notes (text TEXT NOT NULL);' };
const second: Migration = { version: 2, name: 'seed', sql: "INSERT INTO notes (text) VALUES ('seeded');" };

describe('openDatabase', () => {
  it('creates the file (and its folder) in WAL mode with the built-in schema applied', () => {
    const db = open();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(4000);
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(33_554_432);
    expect(schemaVersion(db)).toBe(migrations.length);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['request_log', 'spend_daily']));
  });

  it.skipIf(process.platform === 'win32')('creates the file readable by its owner only', () => {
    open();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.platform === 'win32')('makes a database left readable by others (a restore, a copy, an older build) owner-only, -wal and -shm too', () => {
    open().close();
    const companions = [file, `${file}-wal`, `${file}-shm`];
    for (const path of companions) {
      writeFileSync(path, '', { flag: 'a' });
      chmodSync(path, 0o644);
    }
    open();
    for (const path of companions) expect({ path, mode: statSync(path).mode & 0o777 }).toEqual({ path, mode: 0o600 });
  });

  it('runs each migration once: reopening does not apply them again', () => {
    open([first, second]).close();
    const db = open([first, second]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT text FROM notes').pluck().all()).toEqual(['seeded']);
  });

  it('applies only the migrations added since the file was last opened, in order', () => {
    open([first]).close();
    const db = open([first, second]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(1);
  });

  it('rolls a failing migration back entirely and keeps the previous version', () => {
    open([first]).close();
    const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE half (x); INSERT INTO missing VALUES (1);' };
    expect(() => open([first, broken])).toThrow(/missing/);
    const db = open([first]);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
  });

  it('refuses a file written by a newer schema instead of running on it, naming the file and what to do', () => {
    open([first, second]).close();
    expect(() => open([first])).toThrow(GatewayError);
    expect(() => open([first])).toThrow(`the database ${file} has schema version 2 but this build knows only up to 1: it was written by a newer Switchboard`);
    expect(() => open([first])).toThrow(/run that version \(or a later one\), or move it/);
    expect(schemaVersion(open([first, second]))).toBe(2);
  });

  it('refuses a damaged file with a message that names it and says what to do, leaving it as it was', () => {
    mkdirSync(join(dir, 'data'));
    const garbage = 'not a database, just text '.repeat(100);
    writeFileSync(file, garbage);
    expect(() => open()).toThrow(GatewayError);
    expect(() => open()).toThrow(`the database ${file} is damaged or is not a Switchboard database (file is not a database)`);
    expect(() => open()).toThrow(/move it \(and any -wal and -shm files beside it\) elsewhere/);
    expect(readFileSync(file, 'utf8')).toBe(garbage);
  });

  it('names the file and what to check when SQLite cannot write beside it (a full disk says only "disk I/O error")', () => {
    // What a full or read-only disk does, reproduced portably: SQLite cannot create its WAL file.
    mkdirSync(`${file}-wal`, { recursive: true });
    expect(() => open()).toThrow(GatewayError);
    expect(() => open()).toThrow(
      `cannot open the database ${file} (disk I/O error): check that the disk holding it has free space, and that this user may write to ${join(dir, 'data')}`,
    );
  });

  it('names the file and the likely holder when another program keeps it locked through an upgrade', () => {
    open([first]).close();
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    try {
      expect(() => openDatabase(file, { migrations: [first, second], busyTimeoutMs: 0 })).toThrow(
        `the database ${file} is locked by another program (another Switchboard, or a database browser with unsaved changes): close it, then start again`,
      );
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(schemaVersion(open([first, second]))).toBe(2);
  });

  it('refuses a migration list with a gap in its numbering', () => {
    expect(() => open([first, { ...second, version: 3 }])).toThrow(/expected 2/);
  });

  it('opens an in-memory database with the same schema', () => {
    const db = openDatabase(':memory:');
    opened.push(db);
    expect(schemaVersion(db)).toBe(migrations.length);
  });
});
