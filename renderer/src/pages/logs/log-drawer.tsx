/** The request detail drawer: summary, tokens and cost, attempt waterfall, headers, bodies and a replay. */
import type { LogRowDto } from '../../api/contract';
import { ErrorBanner, SkeletonBlock } from '../../components/ui/feedback';
import { Drawer } from '../../components/ui/overlays';
import { AttemptWaterfall } from '../../components/ui/waterfall';
import { clientApp } from '../../format/client-app';
import { formatMs, formatNumber, formatTime, formatUsd } from '../../format/format';
import { loggedHeaders, prettyBody, switchboardHeaders } from './log-headers';
import { useAppStore } from '../../store';
import { StatusBadge } from './log-table';
import { ReplaySection } from './replay-section';

function HeaderTable({ headers, label }: { headers: Array<[string, string]>; label: string }) {
  return (
    <table className="table" aria-label={label}>
      <tbody>
        {headers.map(([name, value]) => (
          <tr key={name}>
            <td className="mono muted" style={{ width: '45%' }}>
              {name}
            </td>
            <td className="mono">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who answered: the provider and model, or for a cache hit the cache and the model that wrote the answer. */
function servedBy(row: LogRowDto): string {
  if (row.provider) return `${row.provider}/${row.model}`;
  if (row.cache === 'hit') return row.model ? `the cache (answer from ${row.model})` : 'the cache';
  return '—';
}

/** A gateway key by its name, with the id beside it; the master key and open access by what they are. */
function KeyName({ id }: { id: string | null }) {
  const key = useAppStore((s) => (id === null ? undefined : s.keys.items.find((item) => item.id === id)));
  if (id === null) return <span className="muted">none</span>;
  if (id === 'master') return <span>master key</span>;
  return key ? (
    <>
      {key.name} <span className="mono muted">{id}</span>
    </>
  ) : (
    <span className="mono">{id}</span>
  );
}

function Detail({ row }: { row: LogRowDto }) {
  const requestHeaders = loggedHeaders(row);
  return (
    <>
      <dl className="facts">
        <dt>Time</dt>
        <dd>{formatTime(row.ts, 0)}</dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={row.status} /> {row.errorCode ? <span className="mono muted">{row.errorCode}</span> : null}
        </dd>
        <dt>Model asked</dt>
        <dd className="mono">{row.alias}</dd>
        <dt>Route</dt>
        <dd className="mono">{row.route ?? '—'}</dd>
        <dt>Served by</dt>
        <dd className="mono">{servedBy(row)}</dd>
        <dt>Endpoint</dt>
        <dd>
          {row.endpoint}
          {row.stream ? ' · streamed' : ''}
        </dd>
        <dt>Latency</dt>
        <dd>
          {formatMs(row.latencyMs)}
          {row.ttftMs !== null ? <span className="muted"> · first token {formatMs(row.ttftMs)}</span> : null}
          {row.overheadMs != null ? <span className="muted"> · Switchboard's own {formatMs(row.overheadMs)}</span> : null}
        </dd>
        <dt>Gateway key</dt>
        <dd>
          <KeyName id={row.keyId} />
        </dd>
        {row.team ? (
          <>
            <dt>Team</dt>
            <dd>{row.team}</dd>
          </>
        ) : null}
        {row.client ? (
          <>
            <dt>App</dt>
            <dd>
              {clientApp(row.client)} <span className="muted mono">{row.client}</span>
            </dd>
          </>
        ) : null}
        {row.user ? (
          <>
            <dt>User</dt>
            <dd>{row.user}</dd>
          </>
        ) : null}
      </dl>
      {row.errorMessage ? <ErrorBanner message={row.errorMessage} /> : null}
      <section className="stack" aria-labelledby="detail-usage">
        <h3 id="detail-usage">Tokens and cost</h3>
        <dl className="token-grid">
          {(
            [
              ['Input', formatNumber(row.inputTokens)],
              ['Output', formatNumber(row.outputTokens)],
              ['Cached input', formatNumber(row.cachedTokens)],
              ['Cache writes', formatNumber(row.cacheWriteTokens)],
              ['Reasoning', formatNumber(row.reasoningTokens)],
              ['Cost', formatUsd(row.costUsd)],
              ['Cache', row.cache ?? '—'],
              ['Saved', formatUsd(row.savedUsd)],
            ] as const
          ).map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="stack" aria-labelledby="detail-attempts">
        <h3 id="detail-attempts">Attempts</h3>
        <AttemptWaterfall attempts={row.attempts} totalMs={row.latencyMs} />
      </section>
      <section className="stack" aria-labelledby="detail-headers">
        <h3 id="detail-headers">Headers</h3>
        {requestHeaders.length > 0 ? <HeaderTable headers={requestHeaders} label="Request headers" /> : null}
        <HeaderTable headers={switchboardHeaders(row)} label="Response headers" />
        <p className="field-hint">Only allow-listed headers are logged; credentials never are.</p>
      </section>
      {row.metadata && Object.keys(row.metadata).length > 0 ? (
        <section className="stack" aria-labelledby="detail-metadata">
          <h3 id="detail-metadata">Metadata</h3>
          <HeaderTable headers={Object.entries(row.metadata)} label="Metadata" />
        </section>
      ) : null}
      <ReplaySection key={row.id} row={row} />
      <section className="stack" aria-labelledby="detail-bodies">
        <h3 id="detail-bodies">Bodies</h3>
        {row.requestBody === null && row.responseBody === null ? (
          <p className="muted">Bodies are not stored. Turn on “Log request bodies” in Settings to keep them (prompts included).</p>
        ) : (
          <>
            <span className="field-label">Request</span>
            <pre className="body-view" aria-label="Request body">
              {row.requestBody === null ? '—' : prettyBody(row.requestBody)}
            </pre>
            <span className="field-label">Response</span>
            <pre className="body-view" aria-label="Response body">
              {row.responseBody === null ? '—' : prettyBody(row.responseBody)}
            </pre>
          </>
        )}
      </section>
    </>
  );
}

export function LogDrawer({ id, row, loading, error, onClose }: { id: string; row: LogRowDto | null; loading: boolean; error: string | null; onClose(): void }) {
  return (
    <Drawer title="Request" subtitle={<span className="mono">{id}</span>} onClose={onClose}>
      {error ? <ErrorBanner message={error} /> : null}
      {row ? <Detail row={row} /> : loading ? <SkeletonBlock lines={8} label="Loading request" /> : null}
    </Drawer>
  );
}
