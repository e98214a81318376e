import type { BreakerDto, OverviewDto, QuotaLowDto } from '../../api/contract';
import { Badge, type BadgeTone } from '../../components/ui/page-header';
import { EmptyState } from '../../components/ui/feedback';
import { formatMs, formatNumber, formatPercent, formatRelative } from '../../format/format';

const BREAKER: Record<BreakerDto['state'], { tone: BadgeTone; label: string }> = {
  closed: { tone: 'ok', label: 'Healthy' },
  'half-open': { tone: 'warn', label: 'Probing' },
  open: { tone: 'bad', label: 'Circuit open' },
};

export function BreakerBadge({ state }: { state: BreakerDto['state'] }) {
  return <Badge tone={BREAKER[state].tone}>{BREAKER[state].label}</Badge>;
}

const WINDOW_LABEL: Record<QuotaLowDto['window'], string> = { requests: 'requests', tokens: 'tokens', input_tokens: 'input tokens', output_tokens: 'output tokens' };

/** A provider rate-limit window running out: the provider will refuse calls until it refills. */
function QuotaLow({ quota }: { quota: QuotaLowDto }) {
  const left = `${formatNumber(quota.remaining)}${quota.limit === null ? '' : ` of ${formatNumber(quota.limit)}`} ${WINDOW_LABEL[quota.window]} left for ${quota.model}`;
  return (
    <span className={`field-hint quota-low${quota.remaining === 0 ? ' quota-out' : ''}`} role="status">
      {quota.resetAt === null ? left : `${left}, refills ${formatRelative(quota.resetAt)}`}
    </span>
  );
}

export function ProviderHealthTable({ providers }: { providers: OverviewDto['providers'] }) {
  if (providers.length === 0) {
    return (
      <EmptyState icon="providers" title="No provider traffic yet">
        Health appears here once requests go through the gateway.
      </EmptyState>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Requests
            </th>
            <th scope="col" className="num">
              Error rate
            </th>
            <th scope="col" className="num">
              p50
            </th>
          </tr>
        </thead>
        <tbody>
          {providers.map((provider) => (
            <tr key={provider.name}>
              <td>
                <span className="health-name">{provider.name}</span>
                {provider.quotaLow ? <QuotaLow quota={provider.quotaLow} /> : null}
              </td>
              <td>
                <BreakerBadge state={provider.breaker} />
              </td>
              <td className="num">{formatNumber(provider.requests)}</td>
              <td className="num">{formatPercent(provider.errorRate)}</td>
              <td className="num">{formatMs(provider.p50Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BreakerList({ breakers, now }: { breakers: BreakerDto[]; now: number }) {
  const tripped = breakers.filter((breaker) => breaker.state !== 'closed');
  if (tripped.length === 0) return <p className="muted">All circuits are closed: every target is being tried.</p>;
  return (
    <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {tripped.map((breaker) => (
        <li key={breaker.target} className="row-between">
          <span className="mono">{breaker.target}</span>
          <span className="row">
            <span className="muted">
              {breaker.failures} failures
              {breaker.nextProbeAt ? (breaker.nextProbeAt > now ? ` · next probe ${formatRelative(breaker.nextProbeAt, now)}` : ' · probe due') : ''}
            </span>
            <BreakerBadge state={breaker.state} />
          </span>
        </li>
      ))}
    </ul>
  );
}
