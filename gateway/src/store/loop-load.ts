/**
 * How busy the event loop has been lately: its utilisation (the share of time it was running
 * callbacks rather than waiting for I/O) over the last complete sampling window. Sampled lazily,
 * on a read at least `windowMs` after the last sample, so an idle process runs nothing for it.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export type LoadGauge = () => number;

export function loopLoadGauge(windowMs = 250): LoadGauge {
  let mark: EventLoopUtilization = performance.eventLoopUtilization();
  let markedAt = performance.now();
  let utilization = 0;
  return () => {
    const now = performance.now();
    if (now - markedAt >= windowMs) {
      utilization = performance.eventLoopUtilization(mark).utilization;
      mark = performance.eventLoopUtilization();
      markedAt = now;
    }
    return utilization;
  };
}

/** The process's gauge, shared by every writer that reads it. */
export const loopLoad: LoadGauge = loopLoadGauge();
