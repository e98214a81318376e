import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKSTOP_CHECKPOINT_PAGES, startCheckpointer, type CheckpointResult } from './checkpointer';
import { AUTO_CHECKPOINT_PAGES, openDatabase, type SqliteDatabase } from './database';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(): { db: SqliteDatabase; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-checkpoint-'));
  dirs.push(dir);
  const file = join(dir, 'switchboard.db');
  return { db: openDatabase(file), file };
}

async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('startCheckpointer', () => {
  it('copies committed pages into the database file while the gateway connection never checkpoints', async () => {
    const { db, file } = open();
    const checkpointer = startCheckpointer(db, { intervalMs: 30 });
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_CHECKPOINT_PAGES);
      db.exec('CREATE TABLE blobs (body TEXT NOT NULL)');
      const before = statSync(file).size;
      const insert = db.prepare('INSERT INTO blobs (body) VALUES (?)');
      // ~2 MB: far below the backstop, so only the worker can have moved it into the file.
      db.transaction(() => {
        for (let i = 0; i < 500; i++) insert.run(`${i}`.padEnd(4000, 'x'));
      })();
      expect(statSync(file).size).toBe(before);
      await eventually(() => statSync(file).size > before + 1_900_000);
      expect(db.prepare('SELECT COUNT(*) FROM blobs').pluck().get()).toBe(500);
    } finally {
      await checkpointer.close();
      db.close();
    }
  });

  it('holds background writes during each checkpoint, so every checkpoint completes and the WAL restarts', async () => {
    const { db, file } = open();
    const results: CheckpointResult[] = [];
    const checkpointer = startCheckpointer(db, { intervalMs: 40, onCheckpoint: (result) => results.push(result) });
    db.exec('CREATE TABLE blobs (body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO blobs (body) VALUES (?)');
    // A background writer like the log store's: it writes when the gate is open, else waits.
    let written = 0;
    const write = (): void => {
      insert.run('x'.repeat(16_000));
      written += 16_000;
    };
    const writer = setInterval(() => checkpointer.gate.whenOpen(write), 2);
    try {
      await eventually(() => results.filter((result) => result.log > 0).length >= 8 && written > 6_000_000, 15_000);
    } finally {
      clearInterval(writer);
    }
    try {
      const active = results.filter((result) => result.log > 0);
      // Each checkpoint copied every frame there was…
      for (const result of active) expect(result.checkpointed).toBe(result.log);
      // …so the WAL kept starting over instead of growing with everything written.
      expect(statSync(`${file}-wal`).size).toBeLessThan(written / 2);
      expect(db.prepare('SELECT COUNT(*) FROM blobs').pluck().get()).toBe(written / 16_000);
    } finally {
      await checkpointer.close();
      db.close();
    }
  });

  it('hands checkpoints back to the gateway connection when closed', async () => {
    const { db } = open();
    const checkpointer = startCheckpointer(db, { intervalMs: 30 });
    await checkpointer.close();
    await checkpointer.close(); // idempotent
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTO_CHECKPOINT_PAGES);
    db.close();
  });
});

describe('startCheckpointer shutdown', () => {
  it('closes at once when the worker already died', async () => {
    const { db, file } = open();
    rmSync(file); // the worker cannot open a file that is gone (fileMustExist)
    const errors: Error[] = [];
    const checkpointer = startCheckpointer(db, { intervalMs: 30, onError: (error) => errors.push(error) });
    await eventually(() => errors.length > 0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTO_CHECKPOINT_PAGES);
    await expect(Promise.race([checkpointer.close().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('hung'), 3000))])).resolves.toBe('closed');
    db.close();
  });
});
