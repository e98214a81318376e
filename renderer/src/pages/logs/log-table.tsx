import type { LogRowDto } from '../../api/contract';
import { Badge } from '../../components/ui/page-header';
import { clientApp } from '../../format/client-app';
import { formatMs, formatNumber, formatTime, formatUsd } from '../../format/format';

export function StatusBadge({ status }: { status: number }) {
  return <Badge tone={status < 400 ? 'ok' : status === 429 ? 'warn' : 'bad'}>{status}</Badge>;
}

export function LogTable({ rows, selectedId, now, onOpen }: { rows: readonly LogRowDto[]; selectedId: string | null; now: number; onOpen(id: string): void }) {
  return (
    <div className="table-wrap">
      <table className="table log-table" aria-label="Requests">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Model</th>
            <th scope="col">App</th>
            <th scope="col">Served by</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Latency
            </th>
            <th scope="col" className="num">
              Tokens in / out
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col">Cache</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="clickable" aria-selected={row.id === selectedId} onClick={() => onOpen(row.id)} data-testid="log-row">
              <td className="time-cell">
                <button type="button" className="row-button" aria-label={`Open request ${row.id} (${row.alias}, ${row.status})`} onClick={(e) => (e.stopPropagation(), onOpen(row.id))}>
                  {formatTime(row.ts, now)}
                </button>
              </td>
              <td className="truncate mono">{row.alias}</td>
              <td className="truncate" title={row.client ?? undefined}>
                {clientApp(row.client) ?? <span className="faint">—</span>}
              </td>
              <td className="truncate">
                {row.provider ? (
                  <>
                    <span className="mono">{row.provider}</span>
                    <span className="muted">/{row.model}</span>
                  </>
                ) : row.cache === 'hit' && row.model ? (
                  <>
                    <span className="mono">cache</span>
                    <span className="muted">/{row.model}</span>
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
                {row.attempts.length > 1 ? <span className="badge" style={{ marginLeft: 6 }}>{row.attempts.length} attempts</span> : null}
              </td>
              <td>
                <StatusBadge status={row.status} />
              </td>
              <td className="num">{formatMs(row.latencyMs)}</td>
              <td className="num">
                {formatNumber(row.inputTokens)} / {formatNumber(row.outputTokens)}
              </td>
              <td className="num">{formatUsd(row.costUsd)}</td>
              <td>{row.cache === 'hit' ? <Badge tone="accent">hit</Badge> : <span className="faint">{row.cache ?? '—'}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
