import type { LogRowDto } from '../../api/contract';
import { EmptyState } from '../../components/ui/feedback';
import { Badge } from '../../components/ui/page-header';
import { formatTime } from '../../format/format';
import { hrefFor } from '../../router/hash-route';

export function RecentErrors({ rows, now }: { rows: LogRowDto[]; now: number }) {
  if (rows.length === 0) {
    return (
      <EmptyState icon="check" title="No recent errors">
        Failed requests show up here with the gateway’s reason.
      </EmptyState>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Model</th>
            <th scope="col">Status</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="time-cell">
                <a href={hrefFor('logs', row.id)} aria-label={`Open request ${row.id}`}>
                  {formatTime(row.ts, now)}
                </a>
              </td>
              <td>
                <span className="mono">{row.alias}</span>
                {row.provider ? <span className="muted"> → {row.provider}</span> : null}
              </td>
              <td>
                <Badge tone="bad">{row.status}</Badge>
              </td>
              <td className="muted">{row.errorMessage ?? row.errorCode ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
