/** Costs: spend per day stacked by provider, model, route, key, team, app or a metadata field; top spenders; budgets. */
import { useEffect, useMemo } from 'react';
import type { PageProps } from '../../App';
import { EmptyState, ErrorBanner, SkeletonBlock } from '../../components/ui/feedback';
import { Segmented } from '../../components/ui/form';
import { Meter } from '../../components/ui/meter';
import { Card, PageHeader, StatTile } from '../../components/ui/page-header';
import { formatNumber, formatPercent, formatRelative, formatUsd } from '../../format/format';
import type { SpendGroup } from '../../gateway-client';
import { useLoadOnMount, useRefreshOn } from '../../hooks/use-page-data';
import { useAppStore } from '../../store';
import type { CostDays } from '../../store/costs-slice';
import { stackByDay, topSpenders } from './spend-aggregate';
import { SpendChart } from './spend-chart';

const GROUPS: ReadonlyArray<{ value: SpendGroup; label: string }> = [
  { value: 'provider', label: 'Provider' },
  { value: 'model', label: 'Model' },
  { value: 'route', label: 'Route' },
  { value: 'key', label: 'Key' },
  { value: 'team', label: 'Team' },
  // Named by the gateway from each call's User-Agent, as the Logs page names it.
  { value: 'app', label: 'App' },
  // A field callers send in x-switchboard-metadata (a project, a feature): LiteLLM's spend by tag.
  { value: 'metadata', label: 'Metadata' },
];
const DAYS: ReadonlyArray<{ value: `${CostDays}`; label: string }> = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
];

export function CostsPage(_props: PageProps) {
  const by = useAppStore((s) => s.costs.by);
  const days = useAppStore((s) => s.costs.days);
  const points = useAppStore((s) => s.costs.points);
  const budgets = useAppStore((s) => s.costs.budgets);
  const loading = useAppStore((s) => s.costs.loading);
  const loaded = useAppStore((s) => s.costs.loaded);
  const error = useAppStore((s) => s.costs.error);
  const load = useAppStore((s) => s.costs.load);
  const setBy = useAppStore((s) => s.costs.setBy);
  const field = useAppStore((s) => s.costs.field);
  const fields = useAppStore((s) => s.costs.fields);
  const setField = useAppStore((s) => s.costs.setField);
  const setDays = useAppStore((s) => s.costs.setDays);
  const keys = useAppStore((s) => s.keys.items);
  const keysLoaded = useAppStore((s) => s.keys.loaded);
  const loadKeys = useAppStore((s) => s.keys.load);
  const finished = useAppStore((s) => s.live.finished);
  useLoadOnMount(load);
  useRefreshOn(finished, load, 3_000);
  useEffect(() => {
    if (by === 'key' && !keysLoaded) void loadKeys();
  }, [by, keysLoaded, loadKeys]);

  const now = Date.now();
  const stacked = useMemo(() => stackByDay(points, days, Date.now()), [points, days]);
  const spenders = useMemo(() => topSpenders(points), [points]);
  const total = spenders.reduce((sum, row) => sum + row.costUsd, 0);
  const requests = spenders.reduce((sum, row) => sum + row.requests, 0);
  // Spend by key is grouped by key id; show the key's name where we know it.
  const nameOf = (group: string) => (by === 'key' ? (keys.find((k) => k.id === group)?.name ?? group) : group);
  const groupLabel = by === 'metadata' ? (field ?? 'metadata') : (GROUPS.find((g) => g.value === by)?.label ?? by);
  const noFields = by === 'metadata' && fields.length === 0;

  return (
    <div className="page">
      <PageHeader
        title="Costs"
        description="What each request cost, from token usage and the price table."
        actions={
          <>
            <Segmented label="Time range" value={`${days}` as `${CostDays}`} options={DAYS} onChange={(d) => void setDays(Number(d) as CostDays)} />
            <Segmented label="Group spend by" value={by} options={GROUPS} onChange={(g) => void setBy(g)} />
            {by === 'metadata' && fields.length > 0 ? (
              <select className="select mono" style={{ width: 'auto' }} aria-label="Metadata field" value={field ?? ''} onChange={(e) => void setField(e.target.value)}>
                {fields.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            ) : null}
          </>
        }
      />
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {!loaded && loading ? <SkeletonBlock lines={6} label="Loading spend" /> : null}
      {loaded ? (
        <>
          <div className="grid grid-4">
            <StatTile label={`Spend, last ${days} days`} value={formatUsd(total)} testId="costs-total" />
            <StatTile label="Per day" value={formatUsd(total / days)} sub="Average" />
            <StatTile label="Paid requests" value={formatNumber(requests)} sub={requests > 0 ? `${formatUsd(total / requests)} each on average` : undefined} />
            <StatTile label={`Top ${groupLabel.toLowerCase()}`} value={spenders[0] ? nameOf(spenders[0].group) : '—'} sub={spenders[0] ? `${formatPercent(spenders[0].share, 0)} of spend` : undefined} />
          </div>
          <Card title="Spend per day" description={`Stacked by ${groupLabel.toLowerCase()}, UTC days.`}>
            {noFields ? (
              <EmptyState icon="costs" title="No metadata in this period">
                Calls that send <code>x-switchboard-metadata: {'{"project": "search"}'}</code> (or <code>metadata</code> in the body) can be grouped by each field here.
              </EmptyState>
            ) : points.length > 0 ? (
              <SpendChart data={stacked} label={`Spend per day by ${groupLabel.toLowerCase()} over the last ${days} days`} nameOf={nameOf} />
            ) : (
              <EmptyState icon="costs" title="No spend in this period">
                Costs appear once requests go through the gateway. Local models cost nothing unless you set prices.
              </EmptyState>
            )}
          </Card>
          <div className="grid grid-2">
            <Card title="Top spenders" flush>
              {spenders.length > 0 ? (
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{groupLabel}</th>
                        <th scope="col" className="num">Requests</th>
                        <th scope="col" className="num">Cost</th>
                        <th scope="col" style={{ width: '28%' }}>Share</th>
                      </tr>
                    </thead>
                    <tbody>
                      {spenders.slice(0, 12).map((row) => (
                        <tr key={row.group}>
                          <td className="mono">{nameOf(row.group)}</td>
                          <td className="num">{formatNumber(row.requests)}</td>
                          <td className="num">{formatUsd(row.costUsd)}</td>
                          <td>
                            <Meter label={`${nameOf(row.group)} share of spend`} value={row.share} max={1} warnAt={2} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p className="muted" style={{ padding: '0 20px 18px' }}>
                  Nobody has spent anything yet.
                </p>
              )}
            </Card>
            <Card title="Budgets" description="Set in the config (budgets:) and on gateway keys.">
              {budgets.length > 0 ? (
                <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {budgets.map((budget) => (
                    <li key={`${budget.scope}-${budget.period}`} className="stack" style={{ gap: 6 }}>
                      <div className="row-between">
                        <strong>
                          {budget.subject ?? budget.scope} <span className="muted">· per {budget.period}</span>
                        </strong>
                        <span className="num">
                          {formatUsd(budget.spentUsd)} <span className="muted">of {formatUsd(budget.limitUsd)}</span>
                        </span>
                      </div>
                      <Meter label={`Budget ${budget.scope} per ${budget.period}`} value={budget.spentUsd} max={budget.limitUsd} warnAt={budget.alertAt} valueText={`${formatUsd(budget.spentUsd)} of ${formatUsd(budget.limitUsd)}`} />
                      <span className="field-hint">Resets {formatRelative(budget.resetsAt, now)}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <EmptyState icon="costs" title="No budgets">
                  Add <code>budgets: {'{ global: { monthlyUsd: 100 } }'}</code> to the config, or a budget on a gateway key.
                </EmptyState>
              )}
            </Card>
          </div>
        </>
      ) : null}
    </div>
  );
}
