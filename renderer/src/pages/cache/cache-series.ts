import type { TimeseriesPointDto } from '../../api/contract';

export interface CachePoint {
  t: number;
  hits: number;
  misses: number;
  /** 0–1, null for a bucket without cacheable requests (a gap, not a 0% dip). */
  hitRate: number | null;
  savedUsd: number;
}

export function cacheSeries(points: readonly TimeseriesPointDto[]): CachePoint[] {
  return [...points]
    .sort((a, b) => a.t - b.t)
    .map((p) => {
      const lookups = p.cacheHits + p.cacheMisses;
      return { t: p.t, hits: p.cacheHits, misses: p.cacheMisses, hitRate: lookups > 0 ? p.cacheHits / lookups : null, savedUsd: p.savedUsd };
    });
}
