#!/usr/bin/env node
// A/B of two gateway builds: the minimal proxy, build A and build B, miss and hit paths, in
// alternating rounds (lib/interleave.mjs), so both builds see the same machine. A change
// worth less than ~10% is invisible in two separate `npm run bench` runs on a shared VM.
//   cp -r out/gateway out/ab-base   # the build before the change (inside the repo: it needs node_modules)
//   npm run build:gateway           # the build after it
//   node bench/ab.mjs --base out/ab-base/cli.js [--rounds 5] [--seconds 4] [--no-hit]
// `--base` takes several builds, comma-separated; each is named after its folder.
// `--node-args=--max-semi-space-size=32` runs the current build with those Node flags.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { interleavedThroughput } from './lib/interleave.mjs';
import { ownSessionPriority } from './lib/priority.mjs';
import { primeCache } from './lib/probe.mjs';
import { benchSetup } from './lib/setup.mjs';
import { startMinimal, startSwitchboard, startUpstream } from './lib/targets.mjs';

const { values: flags } = parseArgs({
  options: {
    base: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '4' },
    'no-hit': { type: 'boolean', default: false },
    'node-args': { type: 'string', default: '' },
  },
});
if (!flags.base) throw new Error('--base path/to/cli.js (the build to compare against) is required');
const { root, workDir, LOAD_CPU, SUT_CPU, log } = benchSetup('ab');

if ((await ownSessionPriority(process.getuid?.() === 0 ? -20 : 0, log)) === null) process.exit();
const upstream = await startUpstream({ cpu: LOAD_CPU, workDir });
try {
  const bases = flags.base.split(',').map((file) => [path.basename(path.dirname(path.resolve(file))), path.resolve(file)]);
  const builds = Object.fromEntries([...bases, ['current', path.join(root, 'out/gateway/cli.js')]]);
  // A fresh process for every round (lib/interleave.mjs): one process's luck lasts its life.
  const entries = [
    {
      key: 'minimal',
      start: async () => {
        const target = await startMinimal({ cpu: SUT_CPU, workDir, upstreamPort: upstream.port });
        return { target, stop: () => target.proc.stop() };
      },
    },
  ];
  for (const [label, cli] of Object.entries(builds)) {
    const nodeArgs = label === 'current' ? flags['node-args'].split(' ').filter(Boolean) : [];
    const start = async () => {
      const sb = await startSwitchboard({ cpu: SUT_CPU, workDir, upstreamPort: upstream.port, name: `ab-${label}`, cli, nodeArgs });
      return {
        target: sb,
        stop: async () => {
          await sb.proc.stop();
          rmSync(sb.dataDir, { recursive: true, force: true });
        },
      };
    };
    entries.push({ key: `${label} miss`, start });
    if (!flags['no-hit']) entries.push({ key: `${label} hit`, start, unique: false, before: primeCache });
  }
  log(`${Object.entries(builds).map(([label, cli]) => `${label} = ${cli}`).join(', ')}: ${flags.rounds} rounds of ${entries.map((entry) => entry.key).join(', ')}, a fresh process each`);
  const result = await interleavedThroughput(entries, { rounds: Number(flags.rounds), seconds: Number(flags.seconds), warmup: 2, loadCpu: LOAD_CPU, upstream: { proc: upstream } });
  console.table(Object.fromEntries(Object.entries(result.targets).map(([key, t]) => [key, { rps: t.rps, cpuUs: t.cpuUsPerRequest, vsMinimal: t.vsBaseline, errors: t.errors }])));
  for (const [label] of bases) {
    for (const path of flags['no-hit'] ? ['miss'] : ['miss', 'hit']) {
      log(`current ${path} / ${label} ${path}: ${result.ratios[`current ${path}`][`${label} ${path}`]}× req/s (median of per-round ratios)`);
    }
  }
} finally {
  await upstream.stop();
}
