import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type SqliteDatabase } from './database';
import { makeLogRecord } from './log-record.fixture';
import { SqliteLogStore, type SqliteLogStoreOptions } from './sqlite-log-store';
import { WriteGate } from './write-gate';
import { WriteSlicer } from './write-slicer';

let dir: string;
let file: string;
let db: SqliteDatabase;
let store: SqliteLogStore;
let warnings: string[];
/** A second connection, as another process would have, to see what actually reached the file. */
let observer: Database.Database;

function storedCount(): number {
  return Number(observer.prepare('SELECT count(*) FROM request_log').pluck().get());
}

/** The stored row counts the rest of the process sees, one loop turn at a time, until `total`. */
function countsWhileDraining(total: number): Promise<number[]> {
  const seen: number[] = [];
  return new Promise((resolve) => {
    const look = (): void => {
      const count = storedCount();
      if (seen.at(-1) !== count) seen.push(count);
      if (count === total) resolve(seen);
      else setImmediate(look);
    };
    look();
  });
}

function createStore(options: SqliteLogStoreOptions = {}): SqliteLogStore {
  return new SqliteLogStore(db, { warn: (message) => warnings.push(message), ...options });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-log-writes-'));
  file = join(dir, 'switchboard.db');
  // No busy wait: a locked file must surface as a failed write at once.
  db = openDatabase(file, { busyTimeoutMs: 0 });
  observer = new Database(file);
  warnings = [];
  store = createStore();
});

afterEach(async () => {
  if (observer.inTransaction) observer.exec('ROLLBACK');
  await store.close().catch(() => undefined);
  observer.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteLogStore batching', () => {
  it('returns from append before anything is written, then writes on its timer', async () => {
    store.append(makeLogRecord());
    store.append(makeLogRecord());
    expect(storedCount()).toBe(0);
    expect(store.pending).toBe(2);
    await vi.waitFor(() => expect(storedCount()).toBe(2), { timeout: 2000, interval: 20 });
    expect(store.pending).toBe(0);
  });

  it('writes as soon as a full batch is queued, without waiting for the interval', async () => {
    store = createStore({ flushIntervalMs: 60_000, batchSize: 10 });
    for (let i = 0; i < 9; i += 1) store.append(makeLogRecord());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(storedCount()).toBe(0);
    store.append(makeLogRecord());
    await vi.waitFor(() => expect(storedCount()).toBe(10), { timeout: 2000, interval: 10 });
  });

  it('by default writes once a slice of rows is queued, so a busy queue never waits for the timer', async () => {
    store = createStore({ flushIntervalMs: 60_000, slicer: new WriteSlicer({ minRows: 5, maxRows: 5 }) });
    for (let i = 0; i < 4; i += 1) store.append(makeLogRecord());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(storedCount()).toBe(0);
    store.append(makeLogRecord());
    await vi.waitFor(() => expect(storedCount()).toBe(5), { timeout: 2000, interval: 10 });
  });

  it('holds its timer writes while the checkpoint gate is closed, and writes once it opens', async () => {
    const gate = new WriteGate();
    store = createStore({ flushIntervalMs: 5, gate });
    gate.close();
    store.append(makeLogRecord());
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(storedCount()).toBe(0);
    gate.open();
    await vi.waitFor(() => expect(storedCount()).toBe(1), { timeout: 2000, interval: 5 });
  });

  it('does not make a read wait for the gate: reads flush first', async () => {
    const gate = new WriteGate();
    store = createStore({ flushIntervalMs: 60_000, gate });
    gate.close();
    const record = makeLogRecord();
    store.append(record);
    expect(await store.get(record.id)).toEqual(record);
  });

  it('keeps up with a backlog: a slice takes at least a quarter of the queue', async () => {
    store = createStore({ flushIntervalMs: 60_000, batchSize: 40, slicer: new WriteSlicer({ minRows: 4, maxRows: 4 }) });
    for (let i = 0; i < 40; i += 1) store.append(makeLogRecord());
    const seen = await countsWhileDraining(40);
    // 10 of 40, 8 of 30, 6 of 22, then the slicer's 4s.
    expect(seen).toEqual([0, 10, 18, 24, 28, 32, 36, 40]);
  });

  it('writes a long queue in slices the slicer sizes, letting the event loop run between them', async () => {
    store = createStore({ flushIntervalMs: 60_000, batchSize: 10, slicer: new WriteSlicer({ minRows: 4, maxRows: 4 }) });
    for (let i = 0; i < 10; i += 1) store.append(makeLogRecord());
    const seen = await countsWhileDraining(10);
    expect(seen).toEqual([0, 4, 8, 10]);
    expect(store.pending).toBe(0);
  });
});

describe('SqliteLogStore write failures', () => {
  it('keeps the queue when the file is locked, reports it on stderr, and writes it once the lock is gone', async () => {
    store = createStore({ flushIntervalMs: 10, maxRetryDelayMs: 20 });
    observer.exec('BEGIN IMMEDIATE'); // another writer holds the lock
    const records = [makeLogRecord(), makeLogRecord(), makeLogRecord()];
    for (const record of records) store.append(record);

    await expect(store.flush()).rejects.toThrow(/locked|busy/i);
    expect(store.pending).toBe(3);
    expect(warnings.join('\n')).toMatch(/writing 3 row\(s\) failed .*will retry/);

    observer.exec('ROLLBACK');
    // The retry timer, not another explicit flush, delivers the rows.
    await vi.waitFor(() => expect(storedCount()).toBe(3), { timeout: 2000, interval: 10 });
    expect(warnings.at(-1)).toMatch(/recovered/);
    for (const record of records) expect(await store.get(record.id)).toEqual(record);
  });

  it('drops the oldest rows beyond maxQueued while writes keep failing, and says so', async () => {
    store = createStore({ maxQueued: 5, flushIntervalMs: 60_000 });
    observer.exec('BEGIN IMMEDIATE');
    const records = Array.from({ length: 8 }, () => makeLogRecord());
    for (const record of records) store.append(record);
    expect(store.pending).toBe(5);
    expect(warnings.join('\n')).toMatch(/queue full \(5 rows\).*dropped the 1 oldest/);

    observer.exec('ROLLBACK');
    await store.flush();
    expect((await store.query({})).rows.map((row) => row.id)).toEqual(records.slice(3).map((r) => r.id).reverse());
  });

  it('drops a row that can never be stored, reports why, and still writes the rows around it', async () => {
    const good = [makeLogRecord(), makeLogRecord()];
    const unstorable = makeLogRecord({ costUsd: Number.NaN }); // NaN binds as NULL: NOT NULL fails
    const circular: Record<string, string> = {};
    Object.defineProperty(circular, 'self', { enumerable: true, get: () => circular });
    const unserialisable = makeLogRecord({ metadata: circular });

    store.append(good[0]!);
    store.append(unstorable);
    store.append(unserialisable);
    store.append(good[1]!);
    await store.flush();

    expect(storedCount()).toBe(2);
    expect(await store.get(good[1]!.id)).toEqual(good[1]);
    expect(warnings.join('\n')).toMatch(/dropped 2 row\(s\) that cannot be stored/);
  });

  it('reports rows that could not be written before close instead of losing them silently', async () => {
    observer.exec('BEGIN IMMEDIATE');
    store.append(makeLogRecord());
    await expect(store.close()).rejects.toThrow();
    expect(warnings.join('\n')).toMatch(/1 row\(s\) could not be written before close/);
  });

  it('ignores rows appended after close, with one warning', async () => {
    await store.close();
    store.append(makeLogRecord());
    store.append(makeLogRecord());
    expect(warnings.filter((w) => w.includes('after close'))).toHaveLength(1);
    expect(storedCount()).toBe(0);
  });
});
