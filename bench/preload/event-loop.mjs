// Preloaded (--import) into each process under test: samples event-loop delay with
// perf_hooks.monitorEventLoopDelay. On SIGUSR2 it appends the histogram since the last signal
// to $BENCH_ELD_FILE as one JSON line and starts afresh, so the bench can read the lag of each
// phase; on SIGTERM it writes the last one. Values in ms of lag beyond the 1 ms sampling tick.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_ELD_FILE;
const RESOLUTION_MS = 1;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const snapshot = (reason) => {
    // The histogram records the time between timer ticks, so an idle loop reads as the
    // resolution itself; subtracting it leaves the lag.
    const ms = (ns) => Math.max(0, Math.round((ns - RESOLUTION_MS * 1e6) / 1e4) / 100);
    const line = {
      reason,
      at: Date.now(),
      count: histogram.count,
      p50: ms(histogram.percentile(50)),
      p90: ms(histogram.percentile(90)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    histogram.reset();
  };
  process.on('SIGUSR2', () => snapshot('SIGUSR2'));
  // Without a listener of our own the default SIGTERM exit would skip us; the gateway's own
  // listener still runs (all listeners do).
  process.on('SIGTERM', () => {
    snapshot('SIGTERM');
    // Alone, our listener would keep a process with no SIGTERM handling of its own alive.
    if (process.listenerCount('SIGTERM') === 1) process.exit(143);
  });
}
