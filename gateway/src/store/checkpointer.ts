/**
 * WAL checkpoints off the event loop. SQLite normally checkpoints inside whichever commit
 * pushes the WAL past `wal_autocheckpoint` pages: under a steady log and cache write load that
 * is one commit in many taking tens of milliseconds (copying the WAL into the file, with an
 * fsync) on the gateway's only thread. A worker thread with its own connection runs PASSIVE
 * checkpoints instead, which never block writers or readers; the main connection keeps a far
 * larger auto-checkpoint as a backstop in case the worker is gone.
 *
 * The main thread drives the worker: each tick it closes the write gate (see write-gate.ts),
 * asks for one checkpoint, and opens the gate when the worker answers. With background writes
 * held meanwhile, the checkpoint copies every frame, and the next write restarts the WAL.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AUTO_CHECKPOINT_PAGES, type SqliteDatabase } from './database';
import { WriteGate } from './write-gate';

export interface Checkpointer {
  /** Closed while a checkpoint runs: give it to the writers that can wait (log store, cache). */
  readonly gate: WriteGate;
  /** Stops the worker; the file's last checkpoint happens when the last connection closes. */
  close(): Promise<void>;
}

export interface CheckpointerOptions {
  /** How often the worker checkpoints. Default 1 s. */
  intervalMs?: number;
  /** Told when the worker fails; the backstop auto-checkpoint then keeps the WAL bounded. */
  onError?: (error: Error) => void;
  /** Told how each checkpoint went (tests, diagnostics). */
  onCheckpoint?: (result: CheckpointResult) => void;
}

/** What `PRAGMA wal_checkpoint` reports: WAL frames, and how many of them are in the file now. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/** The longest the gate stays closed for one checkpoint, should the worker not answer. */
const GATE_TIMEOUT_MS = 1000;

/** The main connection's auto-checkpoint while a checkpointer runs: a backstop, ~64 MB of WAL. */
export const BACKSTOP_CHECKPOINT_PAGES = 16_000;

/**
 * Runs in the worker (CommonJS, `eval`). better-sqlite3 is loaded by the path the main thread
 * resolved, so the worker finds the same native module in a bundle, a packaged app or tests.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
// A checkpoint copies WAL frames into the file; it needs no page cache of its own.
db.pragma('cache_size = -512');
parentPort.on('message', (message) => {
  if (message === 'checkpoint') {
    let result;
    try {
      result = db.pragma('wal_checkpoint(PASSIVE)')[0];
    } catch (error) {
      // Busy or locked: the next tick tries again.
      result = { busy: 1, log: -1, checkpointed: -1 };
    }
    parentPort.postMessage(result);
  } else if (message === 'close') {
    db.close();
    parentPort.close();
  }
});
`;

/**
 * Starts the worker for `db` (a file opened by openDatabase, in WAL mode) and moves the main
 * connection's auto-checkpoint to the backstop. If the worker fails, the main connection goes
 * back to checkpointing itself.
 */
export function startCheckpointer(db: SqliteDatabase, options: CheckpointerOptions = {}): Checkpointer {
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file: db.name, sqlite },
    // A few lines of script: a small heap keeps the thread's memory to the isolate's own.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  });
  // The worker must never keep a finished process alive; the host calls close() on shutdown.
  worker.unref();
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const gate = new WriteGate();
  let exited = false;
  /** A checkpoint was asked for and not answered yet: no next one until it is. */
  let asked = false;
  let gateTimeout: NodeJS.Timeout | undefined;

  const openGate = (): void => {
    clearTimeout(gateTimeout);
    gateTimeout = undefined;
    gate.open();
  };
  const tick = setInterval(() => {
    if (asked || exited) return;
    asked = true;
    gate.close();
    // Should the worker not answer (stuck behind a lock), writes go on without it; its late
    // answer then only ends `asked`, since no newer checkpoint can have closed the gate.
    gateTimeout = setTimeout(openGate, GATE_TIMEOUT_MS);
    worker.postMessage('checkpoint');
  }, options.intervalMs ?? 1000);
  tick.unref();
  worker.on('message', (result: CheckpointResult) => {
    asked = false;
    openGate();
    options.onCheckpoint?.(result);
  });

  /** Without the worker, the main connection checkpoints itself again, and nothing waits. */
  const stop = (): void => {
    clearInterval(tick);
    openGate();
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  worker.once('exit', () => {
    exited = true;
    stop();
  });
  worker.on('error', (error) => {
    stop();
    options.onError?.(error instanceof Error ? error : new Error(String(error)));
  });
  let closing: Promise<void> | undefined;
  return {
    gate,
    close() {
      closing ??= new Promise<void>((resolve) => {
        stop();
        // A worker that already died (it could not open the file) has nothing left to stop.
        if (exited) return resolve();
        // Keep the process alive until the worker has closed its connection.
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('close');
        // A worker stuck in a checkpoint must not hold up shutdown.
        setTimeout(() => void worker.terminate(), 2000).unref();
      });
      return closing;
    },
  };
}
