/** Cache: hit rate over time, money saved, entries and size per route, and purging. */
import { useMemo, useState } from 'react';
import type { PageProps } from '../../App';
import { EmptyState, ErrorBanner, SkeletonBlock } from '../../components/ui/feedback';
import { Segmented } from '../../components/ui/form';
import { Icon } from '../../components/ui/icons';
import { ConfirmDialog } from '../../components/ui/overlays';
import { Card, PageHeader, StatTile } from '../../components/ui/page-header';
import { countOf, formatBytes, formatNumber, formatPercent, formatUsd } from '../../format/format';
import { useLoadOnMount, useRefreshOn } from '../../hooks/use-page-data';
import { useAppStore } from '../../store';
import { CACHE_RANGES, type CacheRange } from '../../store/cache-slice';
import { CacheChart } from './cache-chart';
import { cacheSeries } from './cache-series';

const RANGE_OPTIONS = (Object.keys(CACHE_RANGES) as CacheRange[]).map((value) => ({ value, label: CACHE_RANGES[value].label }));

export function CachePage(_props: PageProps) {
  const stats = useAppStore((s) => s.cache.stats);
  const series = useAppStore((s) => s.cache.series);
  const range = useAppStore((s) => s.cache.range);
  const loading = useAppStore((s) => s.cache.loading);
  const error = useAppStore((s) => s.cache.error);
  const purging = useAppStore((s) => s.cache.purging);
  const load = useAppStore((s) => s.cache.load);
  const setRange = useAppStore((s) => s.cache.setRange);
  const purge = useAppStore((s) => s.cache.purge);
  const finished = useAppStore((s) => s.live.finished);
  const [confirm, setConfirm] = useState<string | '*' | null>(null);
  useLoadOnMount(load);
  useRefreshOn(finished, load, 3_000);

  const points = useMemo(() => cacheSeries(series), [series]);
  const overall = stats?.overall;
  const noActivity = overall !== undefined && overall.hits + overall.misses === 0 && overall.entries === 0;

  return (
    <div className="page">
      <PageHeader
        title="Cache"
        description="Responses served from the cache cost nothing upstream. Caching is set per route (cache: { ttl, scope })."
        actions={
          <>
            <Segmented label="Time range" value={range} options={RANGE_OPTIONS} onChange={(r) => void setRange(r)} />
            <button type="button" className="btn btn-danger-ghost" disabled={!overall || overall.entries === 0 || purging !== null} onClick={() => setConfirm('*')}>
              <Icon name="trash" /> Purge all
            </button>
          </>
        }
      />
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {!stats && loading ? <SkeletonBlock lines={6} label="Loading cache statistics" /> : null}
      {overall ? (
        <>
          <div className="grid grid-4">
            <StatTile label="Hit rate" value={formatPercent(overall.hitRate)} sub={`${countOf(overall.hits, 'hit')} · ${countOf(overall.misses, 'miss', 'misses')}`} testId="cache-hit-rate" />
            <StatTile label="Saved" value={formatUsd(overall.savedUsd)} sub="Upstream cost avoided" testId="cache-saved" />
            <StatTile label="Entries" value={formatNumber(overall.entries)} sub="Cached responses" />
            <StatTile label="Size" value={formatBytes(overall.bytes)} sub="On disk" />
          </div>
          {noActivity ? (
            <Card>
              <EmptyState icon="cache" title="Nothing cached yet">
                Add <code>cache: {'{ ttl: 60s }'}</code> to a route in the config (or its file) and repeated requests will be answered from the cache.
              </EmptyState>
            </Card>
          ) : (
            <Card title="Hits over time" description={`Per ${CACHE_RANGES[range].bucket}, with the hit rate on the right axis.`}>
              {points.length > 0 ? <CacheChart points={points} bucket={CACHE_RANGES[range].bucket} /> : <p className="muted">No lookups in this time range.</p>}
            </Card>
          )}
          <Card title="By route" flush>
            {stats && stats.byRoute.length > 0 ? (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Route</th>
                      <th scope="col" className="num">Hit rate</th>
                      <th scope="col" className="num">Hits</th>
                      <th scope="col" className="num">Misses</th>
                      <th scope="col" className="num">Saved</th>
                      <th scope="col" className="num">Entries</th>
                      <th scope="col" className="num">Size</th>
                      <th scope="col"><span className="visually-hidden">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {stats.byRoute.map((row) => (
                      <tr key={row.route}>
                        <td className="mono">{row.route}</td>
                        <td className="num">{formatPercent(row.hitRate)}</td>
                        <td className="num">{formatNumber(row.hits)}</td>
                        <td className="num">{formatNumber(row.misses)}</td>
                        <td className="num">{formatUsd(row.savedUsd)}</td>
                        <td className="num">{formatNumber(row.entries)}</td>
                        <td className="num">{formatBytes(row.bytes)}</td>
                        <td style={{ textAlign: 'right' }}>
                          <button type="button" className="btn btn-danger-ghost btn-sm" disabled={row.entries === 0 || purging !== null} onClick={() => setConfirm(row.route)} aria-label={`Purge the cache of ${row.route}`}>
                            {purging === row.route ? 'Purging…' : 'Purge'}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="muted" style={{ padding: '0 20px 18px' }}>
                No route has cached anything yet.
              </p>
            )}
          </Card>
        </>
      ) : null}
      {confirm !== null ? (
        <ConfirmDialog
          title={confirm === '*' ? 'Purge the whole cache?' : `Purge the cache of “${confirm}”?`}
          confirmLabel="Purge"
          danger
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const route = confirm === '*' ? undefined : confirm;
            setConfirm(null);
            void purge(route);
          }}
        >
          <p>The next matching requests go to the providers again (and cost again) until the cache refills.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
