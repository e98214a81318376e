/** Overview: traffic, spend, cache and latency at a glance, provider health and recent errors. */
import type { PageProps } from '../../App';
import { Sparkline } from '../../components/charts/sparkline';
import { ErrorBanner, Skeleton } from '../../components/ui/feedback';
import { Icon } from '../../components/ui/icons';
import { Card, PageHeader, StatTile } from '../../components/ui/page-header';
import { formatMs, formatNumber, formatPercent, formatUsd } from '../../format/format';
import { useLoadOnMount, useRefreshOn } from '../../hooks/use-page-data';
import { useAppStore } from '../../store';
import { BreakerList, ProviderHealthTable } from './provider-health';
import { RecentErrors } from './recent-errors';

function TileSkeletons() {
  return (
    <div className="grid grid-4" role="status" aria-label="Loading">
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="card stack">
          <Skeleton width="40%" />
          <Skeleton width="60%" height={28} />
          <Skeleton width="80%" />
        </div>
      ))}
    </div>
  );
}

export function OverviewPage(_props: PageProps) {
  const data = useAppStore((s) => s.overview.data);
  const breakers = useAppStore((s) => s.overview.breakers);
  const loading = useAppStore((s) => s.overview.loading);
  const error = useAppStore((s) => s.overview.error);
  const load = useAppStore((s) => s.overview.load);
  const finished = useAppStore((s) => s.live.finished);
  useLoadOnMount(load);
  useRefreshOn(finished, load, 2_000);
  const now = Date.now();

  const perMinute = data?.requestsPerMinute ?? [];
  const lastMinute = perMinute.at(-1)?.requests ?? 0;

  return (
    <div className="page">
      <PageHeader
        title="Overview"
        description="Traffic, spend and health across every route and provider."
        actions={
          <button type="button" className="btn btn-secondary" onClick={() => void load()} disabled={loading}>
            <Icon name="refresh" /> Refresh
          </button>
        }
      />
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {!data && loading ? <TileSkeletons /> : null}
      {data ? (
        <>
          <div className="grid grid-4">
            <StatTile label="Requests per minute" value={formatNumber(lastMinute)} sub={`${formatNumber(data.requestsLastHour)} in the last hour`} testId="stat-rpm">
              <Sparkline points={perMinute.map((p) => ({ t: p.t, value: p.requests }))} format={(v) => `${v} req/min`} />
            </StatTile>
            <StatTile label="Spend today" value={formatUsd(data.spendTodayUsd)} sub={`${formatUsd(data.spendMonthUsd)} this month`} testId="stat-spend" />
            <StatTile label="Cache hit rate" value={formatPercent(data.cacheHitRate)} sub={`${formatUsd(data.savedMonthUsd)} saved this month`} testId="stat-cache" />
            <StatTile label="Latency p50" value={formatMs(data.latencyP50Ms)} sub={`p95 ${formatMs(data.latencyP95Ms)}`} testId="stat-latency" />
          </div>
          <div className="grid grid-2">
            <Card title="Provider health" description="Last hour, with each provider’s circuit breaker." flush>
              <ProviderHealthTable providers={data.providers} />
            </Card>
            <Card title="Circuit breakers" description="Targets skipped after repeated failures.">
              <BreakerList breakers={breakers} now={now} />
            </Card>
          </div>
          <Card title="Recent errors" flush>
            <RecentErrors rows={data.recentErrors} now={now} />
          </Card>
        </>
      ) : null}
    </div>
  );
}
