import type { TimeseriesPointDto } from '../../api/contract';

export interface CachePoint {
  t: number;
  hits: number;
  misses: number;
  /** 0–1, null for a bucket without cacheable requests (a gap, not a 0% dip). */
  hitRate: number | null;
  /**
   * A rate with no rate on either side: the line has no segment to draw there, so the chart
   * marks it with a dot (one busy hour in a quiet day would otherwise show no rate at all).
   */
  lone: boolean;
  savedUsd: number;
}

export function cacheSeries(points: readonly TimeseriesPointDto[]): CachePoint[] {
  const series = [...points]
    .sort((a, b) => a.t - b.t)
    .map((p): CachePoint => {
      const lookups = p.cacheHits + p.cacheMisses;
      return { t: p.t, hits: p.cacheHits, misses: p.cacheMisses, hitRate: lookups > 0 ? p.cacheHits / lookups : null, lone: false, savedUsd: p.savedUsd };
    });
  series.forEach((point, i) => {
    point.lone = point.hitRate !== null && (series[i - 1]?.hitRate ?? null) === null && (series[i + 1]?.hitRate ?? null) === null;
  });
  return series;
}
