/**
 * Opens the gateway's SQLite file and brings its schema up to date. One file in the data dir
 * (`switchboard.db`) holds the request log, spend rollups and, later, cache entries, gateway
 * keys and the audit log.
 */
import { chmodSync, closeSync, fchmodSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { GatewayError } from '../errors/gateway-error';
import { migrations as defaultMigrations, type Migration } from './migrations';

export type SqliteDatabase = Database.Database;

/** Pages of WAL after which a commit checkpoints (SQLite's default is 1000, ~4 MB). */
export const AUTO_CHECKPOINT_PAGES = 4000;

export interface OpenDatabaseOptions {
  /**
   * How long a write waits for another connection's lock. better-sqlite3 is synchronous, so
   * this wait blocks the event loop; keep it short.
   */
  busyTimeoutMs?: number;
  /** Replaces the built-in schema history (tests only). */
  migrations?: readonly Migration[];
}

/** Opens (creating if needed) the database and applies pending migrations. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  if (file !== ':memory:') createPrivateFile(file);
  let db: SqliteDatabase;
  try {
    db = new Database(file);
  } catch (error) {
    throw openFailure(file, error) ?? error;
  }
  try {
    // WAL lets the admin UI read while the log writer writes; NORMAL is durable across
    // application crashes and only risks the last transactions on power loss, which is the
    // right trade for a request log.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Checkpoint (copy the WAL into the file, with an fsync) every ~16 MB of WAL rather than
    // SQLite's 4 MB: a quarter of the checkpoints under a steady log and cache write load,
    // and a WAL file trimmed back to 32 MB after each one. The gateway moves checkpoints to
    // a worker thread (checkpointer.ts); this is what a connection does on its own.
    db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    db.pragma('journal_size_limit = 33554432');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 2000))}`);
    migrate(db, options.migrations ?? defaultMigrations, file);
    return db;
  } catch (error) {
    db.close();
    throw openFailure(file, error) ?? error;
  }
}

/**
 * SQLite's own words for a file it cannot use ("file is not a database", "disk I/O error")
 * name neither the file nor what to do, and are all a user of `switchboard serve` or the
 * desktop app would see.
 */
function openFailure(file: string, error: unknown): GatewayError | undefined {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new GatewayError(
      'internal',
      `the database ${file} is damaged or is not a Switchboard database (${reason}). ` +
        'It was left as it is: restore it from a backup, or move it (and any -wal and -shm files beside it) elsewhere to start with an empty one',
      { code: 'database_damaged', retryable: false, cause: error },
    );
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new GatewayError(
      'internal',
      `the database ${file} is locked by another program (another Switchboard, or a database browser with unsaved changes): close it, then start again`,
      { code: 'database_locked', retryable: true, cause: error },
    );
  }
  // SQLITE_IOERR_SHMSIZE, SQLITE_READONLY_DIRECTORY, SQLITE_CANTOPEN_ISDIR...: the extended codes share a prefix.
  if (/^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/.test(code)) {
    return new GatewayError(
      'internal',
      `cannot open the database ${file} (${reason}): check that the disk holding it has free space, and that this user may write to ${dirname(file)}`,
      { code: 'database_unavailable', retryable: false, cause: error },
    );
  }
  return undefined;
}

/** The schema version recorded in the file (`PRAGMA user_version`). */
export function schemaVersion(db: SqliteDatabase): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function migrate(db: SqliteDatabase, migrations: readonly Migration[], file: string): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new GatewayError('internal', `migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new GatewayError(
      'internal',
      `the database ${file} has schema version ${current} but this build knows only up to ${migrations.length}: it was written by a newer Switchboard. ` +
        'It was left as it is: run that version (or a later one), or move it (and any -wal and -shm files beside it) elsewhere to start with an empty one',
      { code: 'schema_too_new', retryable: false },
    );
  }
  for (const migration of migrations.slice(current)) {
    // One transaction per migration: the schema change and its version number land together,
    // so a crash mid-way leaves the previous version intact and the next start retries.
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/**
 * Makes the file owner-only before SQLite opens it: the log may hold request bodies, and
 * SQLite gives new -wal and -shm files the same mode as the main file. A file that already
 * exists keeps its mode on open, so one restored or copied readable by others is narrowed
 * here, with any -wal and -shm left beside it (they hold recent rows too).
 */
function createPrivateFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a', 0o600);
  try {
    fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
  for (const companion of [`${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(companion, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
