/** Logs: a live tail of requests with filters, older pages on demand, and a detail drawer. */
import { useEffect } from 'react';
import type { PageProps } from '../../App';
import { EmptyState, ErrorBanner, SkeletonBlock } from '../../components/ui/feedback';
import { Icon } from '../../components/ui/icons';
import { Card, PageHeader } from '../../components/ui/page-header';
import { hrefFor, navigate } from '../../router/hash-route';
import { useAppStore } from '../../store';
import { LogDrawer } from './log-drawer';
import { LogFiltersBar } from './log-filters';
import { LogTable } from './log-table';

export function LogsPage({ param }: PageProps) {
  const rows = useAppStore((s) => s.logs.rows);
  const filters = useAppStore((s) => s.logs.filters);
  const loaded = useAppStore((s) => s.logs.loaded);
  const loading = useAppStore((s) => s.logs.loading);
  const loadingMore = useAppStore((s) => s.logs.loadingMore);
  const nextCursor = useAppStore((s) => s.logs.nextCursor);
  const error = useAppStore((s) => s.logs.error);
  const paused = useAppStore((s) => s.logs.paused);
  const buffered = useAppStore((s) => s.logs.buffered.length);
  const selectedId = useAppStore((s) => s.logs.selectedId);
  const detail = useAppStore((s) => s.logs.detail);
  const detailLoading = useAppStore((s) => s.logs.detailLoading);
  const detailError = useAppStore((s) => s.logs.detailError);
  const live = useAppStore((s) => s.live.status);
  const routeNames = useAppStore((s) => s.routes.items);
  const providerItems = useAppStore((s) => s.providers.items);
  const { load, loadMore, setFilters, setPaused, select } = useAppStore((s) => s.logs);
  const loadRoutes = useAppStore((s) => s.routes.load);
  const loadProviders = useAppStore((s) => s.providers.load);
  const keysLoaded = useAppStore((s) => s.keys.loaded);
  const keys = useAppStore((s) => s.keys.items);
  const loadKeys = useAppStore((s) => s.keys.load);

  useEffect(() => {
    if (!loaded) void load();
    void loadRoutes();
    void loadProviders();
  }, [loaded, load, loadRoutes, loadProviders]);

  // The drawer names a request's gateway key; the log row only has its id.
  useEffect(() => {
    if (!keysLoaded) void loadKeys();
  }, [keysLoaded, loadKeys]);

  // The hash names the open request (#/logs/<id>), so a request can be linked to and reopened.
  useEffect(() => {
    if (param !== selectedId) void select(param);
  }, [param, selectedId, select]);

  const now = Date.now();
  const filtered = filters.route || filters.provider || filters.keyId || filters.model || filters.status || filters.text;

  return (
    <div className="page page-wide">
      <PageHeader
        title="Logs"
        description="Every request through the gateway, newest first. New ones appear as they finish."
        actions={
          <>
            {paused && buffered > 0 ? (
              <button type="button" className="btn btn-secondary new-rows" onClick={() => setPaused(false)}>
                Show {buffered} new
              </button>
            ) : null}
            <button type="button" className="btn btn-secondary" onClick={() => setPaused(!paused)} aria-pressed={paused}>
              <Icon name={paused ? 'play' : 'pause'} /> {paused ? 'Resume live tail' : 'Pause live tail'}
            </button>
          </>
        }
      />
      <Card>
        <LogFiltersBar filters={filters} routes={Object.keys(routeNames).sort()} providers={providerItems.map((p) => p.name)} keys={keys} onChange={(patch) => void setFilters(patch)} />
      </Card>
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      <Card flush>
        {loading && rows.length === 0 ? (
          <div style={{ padding: 20 }}>
            <SkeletonBlock lines={8} label="Loading requests" />
          </div>
        ) : rows.length === 0 ? (
          filtered ? (
            <EmptyState icon="logs" title="No requests match these filters" action={<button type="button" className="btn btn-secondary" onClick={() => void setFilters({ route: '', provider: '', model: '', status: '', text: '' })}>Clear filters</button>}>
              Widen the time range or clear a filter.
            </EmptyState>
          ) : (
            <EmptyState icon="logs" title="No requests yet" action={<a className="btn btn-primary" href={hrefFor('connect')}>Connect a tool</a>}>
              {live === 'open' ? 'Listening: requests appear here the moment they finish.' : 'Point a tool at the gateway and its requests appear here.'}
            </EmptyState>
          )
        ) : (
          <LogTable rows={rows} selectedId={selectedId} now={now} onOpen={(id) => navigate('logs', id)} />
        )}
      </Card>
      {nextCursor ? (
        <div className="row" style={{ justifyContent: 'center' }}>
          <button type="button" className="btn btn-secondary" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load older requests'}
          </button>
        </div>
      ) : rows.length > 0 && loaded ? (
        <p className="faint" style={{ textAlign: 'center' }}>
          That is everything in this time range.
        </p>
      ) : null}
      {selectedId ? <LogDrawer id={selectedId} row={detail} loading={detailLoading} error={detailError} onClose={() => navigate('logs')} /> : null}
    </div>
  );
}
