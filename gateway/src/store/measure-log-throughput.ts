/**
 * Measures how many log rows per second SqliteLogStore writes to a real file (WAL, all
 * indexes, rollup included). Not a test: timing depends on the machine. Run with
 *   npx esbuild gateway/src/store/measure-log-throughput.ts --bundle --platform=node \
 *     --packages=external --outfile=/tmp/measure-log.cjs && NODE_PATH=$PWD/node_modules node /tmp/measure-log.cjs [rows]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newRequestId } from '../server/request-id';
import { makeLogRecord } from './log-record.fixture';
import { SqliteLogStore } from './sqlite-log-store';

const total = Number(process.argv[2] ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-throughput-'));
const store = SqliteLogStore.open(join(dir, 'switchboard.db'));
const keys = ['key_a', 'key_b', 'key_c'];
const models = ['gpt-4o-mini', 'claude-haiku-4-5', 'gemini-2.5-flash'];
const records = Array.from({ length: total }, (_, i) =>
  makeLogRecord({
    id: newRequestId(), // time-ordered, like the server's ids
    ts: Date.UTC(2025, 0, 1) + i * 50,
    keyId: keys[i % 3] ?? null,
    model: models[i % 3] ?? null,
    metadata: { tier: 'free' },
    status: i % 20 === 0 ? 502 : 200,
  }),
);

async function main(): Promise<void> {
  // Appending in chunks of 1,000 with a flush each mirrors the batch-size trigger.
  let slowestFlushMs = 0;
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    store.append(records[i]!);
    if (store.pending >= 1000) {
      const t = performance.now();
      await store.flush();
      slowestFlushMs = Math.max(slowestFlushMs, performance.now() - t);
    }
  }
  await store.flush();
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `${total} rows in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} rows/s; slowest 1,000-row flush ${slowestFlushMs.toFixed(1)} ms`,
  );
}

void main();
