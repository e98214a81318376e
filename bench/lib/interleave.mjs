// Throughput ratios that survive a shared machine's drift. The same minimal proxy measured
// anywhere from 91 to 210 µs CPU per request in runs minutes apart (and 94 to 122 within one
// process), so a ratio of two 8-second phases taken a minute apart says as much about the
// machine as about the code. Here every target is measured once per round, in a rotating
// order, and each ratio is the median of the per-round ratios: two targets measured seconds
// apart see the same machine.
//
// A process also keeps its own luck for life: two processes of the same gateway build,
// measured in the same alternating rounds, differed by 18% in every round (session 15; the
// next run of the same pair, 1%). So an entry that can `start` gets a fresh process each
// round, warmed up before it is measured, and the median runs over processes as well as time.
import { runLoad } from './load.mjs';
import { throughputPhase } from './measure.mjs';

const round = (value, digits = 3) => (Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : undefined);

export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  return round(sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
}

/**
 * `entries`: [{ key, target, unique, before? }] with every target already started and warm, or
 * [{ key, start, unique, before? }] where `start()` resolves to { target, stop() }: a fresh
 * process for each round, warmed up for `warmup` seconds on the load it is measured with, and
 * stopped after it.
 * `before(target)` runs ahead of each of that entry's rounds (the cache-hit entry primes its key).
 * Returns the rounds and, per key, the median req/s and CPU µs per request and the median of
 * the per-round ratios against `baseline` (and against every other key: `ratios[a][b]`).
 */
export async function interleavedThroughput(entries, { rounds, seconds, warmup = 2, loadCpu, tool, upstream, baseline = 'minimal' }) {
  const perRound = [];
  for (let r = 0; r < rounds; r += 1) {
    const row = {};
    for (let i = 0; i < entries.length; i += 1) {
      const { key, target: kept, start, unique = true, before } = entries[(r + i) % entries.length];
      const fresh = start ? await start() : undefined;
      const target = fresh?.target ?? kept;
      try {
        if (before) await before(target);
        // Warmed on the path it is measured on (a cache hit's code only runs on hits).
        if (fresh) await runLoad({ target: target.variants.fast, connections: 50, seconds: warmup, unique, cpu: loadCpu, tool });
        const phase = await throughputPhase(target, { seconds, loadCpu, tool, unique, upstream });
        row[key] = { rps: phase.load.rps, cpuUsPerRequest: phase.cpuUsPerRequest, errors: phase.load.errors, foreignCpuPct: phase.foreignCpuPct };
      } finally {
        await fresh?.stop();
      }
    }
    perRound.push(row);
  }
  const keys = entries.map((entry) => entry.key);
  const ratios = {};
  for (const a of keys) {
    ratios[a] = {};
    for (const b of keys) if (a !== b) ratios[a][b] = median(perRound.map((row) => row[a].rps / row[b].rps));
  }
  const targets = Object.fromEntries(
    keys.map((key) => [
      key,
      {
        rps: median(perRound.map((row) => row[key].rps)),
        cpuUsPerRequest: median(perRound.map((row) => row[key].cpuUsPerRequest)),
        errors: perRound.reduce((sum, row) => sum + (row[key].errors ?? 0), 0),
        vsBaseline: key === baseline ? 1 : ratios[key][baseline],
      },
    ]),
  );
  return { rounds, seconds, baseline, targets, ratios, perRound };
}
