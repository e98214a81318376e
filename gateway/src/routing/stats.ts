/**
 * Moving averages of how fast each target (`provider/model`) answers, fed by the executor:
 * total latency for non-streamed calls, time to first token for streams (a stream attempt
 * commits at its first event, so its attempt time *is* its TTFT). The lowest-latency
 * strategy reads them.
 */

export type LatencyMetric = 'latency' | 'ttft';

export interface TargetStatsSnapshot {
  target: string;
  latencyMs: number | null;
  ttftMs: number | null;
  samples: number;
}

interface Averages {
  latency?: number;
  ttft?: number;
  samples: number;
}

/** Weight of the newest sample: about the last 5–10 calls dominate. */
const DEFAULT_ALPHA = 0.3;
/** Targets are config-defined, but `provider/model` pass-through names come from clients. */
const MAX_TARGETS = 4096;

export class TargetStats {
  private readonly byTarget = new Map<string, Averages>();

  constructor(private readonly alpha = DEFAULT_ALPHA) {}

  /** Adds one observation in ms. */
  observe(target: string, metric: LatencyMetric, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    let averages = this.byTarget.get(target);
    if (!averages) {
      if (this.byTarget.size >= MAX_TARGETS) this.byTarget.clear();
      averages = { samples: 0 };
      this.byTarget.set(target, averages);
    }
    const previous = averages[metric];
    averages[metric] = previous === undefined ? ms : previous + this.alpha * (ms - previous);
    averages.samples++;
  }

  /** The average for `metric`, or undefined when the target was never measured that way. */
  get(target: string, metric: LatencyMetric): number | undefined {
    return this.byTarget.get(target)?.[metric];
  }

  snapshot(): TargetStatsSnapshot[] {
    return [...this.byTarget].map(([target, averages]) => ({
      target,
      latencyMs: averages.latency ?? null,
      ttftMs: averages.ttft ?? null,
      samples: averages.samples,
    }));
  }
}
