#!/usr/bin/env node
// Where Switchboard's per-request CPU goes: the throughput phase of run.mjs (wrk, 50
// connections, 0 ms upstream, unique bodies) against the minimal proxy and Switchboard with
// one feature switched off at a time. Prints req/s and CPU µs per request of the process under
// test; nothing is written. Run `npm run build:gateway` first.
//   node bench/ablate.mjs [--seconds 8] [--only all,no-cache,...]
import { parseArgs } from 'node:util';
import { throughputPhase } from './lib/measure.mjs';
import { ownSessionPriority } from './lib/priority.mjs';
import { benchSetup } from './lib/setup.mjs';
import { startMinimal, startSwitchboard, startUpstream, switchboardConfig } from './lib/targets.mjs';

const { values: flags } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, only: { type: 'string' } } });
const { workDir, LOAD_CPU, SUT_CPU, log } = benchSetup('ablate');

const without = (config, pattern) => config.split('\n').filter((line) => !pattern.test(line)).join('\n');
/** Each variant: how to change the all-on config, and whether requests carry the gateway key. */
const VARIANTS = {
  all: { edit: (c) => c },
  'no-cache': { edit: (c) => without(c, /^\s+cache: \{ ttl/) },
  'no-limits': { edit: (c) => without(without(c, /^\s+limits:/), /^budgets:|^\s+global:/) },
  'no-auth': { edit: (c) => c.replace('auth: required', 'auth: open-on-loopback'), anonymous: true },
  bare: { edit: (c) => without(without(without(c.replace('auth: required', 'auth: open-on-loopback'), /^\s+cache: \{ ttl/), /^\s+limits:/), /^budgets:|^\s+global:/), anonymous: true },
};
const chosen = flags.only ? flags.only.split(',') : ['minimal', ...Object.keys(VARIANTS)];
const seconds = Number(flags.seconds);

// null: this outer process only waited for its re-run copy, which did the measuring.
if ((await ownSessionPriority(process.getuid?.() === 0 ? -20 : 0, log)) === null) process.exit();
const upstream = await startUpstream({ cpu: LOAD_CPU, workDir });
const rows = [];
try {
  for (const name of chosen) {
    const target =
      name === 'minimal'
        ? await startMinimal({ cpu: SUT_CPU, workDir, upstreamPort: upstream.port })
        : await startSwitchboard({ cpu: SUT_CPU, workDir, upstreamPort: upstream.port, name: `ablate-${name}`, config: VARIANTS[name].edit(switchboardConfig(upstream.port)) });
    if (VARIANTS[name]?.anonymous) for (const variant of Object.values(target.variants)) variant.headers = {};
    try {
      await throughputPhase(target, { seconds: 2, loadCpu: LOAD_CPU }); // warm-up
      const phase = await throughputPhase(target, { seconds, loadCpu: LOAD_CPU });
      rows.push({ name, rps: phase.load.rps, errors: phase.load.errors, cpuUs: phase.cpuUsPerRequest, lagP99: phase.eventLoop?.p99 });
      log(`${name}: ${phase.load.rps} req/s, ${phase.cpuUsPerRequest} µs CPU/request, errors ${phase.load.errors}`);
    } finally {
      await target.proc.stop();
    }
  }
} finally {
  await upstream.stop();
}
console.table(rows);
