/**
 * Measures SemanticIndex lookups (brute-force cosine) at 1k–100k vectors of 768 and 1536
 * dimensions, all in one partition and guard: the worst case, one app with one system prompt.
 * Also reports the one-off cost of loading a partition from SQLite (in the background past
 * 2,000 vectors, so it delays no request, but lookups miss until it is done).
 * Not a test: timing depends on the machine. Run with
 *   npx esbuild gateway/src/cache/bench-semantic.ts --bundle --platform=node \
 *     --packages=external --outfile=/tmp/bench-semantic.cjs && NODE_PATH=$PWD/node_modules node /tmp/bench-semantic.cjs [counts] [dims]
 * e.g. `... node /tmp/bench-semantic.cjs 1000,10000 768`; add `js` as a third argument to measure the
 * plain-JS scan used where WebAssembly SIMD is unavailable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../store/database';
import { SemanticIndex, normalised } from './semantic';
import { WASM_MIN_ROWS } from './vector-group';

const counts = (process.argv[2] ?? '1000,10000,50000,100000').split(',').map(Number);
const dimsList = (process.argv[3] ?? '768,1536').split(',').map(Number);
const simd = process.argv[4] !== 'js';
const QUERIES = 50;

/** Deterministic pseudo-random numbers (mulberry32), so runs compare. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

function vector(next: () => number, dims: number): Float32Array {
  const out = new Float32Array(dims);
  for (let i = 0; i < dims; i++) out[i] = next();
  return normalised(out) as Float32Array;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;

async function run(count: number, dims: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-semantic-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const next = random(count * 31 + dims);
    const entry = db.prepare(
      `INSERT INTO response_cache (key, route, scope, response, bytes, cost_usd, created_at, expires_at, last_hit_at) VALUES (?, 'r', 's', '{}', 0, 0, 0, ?, 0)`,
    );
    const vec = db.prepare(`INSERT INTO response_cache_vectors (entry, key, scope, route, guard, dims, vector) VALUES (?, ?, 's', 'r', 'g', ?, ?)`);
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const v = vector(next, dims);
        const { lastInsertRowid } = entry.run(`k${i}`, Number.MAX_SAFE_INTEGER);
        vec.run(Number(lastInsertRowid), `k${i}`, dims, Buffer.from(v.buffer));
      }
    })();
    const index = new SemanticIndex(db, { simd });
    const options = { scope: 's', route: 'r', guard: 'g', threshold: 0.9 };
    const loadStart = performance.now();
    await index.load('s', 'r');
    const loadMs = performance.now() - loadStart;
    for (let i = 0; i < 5; i++) index.find(vector(next, dims), options); // warm the JIT
    const queries = Array.from({ length: QUERIES }, () => vector(next, dims));
    const times: number[] = [];
    for (const query of queries) {
      const start = performance.now();
      index.find(query, options);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const line = [
      `${String(count).padStart(7)} × ${String(dims).padStart(4)}`,
      `best ${(times[0] as number).toFixed(2)} ms`,
      `median ${percentile(times, 0.5).toFixed(2)} ms`,
      `p95 ${percentile(times, 0.95).toFixed(2)} ms`,
      `partition load ${loadMs.toFixed(0)} ms`,
      `rss ${(process.memoryUsage().rss / 1024 ** 2).toFixed(0)} MB`,
    ];
    process.stdout.write(`${line.join('  |  ')}\n`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stdout.write(`node ${process.version}, ${simd ? `SIMD kernel from ${WASM_MIN_ROWS} rows` : 'plain JS only'}, ${QUERIES} lookups each after warm-up\n`);
  for (const dims of dimsList) for (const count of counts) await run(count, dims);
}

void main();
