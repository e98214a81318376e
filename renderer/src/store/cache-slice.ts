/** `cache`: hit rate over time, savings, per-route entries, and purging. */
import type { StateCreator } from 'zustand';
import type { CacheStatsDto, TimeseriesPointDto } from '../api/contract';
import type { TimeBucket } from '../gateway-client';
import { slicePatcher, type SliceContext } from './context';
import type { AppState } from './types';

export type CacheRange = '24h' | '7d' | '30d';

export const CACHE_RANGES: Record<CacheRange, { label: string; ms: number; bucket: TimeBucket }> = {
  '24h': { label: '24 hours', ms: 86_400_000, bucket: 'hour' },
  '7d': { label: '7 days', ms: 7 * 86_400_000, bucket: 'day' },
  '30d': { label: '30 days', ms: 30 * 86_400_000, bucket: 'day' },
};

export interface CacheState {
  stats: CacheStatsDto | null;
  series: TimeseriesPointDto[];
  range: CacheRange;
  loaded: boolean;
  loading: boolean;
  error: string | null;
  /** The route being purged, '*' for everything, null when idle. */
  purging: string | null;
  load(): Promise<void>;
  setRange(range: CacheRange): Promise<void>;
  purge(route?: string): Promise<void>;
}

export interface CacheSlice {
  cache: CacheState;
}

export function createCacheSlice(ctx: SliceContext): StateCreator<AppState, [], [], CacheSlice> {
  return (set, get) => {
    const patch = slicePatcher(set, 'cache');
    return {
      cache: {
        stats: null,
        series: [],
        range: '24h',
        loaded: false,
        loading: false,
        error: null,
        purging: null,

        async load() {
          const { ms, bucket } = CACHE_RANGES[get().cache.range];
          patch({ loading: true, error: null });
          try {
            const client = ctx.client();
            const [stats, series] = await Promise.all([client.cacheStats(), client.timeseries({ since: ctx.now() - ms, bucket })]);
            patch({ stats, series: series.points, loading: false, loaded: true });
          } catch (error) {
            patch({ loading: false, loaded: true, error: ctx.fail(error) });
          }
        },

        async setRange(range) {
          patch({ range });
          await get().cache.load();
        },

        async purge(route) {
          patch({ purging: route ?? '*' });
          try {
            const { purged } = await ctx.client().purgeCache(route);
            get().notices.push('success', `Purged ${purged} cached ${purged === 1 ? 'response' : 'responses'}${route ? ` of ${route}` : ''}`);
            patch({ purging: null });
            await get().cache.load();
          } catch (error) {
            patch({ purging: null });
            get().notices.push('error', ctx.fail(error));
          }
        },
      },
    };
  };
}
