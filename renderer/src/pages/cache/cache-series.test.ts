import { describe, expect, it } from 'vitest';
import { cacheSeries } from './cache-series';

const point = (t: number, cacheHits: number, cacheMisses: number) => ({ t, requests: cacheHits + cacheMisses, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null, costUsd: 0, cacheHits, cacheMisses, savedUsd: cacheHits * 0.01 });

describe('cacheSeries', () => {
  it('computes the hit rate per bucket, in time order', () => {
    expect(cacheSeries([point(2, 1, 3), point(1, 3, 1)]).map((p) => [p.t, p.hitRate])).toEqual([
      [1, 0.75],
      [2, 0.25],
    ]);
  });

  it('leaves a gap (null) for buckets without cache lookups rather than a 0% dip', () => {
    expect(cacheSeries([point(1, 0, 0)])[0]?.hitRate).toBeNull();
  });

  it('marks a rate with no rate beside it, which a line alone would not show', () => {
    const series = cacheSeries([point(1, 0, 0), point(2, 1, 1), point(3, 0, 0), point(4, 2, 0), point(5, 1, 1)]);
    expect(series.map((p) => p.lone)).toEqual([false, true, false, false, false]);
  });
});
