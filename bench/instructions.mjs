#!/usr/bin/env node
// Instructions per request, counted by valgrind (callgrind): figures this shared VM's noise
// cannot move, where req/s and CPU µs per request swing ±20% between runs. Each target runs
// under `valgrind --tool=callgrind --instr-atstart=no`; after a warm-up (JIT tiers settled,
// pools and caches filled) counting is switched on for a fixed number of requests. The main
// thread's count is the headline: the other threads are mostly V8's optimising compiler, whose
// work follows when a function happened to get hot, not what a request costs.
// Instructions are not time (a cache miss costs more than an add), but a change that removes
// work shows here at once, run after run. Writes bench/instructions.md: per target the count,
// and where the main thread's instructions go, charged to the nearest JavaScript function
// (V8's perf map names the generated code; the bundle's source map places it in gateway/src).
// Run `npm run build:gateway` first; about 2 minutes a target.
//   node bench/instructions.mjs [--requests 3000] [--warmup 10000] [--connections 8]
//                               [--only minimal,miss,hit] [--base out/ab-base/cli.js]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { charged, perfMapNamer, selfCosts } from './lib/callgrind.mjs';
import { loadSourceMaps, locate } from './lib/cpuprofile.mjs';
import { chatBody } from './lib/load.mjs';
import { benchSetup } from './lib/setup.mjs';
import { startMinimal, startSwitchboard, startUpstream } from './lib/targets.mjs';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    warmup: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '8' },
    only: { type: 'string', default: 'minimal,miss,hit' },
    base: { type: 'string' },
    top: { type: 'string', default: '40' },
  },
});
const { root, workDir, LOAD_CPU, SUT_CPU, log } = benchSetup('instructions');
const outDir = path.join(workDir, 'callgrind');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const REQUESTS = Number(flags.requests);
const WARMUP = Number(flags.warmup);
const CONNECTIONS = Number(flags.connections);
// Valgrind slows node ~5× with counting off and ~50× with it on.
const START_TIMEOUT_MS = 180_000;

// One dump file per thread (`-01` is the main one); each function named with its callers, deep
// enough to reach from SQLite's B-tree code up to the JavaScript that ran the statement.
const CALLERS = 10;
const launcher = (name) => ['valgrind', '--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', `--separate-callers=${CALLERS}`, `--callgrind-out-file=${path.join(outDir, `${name}.%p`)}`];

/** Sends `count` requests, `CONNECTIONS` at a time; unique bodies unless `same`. Throws on any non-200. */
async function send(pool, variant, count, tag, same) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const { statusCode, body } = await pool.request({ method: 'POST', path: variant.path, headers: { 'content-type': 'application/json', ...variant.headers }, body: chatBody(variant.model, same ? 'fixed' : `${tag}-${n}`) });
      const text = await body.text();
      if (statusCode !== 200) throw new Error(`${variant.path}: ${statusCode} ${text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
}

const control = (pid, ...args) => execFileSync('callgrind_control', [...args, String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Instructions (Ir) in the first dump of `pid`: every thread's, and the main thread's. */
function dumped(name, pid) {
  const files = readdirSync(outDir).filter((file) => file.startsWith(`${name}.${pid}.1-`));
  let all = 0;
  let main = 0;
  for (const file of files) {
    const match = /^(?:summary|totals): (\d+)/m.exec(readFileSync(path.join(outDir, file), 'utf8'));
    if (!match) continue;
    all += Number(match[1]);
    if (file.endsWith('-01')) main += Number(match[1]);
  }
  return { all, main, mainFile: path.join(outDir, `${name}.${pid}.1-01`) };
}

const maps = loadSourceMaps([path.join(root, 'out/gateway/cli.js.map'), ...(flags.base ?? '').split(',').filter(Boolean).map((cli) => `${path.resolve(cli)}.map`)]);

/** "JS:*name file:///…/cli.js:L:C" → "name gateway/src/x.ts:line"; builtins and C++ as they are. */
function sourceName(fn) {
  const match = /^JS:[*^~]?(.*?) ?(\S+):(\d+):(\d+)$/.exec(fn);
  if (!match) return fn;
  const [, name, url, line, column] = match;
  const where = locate({ url, lineNumber: Number(line) - 1, columnNumber: Number(column) - 1 }, maps);
  const file = path.isAbsolute(where.file) ? path.relative(root, where.file) : where.file;
  return `${name || '(anonymous)'} ${file}:${where.line}`;
}

/** The main thread's instructions per request, charged to the nearest JavaScript function. */
function owners(file, pid) {
  const byOwner = charged(selfCosts(file), perfMapNamer(`/tmp/perf-${pid}.map`), (fn) => fn.startsWith('JS:') || fn.startsWith('RegExp:'));
  const bySource = new Map();
  for (const [fn, ir] of byOwner) bySource.set(sourceName(fn), (bySource.get(sourceName(fn)) ?? 0) + ir);
  return [...bySource]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(flags.top))
    .map(([fn, ir]) => ({ fn, perRequest: Math.round(ir / REQUESTS) }));
}

async function measure({ name, start, same }) {
  const target = await start(launcher(name));
  const { pid } = target.proc;
  const variant = target.variants.fast;
  const pool = new Pool(variant.origin, { connections: CONNECTIONS });
  try {
    await send(pool, variant, WARMUP, 'warm', same);
    control(pid, '--instr=on');
    // Counting on re-translates the code: a short second warm-up, not counted.
    await send(pool, variant, 200, 'rewarm', same);
    control(pid, '--zero');
    const started = performance.now();
    await send(pool, variant, REQUESTS, 'count', same);
    control(pid, '--dump');
    const seconds = (performance.now() - started) / 1000;
    const counted = dumped(name, pid);
    const row = { name, all: Math.round(counted.all / REQUESTS), main: Math.round(counted.main / REQUESTS) };
    log(`${name}: ${row.main.toLocaleString('en')} instructions/request on the main thread, ${row.all.toLocaleString('en')} in all (${REQUESTS} requests in ${seconds.toFixed(0)} s)`);
    return { ...row, owners: owners(counted.mainFile, pid) };
  } finally {
    await pool.close();
    await target.proc.stop(60_000);
    // Kept on request, to dig further into bench/.work/callgrind with lib/callgrind.mjs.
    if (!process.env.BENCH_KEEP_PERF_MAPS) rmSync(`/tmp/perf-${pid}.map`, { force: true });
  }
}

const upstream = await startUpstream({ cpu: LOAD_CPU, workDir });
const common = { cpu: SUT_CPU, workDir, upstreamPort: upstream.port, timeoutMs: START_TIMEOUT_MS, nodeArgs: ['--perf-basic-prof'] };
const builds = [['', path.join(root, 'out/gateway/cli.js')], ...(flags.base ?? '').split(',').filter(Boolean).map((cli, i) => [`base${i || ''}-`, path.resolve(cli)])];
const plan = [];
for (const what of flags.only.split(',')) {
  if (what === 'minimal') plan.push({ name: 'minimal', start: (l) => startMinimal({ ...common, launcher: l }) });
  else for (const [prefix, cli] of builds) plan.push({ name: `${prefix}${what}`, same: what === 'hit', start: (l) => startSwitchboard({ ...common, cli, name: `instructions-${prefix}${what}`, launcher: l }) });
}
const rows = [];
try {
  for (const entry of plan) rows.push(await measure(entry));
} finally {
  await upstream.stop();
}

const minimal = rows.find((row) => row.name === 'minimal');
/** A name as Markdown inline code in a table cell: a name holding a backtick (a RegExp's source) gets a double-backtick span. */
const codeSpan = (name) => {
  const text = name.replaceAll('|', '\\|');
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
};
const ratio = (a, b) => (b ? (a / b).toFixed(3) : '');
const fmt = (n) => n.toLocaleString('en');
const md = [
  '# Instructions per request',
  '',
  `${new Date().toISOString()} · built gateway under valgrind (callgrind), ${fmt(WARMUP)} requests of warm-up, then ${fmt(REQUESTS)} counted, ${CONNECTIONS} at a time, 0 ms upstream (unique bodies; one body repeated for \`hit\`). Regenerate: \`node bench/instructions.mjs\`.`,
  '',
  '| target | main thread | vs minimal | all threads | vs minimal |',
  '|---|---:|---:|---:|---:|',
  ...rows.map((row) => `| ${row.name} | ${fmt(row.main)} | ${ratio(row.main, minimal?.main)} | ${fmt(row.all)} | ${ratio(row.all, minimal?.all)} |`),
  '',
  'All threads include V8\'s optimising compiler finishing its work, which varies with when functions got hot; the main thread is the figure to compare. Work done once per batch on a timer (log rows every 100 ms, cache entries every 50 ms) is shared by fewer requests here than in a throughput run, valgrind slowing the process ~50×, so SQLite\'s per-transaction costs weigh more here than there.',
  ...rows.flatMap((row) => [
    '',
    `## ${row.name}: where the main thread's instructions go`,
    '',
    `Each function's own instructions, with those of the builtins, runtime and native code it called (up to ${CALLERS} calls deep) charged to it. Inlined functions count as the function they were inlined into; "(name)" is native work with no JavaScript within ${CALLERS} callers.`,
    '',
    '| nearest JavaScript function | instructions/request |',
    '|---|---:|',
    ...row.owners.map((owner) => `| ${codeSpan(owner.fn)} | ${fmt(owner.perRequest)} |`),
  ]),
  '',
];
writeFileSync(path.join(root, 'bench/instructions.md'), md.join('\n'));
console.table(rows.map((row) => ({ name: row.name, 'main thread': fmt(row.main), 'vs minimal': ratio(row.main, minimal?.main), 'all threads': fmt(row.all) })));
