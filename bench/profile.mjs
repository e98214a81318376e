#!/usr/bin/env node
// CPU profile of the built Switchboard under load (node --cpu-prof), summarised with the
// bundle's source map. Two runs, one gateway process each so each profile holds one workload:
//   json: wrk, 50 connections, 0 ms upstream, unique bodies (the throughput phase of run.mjs)
//   hit:  the same with one body repeated: Switchboard's cache-hit path (not run by default)
//   sse:  rounds of N streams held at once against the 64 × 20 ms upstream
// Writes bench/profile.md and bench/profile.json; raw profiles stay in bench/.work/profiles
// (open them in Chrome DevTools or speedscope for a flame graph). Profiles the current build:
// run `npm run build:gateway` first.
//   node bench/profile.mjs [--seconds 15] [--streams 500] [--rounds 3] [--interval-us 250]
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summariseProfile, summaryMarkdown } from './lib/cpuprofile.mjs';
import { loadTool, runLoad } from './lib/load.mjs';
import { ownSessionPriority } from './lib/priority.mjs';
import { pin, cpuSeconds, foreignCpuMeter } from './lib/proc.mjs';
import { holdStreams } from './lib/streams.mjs';
import { startSwitchboard, startUpstream } from './lib/targets.mjs';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    streams: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
    'interval-us': { type: 'string', default: '250' },
    nice: { type: 'string' },
    only: { type: 'string', default: 'json,sse' },
  },
});
const root = fileURLToPath(new URL('..', import.meta.url));
const workDir = path.join(root, 'bench/.work');
const profileDir = path.join(workDir, 'profiles');
mkdirSync(profileDir, { recursive: true });
const LOAD_CPU = os.availableParallelism() >= 2 ? 0 : undefined;
const SUT_CPU = os.availableParallelism() >= 2 ? 1 : undefined;
const NICE = Number(flags.nice ?? (process.getuid?.() === 0 ? -20 : 0));
const log = (line) => process.stderr.write(`[profile ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function profiled(name, upstreamPort, work) {
  const file = `switchboard-${name}-${Date.now()}.cpuprofile`;
  const spawnedAt = performance.now();
  const sb = await startSwitchboard({
    cpu: SUT_CPU,
    workDir,
    upstreamPort,
    name: `switchboard-profile-${name}`,
    nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', file, '--cpu-prof-interval', flags['interval-us']],
  });
  let detail;
  let foreign;
  let cpu0;
  let t0;
  // `work` calls this once warm-up is over; the summary leaves out everything before.
  const measuring = () => {
    foreign = foreignCpuMeter();
    cpu0 = cpuSeconds(sb.proc.pid);
    t0 = performance.now();
  };
  measuring();
  try {
    detail = await work(sb, measuring);
  } finally {
    detail = { ...detail, skipMs: Math.round(t0 - spawnedAt), sutCpuPct: Math.round(((cpuSeconds(sb.proc.pid) - cpu0) / ((performance.now() - t0) / 1000)) * 1000) / 10, foreignCpuPct: foreign() };
    const ended = await sb.proc.stop(30_000);
    detail.exit = ended;
    rmSync(sb.dataDir, { recursive: true, force: true });
  }
  const full = path.join(profileDir, file);
  if (!existsSync(full)) throw new Error(`${name}: no profile written (gateway exit ${JSON.stringify(detail.exit)}); files: ${readdirSync(profileDir).join(', ')}`);
  return { name, profile: full, detail, summary: summariseProfile(full, { skipMs: detail.skipMs }) };
}

async function main() {
  if (!existsSync(path.join(root, 'out/gateway/cli.js'))) throw new Error('out/gateway/cli.js is missing: run `npm run build:gateway` first');
  const nice = await ownSessionPriority(NICE, log);
  if (nice === null) return;
  if (LOAD_CPU !== undefined) pin(process.pid, LOAD_CPU);
  const tool = loadTool();
  for (const file of readdirSync(workDir)) if (file.startsWith('eld-switchboard-profile')) rmSync(path.join(workDir, file));
  const upstream = await startUpstream({ cpu: LOAD_CPU, workDir });
  const runs = [];
  const only = new Set(flags.only.split(','));
  try {
    // json: unique bodies, every request a cache miss; hit: one body, every request a cache hit;
    // one: cache misses one at a time, where the longest blocks are what a request's p99 meets;
    // steady: misses at a fixed 1,000 req/s, the blocks behind the steady phase's loop lag.
    for (const [name, unique, connections, rate] of [
      ['json', true, 50],
      ['hit', false, 50],
      ['one', true, 1],
      ['steady', true, 20, 1000],
    ]) {
      if (!only.has(name)) continue;
      log(`${name}: ${rate ? `${rate} req/s over` : 'wrk'} ${connections} connection(s) for ${flags.seconds} s`);
      runs.push(
        await profiled(name, upstream.port, async (sb, measuring) => {
          await runLoad({ target: sb.variants.fast, connections, seconds: 2, unique, cpu: LOAD_CPU, tool, rate });
          measuring();
          const load = await runLoad({ target: sb.variants.fast, connections, seconds: Number(flags.seconds), unique, cpu: LOAD_CPU, tool, rate });
          return { requests: load.requests, rps: load.rps, errors: load.errors, latencyMs: load.latencyMs };
        }),
      );
    }
    if (only.has('sse')) {
      log(`sse: ${flags.rounds} rounds of ${flags.streams} streams`);
      runs.push(
        await profiled('sse', upstream.port, async (sb, measuring) => {
          await holdStreams({ target: sb.variants.sse, count: 100 });
          measuring();
          const rounds = [];
          for (let i = 0; i < Number(flags.rounds); i += 1) {
            const r = await holdStreams({ target: sb.variants.sse, count: Number(flags.streams) });
            rounds.push({ completed: r.completed, stalled: r.stalled, wallMs: Math.round(r.wallMs) });
          }
          return { rounds };
        }),
      );
    }
  } finally {
    await upstream.stop();
  }
  const md = [
    '# Switchboard CPU profile under load',
    '',
    `${new Date().toISOString()} · built gateway (out/gateway/cli.js) with \`--cpu-prof --cpu-prof-interval ${flags['interval-us']}\`, pinned to cpu1, bench session at autogroup nice ${NICE}; load on cpu0. Regenerate: \`node bench/profile.mjs\`.`,
    '',
    ...runs.map((run) => `## ${run.name}\nLoad: \`${JSON.stringify(run.detail)}\`\nRaw profile: \`${path.relative(root, run.profile)}\`\n\n${summaryMarkdown(run.summary, run.name)}`),
  ].join('\n');
  writeFileSync(path.join(root, 'bench/profile.md'), md);
  writeFileSync(path.join(root, 'bench/profile.json'), `${JSON.stringify(runs, null, 2)}\n`);
  log('wrote bench/profile.md');
}

main().catch((error) => {
  log(`failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
