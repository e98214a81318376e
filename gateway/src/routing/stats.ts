/**
 * Moving averages of how fast each target (`provider/model`) answers, fed by the executor:
 * total latency for non-streamed calls, time to first token for streams (a stream attempt
 * commits at its first event, so its attempt time *is* its TTFT). The lowest-latency
 * strategy reads them. An average not fed for `staleAfterMs` reads as unmeasured: the strategy
 * only ever measures the target it puts first, so without this one bad call (a timeout counts
 * its full wait) would keep a target last for as long as the gateway runs.
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
  /** When each metric was last fed (ms since the epoch). */
  latencyAt: number;
  ttftAt: number;
  samples: number;
}

const STAMP = { latency: 'latencyAt', ttft: 'ttftAt' } as const;

export interface TargetStatsOptions {
  /** Weight of the newest sample. */
  alpha?: number;
  /** How long an average counts without a new sample. */
  staleAfterMs?: number;
  now?: () => number;
}

/** Weight of the newest sample: about the last 5–10 calls dominate. */
const DEFAULT_ALPHA = 0.3;
/** Long enough that a healthy leader keeps its place, short enough that a recovered target is tried again. */
export const DEFAULT_STALE_AFTER_MS = 5 * 60_000;
/** Targets are config-defined, but `provider/model` pass-through names come from clients. */
const MAX_TARGETS = 4096;

export class TargetStats {
  private readonly byTarget = new Map<string, Averages>();
  private readonly alpha: number;
  private readonly staleAfterMs: number;
  private readonly now: () => number;

  constructor(options: TargetStatsOptions = {}) {
    this.alpha = options.alpha ?? DEFAULT_ALPHA;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.now = options.now ?? Date.now;
  }

  /** Adds one observation in ms. A stale average starts over rather than dragging the new sample. */
  observe(target: string, metric: LatencyMetric, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const now = this.now();
    let averages = this.byTarget.get(target);
    if (!averages) {
      if (this.byTarget.size >= MAX_TARGETS) this.byTarget.clear();
      averages = { latencyAt: 0, ttftAt: 0, samples: 0 };
      this.byTarget.set(target, averages);
    }
    const previous = this.fresh(averages, metric, now);
    averages[metric] = previous === undefined ? ms : previous + this.alpha * (ms - previous);
    averages[STAMP[metric]] = now;
    averages.samples++;
  }

  /** The average for `metric`, or undefined when the target was not measured that way lately. */
  get(target: string, metric: LatencyMetric): number | undefined {
    const averages = this.byTarget.get(target);
    return averages && this.fresh(averages, metric, this.now());
  }

  private fresh(averages: Averages, metric: LatencyMetric, now: number): number | undefined {
    return now - averages[STAMP[metric]] < this.staleAfterMs ? averages[metric] : undefined;
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
