// Child processes for the bench: started pinned to one core with taskset, read from /proc.
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const hasTaskset = existsSync('/usr/bin/taskset') || existsSync('/bin/taskset');
const CLK_TCK = Number(safeExec('getconf', ['CLK_TCK']) ?? 100) || 100;

function safeExec(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export const hasChrt = existsSync('/usr/bin/chrt') || existsSync('/bin/chrt');
const RT_PRIORITY = '10';

/** `cmd args`, pinned to `cpu` with taskset when there is one, as SCHED_FIFO when `realtime`. */
export function wrapCommand(cmd, args, cpu, { realtime = false } = {}) {
  let argv = [cmd, ...args];
  if (hasTaskset && cpu !== undefined) argv = ['taskset', '-c', String(cpu), ...argv];
  if (realtime && hasChrt) argv = ['chrt', '-f', RT_PRIORITY, ...argv];
  return { command: argv[0], args: argv.slice(1) };
}

/**
 * Switches every thread of running processes to SCHED_FIFO (on) or back to the normal policy
 * (off). Used only around the 1-in-flight phases, for the process under test and the upstream: there a process under test is mostly idle,
 * and what a p99 would otherwise measure is how long its wake-up waits behind other people's
 * work. The kernel still keeps 5% of each second for everything else (sched_rt_runtime_us).
 * Returns whether it worked (needs root and chrt).
 */
export function setRealtime(pids, on) {
  if (!hasChrt) return false;
  let ok = true;
  for (const pid of pids.filter(Boolean)) {
    const args = on ? ['-a', '-f', '-p', RT_PRIORITY, String(pid)] : ['-a', '-o', '-p', '0', String(pid)];
    if (safeExec('chrt', args) === undefined) ok = false;
  }
  return ok;
}

/** Pids of our live children, for telling our CPU use from other people's on a shared machine. */
const ours = new Set();

function ticksOf(pid, withChildren) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
  } catch {
    return 0;
  }
}

function busyTicks() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return line.slice(0, 8).reduce((a, b) => a + b, 0) - line[3] - (line[4] ?? 0);
}

/**
 * Starts measuring CPU used by processes that are not ours (other work on a shared machine);
 * the returned function gives it in % of one core since the start. Our reaped children (wrk)
 * count through this process's cutime.
 */
export function foreignCpuMeter() {
  const mine = () => ticksOf(process.pid, true) + [...ours].reduce((sum, pid) => sum + ticksOf(pid, false), 0);
  const busy0 = busyTicks();
  const mine0 = mine();
  const t0 = performance.now();
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const foreign = busyTicks() - busy0 - (mine() - mine0);
    return Math.max(0, Math.round((foreign / CLK_TCK / seconds) * 1000) / 10);
  };
}

/**
 * Waits until other processes use less than `thresholdPct` of a core (measured over 1 s), for
 * at most `maxWaitMs`. Returns { waitedMs, foreignPct } (the last reading).
 */
export async function waitForQuiet({ thresholdPct, maxWaitMs }) {
  const started = Date.now();
  for (;;) {
    const meter = foreignCpuMeter();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const foreignPct = meter();
    const waitedMs = Date.now() - started;
    if (foreignPct < thresholdPct || waitedMs >= maxWaitMs) return { waitedMs, foreignPct };
  }
}

/** Moves every thread of a running process onto `cpu` (no-op without taskset). */
export function pin(pid, cpu) {
  if (hasTaskset && cpu !== undefined) safeExec('taskset', ['-a', '-cp', String(cpu), String(pid)]);
}

/** A free TCP port on 127.0.0.1 (for servers that cannot be told to pick one). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node ...args` pinned to `cpu`; resolves once `ready(stdoutSoFar)` returns a port.
 * Output goes to `<logDir>/<name>.log`. `launcher`: a command line node runs under (valgrind,
 * say), pinned with it.
 */
export async function startNode({ name, args, env, cpu, logDir, ready, timeoutMs = 30_000, launcher = [] }) {
  const [program, ...rest] = [...launcher, process.execPath, ...args];
  const { command, args: argv } = wrapCommand(program, rest, cpu);
  const child = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  ours.add(child.pid);
  const log = createWriteStream(path.join(logDir, `${name}.log`));
  let out = '';
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      ours.delete(child.pid);
      resolve({ code, signal });
    }),
  );
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms (see ${name}.log)`)), timeoutMs);
    const check = () => {
      const found = ready(out);
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      if (out.length < 100_000) out += chunk.toString();
      check();
    });
    child.stderr.on('data', (chunk) => log.write(chunk));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready (see ${name}.log)`));
    });
  });
  return {
    name,
    pid: child.pid,
    port,
    /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. */
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      log.end();
      return result;
    },
    signal(sig) {
      child.kill(sig);
    },
  };
}

/** Polls `url` until it answers (any status). */
export async function waitForHttp(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Resident set size in MB (VmRSS), or undefined once the process is gone. */
export function rssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system, all threads) a process has used so far. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/** Nanoseconds the main thread of `pid` has spent runnable but waiting for a CPU (schedstat). */
function runWaitNs(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * Starts measuring how long each process's main thread waited for a CPU while runnable: the
 * direct measure of being disturbed by other work. The returned function gives % of wall time.
 */
export function runWaitMeter(pids) {
  const start = new Map(pids.filter(Boolean).map((pid) => [pid, runWaitNs(pid)]));
  const t0 = performance.now();
  return () => {
    const wallNs = (performance.now() - t0) * 1e6;
    const out = {};
    for (const [pid, ns] of start) {
      const now = runWaitNs(pid);
      out[pid] = now === undefined || ns === undefined ? undefined : Math.round(((now - ns) / wallNs) * 1000) / 10;
    }
    return out;
  };
}

/** Busy and total jiffies per core from /proc/stat, to tell which core saturated in a phase. */
export function coreTimes() {
  const cores = {};
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const values = match[2].split(/\s+/).map(Number);
    const idle = values[3] + (values[4] ?? 0);
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    cores[match[1]] = { busy: total - idle, total };
  }
  return cores;
}

/** Busy % per core between two `coreTimes()` readings. */
export function coreBusy(before, after) {
  const result = {};
  for (const [core, end] of Object.entries(after)) {
    const start = before[core];
    if (!start) continue;
    const total = end.total - start.total;
    result[`cpu${core}`] = total > 0 ? Math.round(((end.busy - start.busy) / total) * 1000) / 10 : 0;
  }
  return result;
}
