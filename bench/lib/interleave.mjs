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
//
// Warmed until steady, not for a fixed time: the JIT takes longer over more code. Session 23
// measured fresh processes in 4-s phases after 2 s of load: the minimal proxy was steady at
// once (327 µs CPU per request, then 366, 336, 317), Switchboard not for ~10 s (886 µs, then
// 524, 501, 519, 428), its optimising compiler still at work on the same pinned core. Two
// seconds of warm-up measured that compiler, not the steady state a gateway serves in.
import { runLoad } from './load.mjs';
import { throughputPhase } from './measure.mjs';
import { cpuSeconds } from './proc.mjs';

/** Windows of warm-up load after the first `minSeconds`; a window that costs within this share of the last one's CPU per request ends it. */
const WARM_WINDOW_SECONDS = 3;
const STEADY_WITHIN = 0.08;

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
 * process for each round, warmed up on the load it is measured with (`warmUp`: at least
 * `warmup` seconds, until steady, at most `maxWarmup`), and stopped after it.
 * `before(target)` runs ahead of each of that entry's rounds (the cache-hit entry primes its key).
 * Returns the rounds and, per key, the median req/s and CPU µs per request and the median of
 * the per-round ratios against `baseline` (and against every other key: `ratios[a][b]`).
 */
export async function interleavedThroughput(entries, { rounds, seconds, warmup = 2, maxWarmup = 30, loadCpu, tool, upstream, baseline = 'minimal' }) {
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
        const warmed = fresh ? await warmUp(target, { unique, loadCpu, tool, minSeconds: warmup, maxSeconds: maxWarmup }) : undefined;
        const phase = await throughputPhase(target, { seconds, loadCpu, tool, unique, upstream });
        row[key] = { rps: phase.load.rps, cpuUsPerRequest: phase.cpuUsPerRequest, errors: phase.load.errors, foreignCpuPct: phase.foreignCpuPct, warmupSeconds: warmed };
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
        warmupSeconds: median(perRound.map((row) => row[key].warmupSeconds)),
        vsBaseline: key === baseline ? 1 : ratios[key][baseline],
      },
    ]),
  );
  return { rounds, seconds, baseline, targets, ratios, perRound };
}

/**
 * Load on a fresh process until it runs steady: `minSeconds`, then windows of
 * WARM_WINDOW_SECONDS until one costs no less CPU per request than STEADY_WITHIN under the
 * window before (its JIT has done what it will), or `maxSeconds` passed. Returns the seconds
 * it took.
 */
export async function warmUp(target, { unique, loadCpu, tool, minSeconds, maxSeconds }) {
  const load = (seconds) => runLoad({ target: target.variants.fast, connections: 50, seconds, unique, cpu: loadCpu, tool });
  await load(minSeconds);
  let spent = minSeconds;
  let last = Number.POSITIVE_INFINITY;
  while (spent + WARM_WINDOW_SECONDS <= maxSeconds) {
    const cpu0 = cpuSeconds(target.proc.pid);
    const { requests } = await load(WARM_WINDOW_SECONDS);
    spent += WARM_WINDOW_SECONDS;
    const perRequest = (cpuSeconds(target.proc.pid) - cpu0) / Math.max(1, requests);
    if (perRequest >= last * (1 - STEADY_WITHIN)) break;
    last = perRequest;
  }
  return spent;
}
