#!/usr/bin/env node
// Where the built Switchboard allocates, in bytes per request: V8's sampling heap profiler over
// every allocation (collected ones included) during a load run, summarised by function with the
// bundle's source map. Unlike throughput, these figures barely move between runs on a noisy
// machine, so they show whether a change allocates less before an A/B can.
//   miss: wrk, 50 connections, unique bodies against the 0 ms upstream (every request a miss)
//   hit:  the same body repeated (the cache-hit path)
// Writes bench/alloc.md; raw profiles stay in bench/.work/profiles. Profiles the current build:
// run `npm run build:gateway` first.
//   node bench/alloc.mjs [--only miss,hit] [--seconds 8] [--interval 4096] [--cli out/ab-base/cli.js]
// (--cli profiles another build, e.g. a copy made before a change; see ab.mjs.)
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { allocationMarkdown, summariseAllocations } from './lib/heapprofile.mjs';
import { loadTool, runLoad } from './lib/load.mjs';
import { primeCache } from './lib/probe.mjs';
import { benchSetup } from './lib/setup.mjs';
import { startSwitchboard, startUpstream } from './lib/targets.mjs';

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string', default: 'miss,hit' },
    seconds: { type: 'string', default: '8' },
    interval: { type: 'string', default: '4096' },
    cli: { type: 'string', default: 'out/gateway/cli.js' },
  },
});
const { root, workDir, LOAD_CPU, SUT_CPU, log } = benchSetup('alloc');
const profileDir = path.join(workDir, 'profiles');
mkdirSync(profileDir, { recursive: true });
const tool = loadTool();
const cli = path.resolve(root, flags.cli);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sampled(workload, upstreamPort) {
  const file = path.join(profileDir, `switchboard-${workload}-${Date.now()}.heapprofile`);
  const sb = await startSwitchboard({
    cpu: SUT_CPU,
    workDir,
    upstreamPort,
    name: `switchboard-alloc-${workload}`,
    nodeArgs: ['--import', path.join(root, 'bench/preload/alloc-sampler.mjs')],
    env: { BENCH_ALLOC_FILE: file, BENCH_ALLOC_INTERVAL: flags.interval },
    cli,
  });
  try {
    const unique = workload === 'miss';
    if (!unique) await primeCache(sb);
    const load = (seconds) => runLoad({ target: sb.variants.fast, connections: 50, seconds, unique, cpu: LOAD_CPU, tool });
    log(`${workload}: warm-up`);
    await load(3);
    process.kill(sb.proc.pid, 'SIGUSR2');
    log(`${workload}: sampling for ${flags.seconds} s`);
    const result = await load(Number(flags.seconds));
    process.kill(sb.proc.pid, 'SIGUSR2');
    for (let i = 0; i < 100 && !existsSync(file); i += 1) await sleep(100);
    if (!existsSync(file)) throw new Error(`${workload}: the gateway wrote no heap profile`);
    await sleep(200);
    return summariseAllocations(file, { requests: result.requests, mapFiles: [`${cli}.map`] });
  } finally {
    await sb.proc.stop();
    rmSync(sb.dataDir, { recursive: true, force: true });
  }
}

const upstream = await startUpstream({ cpu: LOAD_CPU, workDir });
const sections = [];
try {
  for (const workload of flags.only.split(',')) {
    const summary = await sampled(workload, upstream.port);
    log(`${workload}: ${summary.bytesPerRequest} bytes per request`);
    sections.push(allocationMarkdown(summary, workload));
  }
} finally {
  await upstream.stop();
}
const out = path.join(root, 'bench/alloc.md');
writeFileSync(
  out,
  `# Switchboard allocations under load

${new Date().toISOString()} · built gateway (${path.relative(root, cli)}), all features on (bench config), 50 connections, sampling every ${flags.interval} bytes. Regenerate: \`node bench/alloc.mjs\`.

${sections.join('\n')}`,
);
log(`wrote ${path.relative(root, out)}`);
