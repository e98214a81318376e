// Open-loop load at a fixed rate, with the requests spread evenly over each second.
//
// autocannon's `overallRate` is not that: each connection sends its quota for the second back
// to back as soon as the second starts, then waits for the next one. At 1,000 req/s over 20
// connections that is a saturating burst of 1,000 requests every second followed by idleness,
// so a "steady" phase measured the lag of a burst. Here request n is due at start + n / rate,
// sent on the first timer turn at or after that time, and its latency counts from when it was
// due, so a stalled target shows up in the figures rather than slowing the load down.
import { Pool } from 'undici';
import { percentile } from './streams.mjs';

const round = (value) => (value === undefined ? undefined : Math.round(value * 1000) / 1000);

/**
 * Sends `rate` requests per second for `seconds` over at most `connections` connections;
 * resolves once every request has ended. `body(n)` is the n-th request's body.
 * Returns the same figures as the closed-loop tools: { tool, requests, ok, errors, seconds, rps, latencyMs }.
 */
export async function runPaced({ target, connections, seconds, rate, body }) {
  const pool = new Pool(target.origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const headers = { 'content-type': 'application/json', ...target.headers };
  const total = Math.floor(seconds * rate);
  const latencies = [];
  const inFlight = new Set();
  let ok = 0;
  let errors = 0;
  let sent = 0;

  const send = (n, dueAt) => {
    const done = pool
      .request({ path: target.path, method: 'POST', headers, body: body(n) })
      .then(async (response) => {
        await response.body.dump();
        if (response.statusCode >= 200 && response.statusCode < 300) ok += 1;
        else errors += 1;
      })
      .catch(() => {
        errors += 1;
      })
      .finally(() => {
        latencies.push(performance.now() - dueAt);
        inFlight.delete(done);
      });
    inFlight.add(done);
  };

  const started = performance.now();
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
      for (; sent < due; sent += 1) send(sent, started + (sent * 1000) / rate);
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, started + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  return {
    tool: 'paced (undici, open loop)',
    connections,
    requests: sent,
    ok,
    errors,
    seconds: round(elapsed),
    rps: Math.round(ok / elapsed),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      p999: round(percentile(latencies, 99.9)),
      max: round(percentile(latencies, 100)),
      mean: round(latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length)),
    },
  };
}
