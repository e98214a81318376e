// HTTP load. Closed loop: wrk (C, one thread, pinned) when installed, else autocannon. Open
// loop at a fixed rate: paced.mjs. All send the same body (unique per request when `unique`)
// and report the same figures.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runPaced } from './paced.mjs';
import { wrapCommand } from './proc.mjs';

const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((file) => existsSync(file));
const SCRIPT = fileURLToPath(new URL('./wrk-request.lua', import.meta.url));
let runCounter = 0;

export const loadTool = (forced) => (forced === 'autocannon' || !WRK ? 'autocannon' : 'wrk');

/**
 * Runs one phase: closed loop, or open loop when `rate` is given. `target` is { origin, path, model, headers }.
 * Returns { tool, requests, ok, errors, seconds, rps, latencyMs: { p50, p90, p99, p999, max, mean } }.
 */
export async function runLoad({ target, connections, seconds, unique, cpu, tool, realtime = false, rate }) {
  const runId = `${process.pid}.${Date.now()}.${++runCounter}`;
  // A fixed rate (requests/s in all), spread evenly: neither wrk nor autocannon does that.
  if (rate !== undefined) return runPaced({ target, connections, seconds, rate, body: (n) => chatBody(target.model, unique ? `${runId}-${n}` : 'fixed') });
  return loadTool(tool) === 'wrk' ? runWrk({ target, connections, seconds, unique, cpu, runId, realtime }) : runAutocannon({ target, connections, seconds, unique, runId });
}

function runWrk({ target, connections, seconds, unique, cpu, runId, realtime }) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', SCRIPT, target.origin];
  const { command, args: argv } = wrapCommand(WRK, args, cpu, { realtime });
  const env = {
    ...process.env,
    BENCH_PATH: target.path,
    BENCH_MODEL: target.model,
    BENCH_UNIQUE: unique ? '1' : '0',
    BENCH_RUN_ID: runId,
    BENCH_HEADERS: Object.entries(target.headers ?? {})
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
  };
  return new Promise((resolve, reject) => {
    // The timeout is a watchdog: a wrk that cannot get its CPU must not hold the run forever.
    execFile(command, argv, { env, maxBuffer: 1 << 20, timeout: (seconds + 30) * 1000 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
      if (!line) return reject(new Error(`wrk failed: ${error?.message ?? ''} ${stderr}`));
      const raw = JSON.parse(line.slice('BENCH_JSON '.length));
      const errors = raw.errors.connect + raw.errors.read + raw.errors.write + raw.errors.status + raw.errors.timeout;
      const secondsRun = raw.duration_us / 1e6;
      const ms = (us) => Math.round(us) / 1000;
      resolve({
        tool: 'wrk',
        connections,
        requests: raw.requests,
        ok: raw.requests - raw.errors.status,
        errors,
        errorDetail: raw.errors,
        seconds: secondsRun,
        rps: Math.round((raw.requests - raw.errors.status) / secondsRun),
        latencyMs: { p50: ms(raw.latency_us.p50), p90: ms(raw.latency_us.p90), p99: ms(raw.latency_us.p99), p999: ms(raw.latency_us.p999), max: ms(raw.latency_us.max), mean: ms(raw.latency_us.mean) },
      });
    });
  });
}

/** The chat request every phase sends, `tag` making it unique (wrk-request.lua builds the same). */
export const chatBody = (model, tag) =>
  `{"model":"${model}","messages":[{"role":"system","content":"You are a terse assistant."},{"role":"user","content":"Say hello to benchmark request ${tag}"}],"max_tokens":64}`;

async function runAutocannon({ target, connections, seconds, unique, runId }) {
  const { default: autocannon } = await import('autocannon');
  let counter = 0;
  const result = await autocannon({
    url: target.origin + target.path,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...target.headers },
    body: chatBody(target.model, 'fixed'),
    requests: unique ? [{ setupRequest: (req) => ({ ...req, body: chatBody(target.model, `${runId}-${++counter}`) }) }] : undefined,
  });
  const ok = result['2xx'];
  return {
    tool: 'autocannon',
    connections,
    requests: result.requests.total,
    ok,
    errors: result.errors + result.timeouts + result.non2xx,
    errorDetail: { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx },
    seconds: result.duration,
    rps: Math.round(ok / result.duration),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, p999: result.latency.p99_9, max: result.latency.max, mean: result.latency.mean },
  };
}
