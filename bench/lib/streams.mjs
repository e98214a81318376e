// Streaming measurements with undici: time to the first SSE data byte, and many streams held
// open at once (per-stream first byte, inter-chunk gaps, completion).
import { Pool } from 'undici';

const streamBody = (model, tag) =>
  JSON.stringify({
    model,
    stream: true,
    messages: [
      { role: 'system', content: 'You are a terse assistant.' },
      { role: 'user', content: `Stream a hello to benchmark request ${tag}` },
    ],
    max_tokens: 64,
  });

/**
 * Reads one SSE response, timing its first `data:` byte, gaps between reads, and completion.
 * Uses undici's raw dispatch handler (no stream objects) so the client stays cheap: with 1,000
 * streams it shares its core with the upstream and must not be what stalls.
 */
function oneStream(pool, target, tag) {
  return new Promise((resolve) => {
    const started = performance.now();
    let statusCode = 0;
    let firstAt;
    let lastAt = started;
    let maxGap = 0;
    let bytes = 0;
    let tail = Buffer.alloc(0);
    pool.dispatch(
      {
        method: 'POST',
        path: target.path,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...target.headers },
        body: streamBody(target.model, tag),
      },
      {
        onRequestStart() {},
        onResponseStart(_controller, status) {
          statusCode = status;
        },
        onResponseData(_controller, chunk) {
          const now = performance.now();
          if (firstAt === undefined) {
            if (chunk.includes('data:')) firstAt = now;
          } else if (now - lastAt > maxGap) {
            maxGap = now - lastAt;
          }
          lastAt = now;
          bytes += chunk.length;
          tail = chunk.length >= 16 ? chunk : Buffer.concat([tail, chunk]);
        },
        onResponseEnd() {
          const done = statusCode === 200 && tail.subarray(-32).includes('[DONE]');
          resolve({ statusCode, ttftMs: firstAt === undefined ? undefined : firstAt - started, totalMs: lastAt - started, maxGapMs: maxGap, bytes, done });
        },
        onResponseError(_controller, error) {
          resolve({ statusCode, error: String(error?.code ?? error?.message ?? error), done: false });
        },
      },
    );
  });
}

/** Sequential streams (1 in flight) for `seconds`: the TTFT samples, in ms. */
export async function sampleTtft({ target, seconds, maxSamples = 5000 }) {
  const pool = new Pool(target.origin, { connections: 1, pipelining: 1, keepAliveTimeout: 60_000 });
  const samples = [];
  let failures = 0;
  const deadline = performance.now() + seconds * 1000;
  try {
    // A few unmeasured streams so connection setup and lazy init are not in the samples.
    for (let i = 0; i < 20; i += 1) await oneStream(pool, target, `warm-${i}`);
    while (performance.now() < deadline && samples.length < maxSamples) {
      const result = await oneStream(pool, target, `ttft-${samples.length}`);
      if (result.done && result.ttftMs !== undefined) samples.push(result.ttftMs);
      else failures += 1;
    }
  } finally {
    await pool.close();
  }
  return { samples, failures };
}

/**
 * Reads `count` streams, `concurrency` at a time, measuring nothing: the JIT warm-up of a
 * target's stream path. V8 optimises a function once it has run often enough, and on the one
 * core a target is pinned to, each optimising compile takes CPU from the event loop for
 * milliseconds. A gateway that has only answered JSON calls is still compiling its stream
 * path after hundreds of streams: measured without this, Switchboard's own time before a
 * stream's first byte had a p99 of ~4 ms, and ~0.8 ms after 3,000 streams.
 */
export async function warmStreams({ target, count, concurrency = 8 }) {
  const pool = new Pool(target.origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) await oneStream(pool, target, `warm-stream-${next++}`);
      }),
    );
  } finally {
    await pool.close();
  }
}

/**
 * Opens `count` streams, spread evenly over `rampMs` (so a burst of 1,000 connects is not
 * what gets measured; each stream lasts ~1.3 s, so all are open together after the ramp),
 * and reads them all to the end. `onTick` is called every 50 ms
 * while any is open (for RSS sampling). A stall is a stream that failed or sat silent for more
 * than `stallMs` between chunks the upstream sends every 20 ms.
 */
export async function holdStreams({ target, count, stallMs = 250, rampMs = 500, onTick }) {
  const pool = new Pool(target.origin, { connections: count + 16, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const ticker = setInterval(() => onTick?.(), 50);
  const started = performance.now();
  const BATCH = 10;
  const results = await Promise.all(
    Array.from({ length: Math.ceil(count / BATCH) }, (_, batch) =>
      new Promise((resolve) => setTimeout(resolve, (batch * BATCH * rampMs) / count)).then(() =>
        Promise.all(Array.from({ length: Math.min(BATCH, count - batch * BATCH) }, (_, i) => oneStream(pool, target, `hold-${started}-${batch * BATCH + i}`))),
      ),
    ),
  ).then((batches) => batches.flat());
  const wallMs = performance.now() - started;
  clearInterval(ticker);
  await pool.close();
  const completed = results.filter((r) => r.done);
  const errors = {};
  for (const r of results) {
    if (r.done) continue;
    const key = r.error ?? (r.statusCode === 200 ? 'no [DONE]' : `status ${r.statusCode}`);
    errors[key] = (errors[key] ?? 0) + 1;
  }
  return {
    count,
    completed: completed.length,
    failed: count - completed.length,
    errors,
    stalled: results.filter((r) => !r.done || r.maxGapMs > stallMs).length,
    stallMs,
    wallMs,
    ttftMs: completed.map((r) => r.ttftMs),
    totalMs: completed.map((r) => r.totalMs),
    maxGapMs: completed.map((r) => r.maxGapMs),
  };
}

/** Percentile (nearest rank) of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
