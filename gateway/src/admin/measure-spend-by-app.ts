/**
 * Measures what GET /stats/spend?by=app and ?by=metadata cost on a large log: `rows` synthetic
 * calls spread over 90 days in a real file (WAL, all indexes), most with metadata, then
 * spendByApp, spendByMetadata and spendByMetadataField over the Costs page's 7, 30 and 90 days, beside
 * the rollup read the other groupings use, and then through SpendDaysCache as the endpoint reads
 * it. Not a test: timing depends on the machine.
 * `bodyBytes` > 0 stores request and response bodies of that size, as `logBodies: true` does,
 * which makes each row (and so each page the query reads) larger. Run with
 *   npx esbuild gateway/src/admin/measure-spend-by-app.ts --bundle --platform=node \
 *     --packages=external --outfile=/tmp/measure-app.cjs && NODE_PATH=$PWD/node_modules node /tmp/measure-app.cjs [rows] [bodyBytes]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../store/database';
import { makeLogRecord } from '../store/log-record.fixture';
import { readSpendByDay, utcDay } from '../store/spend-rollup';
import { SqliteLogStore } from '../store/sqlite-log-store';
import { SpendDaysCache } from './spend-days-cache';
import { spendByApp, spendByMetadata, spendByMetadataField } from './stats-queries';

const total = Number(process.argv[2] ?? 300_000);
const bodyBytes = Number(process.argv[3] ?? 0);
const DAY = 86_400_000;
const end = Math.floor(Date.now() / DAY) * DAY + DAY;
const start = end - 90 * DAY;
// Tools in several versions, as a real log has them, and some calls without a User-Agent.
const clients = [
  'claude-cli/2.0.14 (external, cli)',
  'claude-cli/2.0.15 (external, cli)',
  'codex_cli_rs/0.46.0 (Mac OS 15.1.0; arm64) iTerm.app/3.5.0',
  'OpenAI/JS 6.1.0',
  'OpenAI/JS 6.2.0',
  'OpenAI/Python 1.109.1',
  'Anthropic/JS 1.12.0',
  'ai-sdk/openai/3.0.141 ai-sdk/provider-utils/4.0.0 runtime/node.js/20',
  'curl/8.5.0',
  'my-agent/1.2 (linux)',
  'switchboard-try/0.1.0',
  null,
];
const body = bodyBytes > 0 ? 'x'.repeat(bodyBytes) : null;

function time<T>(run: () => T, times = 5): { first: number; median: number; result: T } {
  const ms: number[] = [];
  let result!: T;
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    result = run();
    ms.push(performance.now() - t);
  }
  const first = ms[0]!;
  return { first, median: [...ms].sort((a, b) => a - b)[Math.floor(times / 2)]!, result };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-spend-app-'));
  const file = join(dir, 'switchboard.db');
  const store = SqliteLogStore.open(file);
  for (let i = 0; i < total; i++) {
    store.append(
      makeLogRecord({
        id: `req_${i}`,
        ts: start + Math.floor((i * 90 * DAY) / total),
        client: clients[i % clients.length] ?? null,
        costUsd: i % 10 === 0 ? 0 : 0.001 + (i % 7) * 0.0005,
        metadata: i % 4 === 0 ? null : { project: `project-${i % 9}`, env: i % 2 === 0 ? 'prod' : 'dev' },
        requestBody: body,
        responseBody: body,
      }),
    );
    if (store.pending >= 1000) await store.flush();
  }
  await store.close();

  // A fresh connection: SQLite's own page cache is empty (the OS's is not), as after a restart.
  const db = openDatabase(file);
  const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT ts / ${DAY} AS d, client, TOTAL(cost_usd), COUNT(*) FROM request_log WHERE ts >= 0 AND ts < 1 AND cost_usd > 0 GROUP BY d, client`).all() as Array<{ detail: string }>;
  console.log(`${total} rows over 90 days, bodies ${bodyBytes} B; plan: ${plan.map((p) => p.detail).join(' | ')}`);
  for (const days of [7, 30, 90]) {
    const range = { since: end - days * DAY, until: end };
    const app = time(() => spendByApp(db, range));
    const rollup = time(() => readSpendByDay(db, { fromDay: utcDay(range.since), toDay: utcDay(end - 1) }));
    const metadata = time(() => spendByMetadata(db, range, 'project'));
    const fields = time(() => spendByMetadataField(db, range));
    console.log(
      `${days} days (${Math.round((total * days) / 90)} rows): by app first ${app.first.toFixed(1)} ms, median ${app.median.toFixed(1)} ms (${app.result.length} day×app rows); by metadata median ${metadata.median.toFixed(1)} ms; fields median ${fields.median.toFixed(1)} ms; rollup median ${rollup.median.toFixed(1)} ms`,
    );
  }
  // What the endpoint does: the first read sums every day, later ones only yesterday and today.
  const cache = new SpendDaysCache((r) => spendByApp(db, r));
  for (const days of [30, 90]) {
    const read = time(() => cache.read(utcDay(end - days * DAY), utcDay(end - 1)));
    console.log(`${days} days through the cache: first ${read.first.toFixed(1)} ms, then median ${read.median.toFixed(1)} ms`);
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

void main();
