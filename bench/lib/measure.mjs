// The phases run against each target, one after another. Durations come from `plan`.
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { chatBody, runLoad } from './load.mjs';
import { coreBusy, coreTimes, cpuSeconds, foreignCpuMeter, rssMb, runWaitMeter, setRealtime } from './proc.mjs';
import { holdStreams, percentile, sampleTtft } from './streams.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value, digits = 2) => (value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits);
const summary = (values) => ({ n: values.length, p50: round(percentile(values, 50), 3), p90: round(percentile(values, 90), 3), p99: round(percentile(values, 99), 3), max: round(percentile(values, 100), 3) });

/** Disturbance meters for one phase: other processes' CPU, and our processes' run-queue waits. */
function disturbance(target, upstream) {
  const foreign = foreignCpuMeter();
  const pids = { sut: target.proc.pid, upstream: upstream && upstream.proc !== target.proc ? upstream.proc.pid : undefined, bench: process.pid };
  const waits = runWaitMeter(Object.values(pids));
  return () => {
    const w = waits();
    return { foreignCpuPct: foreign(), runWaitPct: { sut: w[pids.sut], upstream: pids.upstream ? w[pids.upstream] : undefined, bench: w[pids.bench] } };
  };
}

/** Asks the preloaded sampler for the event-loop delay since the last call; undefined without one. */
export async function eventLoopSnapshot(target) {
  if (!target.eldFile) return undefined;
  const lines = () => (existsSync(target.eldFile) ? readFileSync(target.eldFile, 'utf8').trim().split('\n').filter(Boolean) : []);
  const before = lines().length;
  target.proc.signal('SIGUSR2');
  for (let i = 0; i < 100; i += 1) {
    await sleep(20);
    const now = lines();
    if (now.length > before) return JSON.parse(now[now.length - 1]);
  }
  return undefined;
}

/** Rows in Switchboard's request log (read-only; WAL lets us read while it writes). */
export function logRows(dbFile) {
  if (!dbFile || !existsSync(dbFile)) return undefined;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) AS n FROM request_log').get().n;
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}

/**
 * Throughput at 50 connections on the 0 ms upstream, with the SUT's CPU, per-core busy %,
 * event-loop lag and (Switchboard) log rows written during the phase.
 */
export async function throughputPhase(target, { variant = 'fast', unique = true, seconds, loadCpu, tool, upstream, dbFile }) {
  await eventLoopSnapshot(target); // start the lag histogram afresh
  if (upstream?.eldFile) await eventLoopSnapshot(upstream);
  const rowsBefore = logRows(dbFile);
  const cpu0 = cpuSeconds(target.proc.pid);
  const up0 = upstream ? cpuSeconds(upstream.proc.pid) : undefined;
  const cores0 = coreTimes();
  const disturbed = disturbance(target, upstream);
  const load = await runLoad({ target: target.variants[variant], connections: 50, seconds, unique, cpu: loadCpu, tool });
  const { foreignCpuPct, runWaitPct } = disturbed();
  const cores = coreBusy(cores0, coreTimes());
  const sutCpuSeconds = cpuSeconds(target.proc.pid) - cpu0;
  const sutCpu = round((sutCpuSeconds / load.seconds) * 100, 1);
  // CPU per request hardly depends on what else the machine runs, unlike req/s.
  const cpuUsPerRequest = round((sutCpuSeconds * 1e6) / Math.max(1, load.requests), 0);
  const upstreamCpu = upstream ? round(((cpuSeconds(upstream.proc.pid) - up0) / load.seconds) * 100, 1) : undefined;
  const eventLoop = await eventLoopSnapshot(target);
  const upstreamEventLoop = upstream?.eldFile && upstream !== target ? await eventLoopSnapshot(upstream) : undefined;
  let log;
  if (dbFile) {
    await sleep(600); // the log store flushes every 100 ms
    const rowsAfter = logRows(dbFile);
    if (rowsBefore !== undefined && rowsAfter !== undefined) {
      const rows = rowsAfter - rowsBefore;
      log = { rows, rowsPerSec: Math.round(rows / load.seconds), requestsOk: load.ok, rowsPerRequest: round(rows / Math.max(1, load.requests), 3) };
    }
  }
  const failedSample = load.errorDetail?.status > 0 || load.errorDetail?.non2xx > 0 ? await sampleFailure(target.variants[variant], unique) : undefined;
  return { load, failedSample, sutCpuPct: sutCpu, cpuUsPerRequest, upstreamCpuPct: upstreamCpu, coreBusyPct: cores, foreignCpuPct, runWaitPct, eventLoop, upstreamEventLoop, log };
}

/**
 * Runs `fn` with the process under test and the upstream as SCHED_FIFO when asked (wrk is
 * started so by runLoad). Never this process: once, with it realtime too, a phase's wrk sat
 * starved behind it for 15 minutes.
 */
async function maybeRealtime(realtime, target, upstream, fn) {
  if (!realtime) return { ...(await fn(false)), realtime: false };
  const pids = [target.proc.pid, upstream?.proc.pid];
  const on = setRealtime(pids, true);
  try {
    return { ...(await fn(on)), realtime: on };
  } finally {
    if (on) setRealtime(pids, false);
  }
}

/** One request like the phase's, to show what a non-2xx answer said. */
async function sampleFailure(target, unique) {
  const tag = unique ? `diag-${Date.now()}` : 'fixed';
  const body = chatBody(target.model, tag);
  try {
    const response = await fetch(target.origin + target.path, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body });
    return { status: response.status, body: (await response.text()).slice(0, 300) };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  }
}

/**
 * Event-loop lag under a steady, unsaturated load (open loop at `rate` req/s, unique bodies):
 * what logging, cache writes and checkpoints cost the loop when the process has room, apart
 * from the queueing a saturated throughput phase adds to every figure.
 */
export async function steadyPhase(target, { rate, seconds, upstream }) {
  await eventLoopSnapshot(target);
  const disturbed = disturbance(target, upstream);
  const load = await runLoad({ target: target.variants.fast, connections: 20, seconds, unique: true, rate });
  return { rate, load, eventLoop: await eventLoopSnapshot(target), ...disturbed() };
}

/**
 * Latency at a fixed concurrency (closed loop). With Switchboard's `dbFile`, also what the
 * gateway itself said of those calls: the `x-switchboard-overhead-ms` its log keeps.
 */
export async function latencyPhase(target, { variant, connections, seconds, unique = true, loadCpu, tool, upstream, realtime = false, dbFile }) {
  const since = Date.now();
  const measured = await maybeRealtime(realtime, target, upstream, async (rt) => {
    const disturbed = disturbance(target, upstream);
    const load = await runLoad({ target: target.variants[variant], connections, seconds, unique, cpu: loadCpu, tool, realtime: rt });
    return { ...load, ...disturbed() };
  });
  if (!dbFile) return measured;
  await sleep(500); // the log writes its queue every 100 ms
  return { ...measured, selfOverheadMs: loggedOverhead(dbFile, since) };
}

/** Switchboard's own overhead (ms) of the answered calls (streams, or not) it logged since `since`, summarised. */
function loggedOverhead(dbFile, since, stream = false) {
  if (!existsSync(dbFile)) return undefined;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const values = db.prepare('SELECT overhead_ms FROM request_log WHERE ts >= ? AND stream = ? AND overhead_ms IS NOT NULL').pluck().all(since, stream ? 1 : 0);
    return values.length > 0 ? summary(values) : undefined;
  } catch {
    return undefined; // a build from before migration 015
  } finally {
    db.close();
  }
}

/** Time to the first SSE byte, 1 in flight. With Switchboard's `dbFile`, also its own share before that byte, as its log says. */
export async function ttftPhase(target, { seconds, upstream, realtime = false, dbFile }) {
  const since = Date.now();
  const measured = await maybeRealtime(realtime, target, upstream, async () => {
    const disturbed = disturbance(target, upstream);
    const { samples, failures } = await sampleTtft({ target: target.variants.ttft, seconds });
    return { ...summary(samples), failures, ...disturbed() };
  });
  if (!dbFile) return measured;
  await sleep(500); // the log writes its queue every 100 ms
  return { ...measured, selfOverheadMs: loggedOverhead(dbFile, since, true) };
}

/** 1,000 streams held at once: RSS at the peak and after they end, stalls, lag. */
export async function streamsPhase(target, { count, afterMs = 3000, upstream, realtime = false }) {
  return maybeRealtime(realtime, target, upstream, () => holdPhase(target, { count, afterMs, upstream }));
}

async function holdPhase(target, { count, afterMs, upstream }) {
  const pid = target.proc.pid;
  const rssBefore = rssMb(pid);
  let rssPeak = rssBefore ?? 0;
  await eventLoopSnapshot(target);
  const cpu0 = cpuSeconds(pid);
  const disturbed = disturbance(target, upstream);
  const cores0 = coreTimes();
  const bench0 = process.cpuUsage();
  const result = await holdStreams({
    target: target.variants.sse,
    count,
    onTick: () => {
      rssPeak = Math.max(rssPeak, rssMb(pid) ?? 0);
    },
  });
  const cores = coreBusy(cores0, coreTimes());
  const benchCpu = process.cpuUsage(bench0);
  const benchCpuPct = round(((benchCpu.user + benchCpu.system) / 1e3 / result.wallMs) * 100, 1);
  const cpuUsed = cpuSeconds(pid) - cpu0;
  const cpuPct = round((cpuUsed / (result.wallMs / 1000)) * 100, 1);
  const { foreignCpuPct, runWaitPct } = disturbed();
  const eventLoop = await eventLoopSnapshot(target);
  await sleep(afterMs);
  return {
    count,
    completed: result.completed,
    failed: result.failed,
    errors: result.errors,
    stalled: result.stalled,
    stallMs: result.stallMs,
    wallMs: round(result.wallMs, 0),
    ttftMs: summary(result.ttftMs),
    streamMs: summary(result.totalMs),
    maxGapMs: summary(result.maxGapMs),
    sutCpuPct: cpuPct,
    cpuMsPerStream: round((cpuUsed * 1000) / count, 2),
    clientCpuPct: benchCpuPct,
    coreBusyPct: cores,
    foreignCpuPct,
    runWaitPct,
    eventLoop,
    rssMb: { before: round(rssBefore, 1), peak: round(rssPeak, 1), after: round(rssMb(pid), 1), afterMs },
  };
}
