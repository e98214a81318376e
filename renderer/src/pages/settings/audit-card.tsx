/** The audit log on the Settings page: who changed the gateway's setup, what, and when. */
import type { AuditEntryDto } from '../../api/contract';
import { ErrorBanner, SkeletonBlock } from '../../components/ui/feedback';
import { Card } from '../../components/ui/page-header';
import { formatRelative } from '../../format/format';
import { useLoadOnMount, useRefreshOn } from '../../hooks/use-page-data';
import { useAppStore } from '../../store';
import type { AuditFilter } from '../../store/audit-slice';

const FILTERS: ReadonlyArray<{ value: AuditFilter; label: string }> = [
  { value: '', label: 'Every change' },
  { value: 'config', label: 'Config' },
  { value: 'key', label: 'Gateway keys' },
  { value: 'credential', label: 'Credentials' },
  { value: 'cache', label: 'Cache' },
  { value: 'breaker', label: 'Circuit breakers' },
  { value: 'gateway', label: 'Pause and resume' },
];

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Who made a change, in words: the app, a browser, a script (by its User-Agent), or a hand edit. */
export function describeActor(actor: AuditEntryDto['actor']): string {
  if (actor.kind === 'config-file') return 'Config file, edited by hand';
  if (actor.kind === 'app') return 'Switchboard app';
  const client = actor.client ?? '';
  const who = /Electron\//.test(client) ? 'Switchboard app' : /Mozilla\//.test(client) ? 'Browser' : client ? client.split(/\s/)[0]! : 'Admin API';
  return actor.address && !LOOPBACK.has(actor.address) ? `${who} from ${actor.address}` : who;
}

export function AuditCard() {
  const { entries, nextCursor, filter, loading, error, unavailable, load, loadOlder } = useAppStore((s) => s.audit);
  const configApplied = useAppStore((s) => s.live.configApplied);
  useLoadOnMount(load);
  useRefreshOn(configApplied, load, 300);
  if (unavailable) return null;

  return (
    <Card
      title="Audit log"
      description="Every change to this gateway’s setup: config saves and hand edits, gateway keys, credentials, cache purges, breaker resets, pauses. Secret values are never recorded."
      actions={
        <>
          <label className="visually-hidden" htmlFor="audit-filter">
            Show
          </label>
          <select id="audit-filter" className="select" style={{ width: 'auto' }} value={filter} onChange={(e) => void load(e.target.value as AuditFilter)}>
            {FILTERS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => void load()} disabled={loading}>
            Refresh
          </button>
        </>
      }
    >
      {error ? <ErrorBanner message={error} onRetry={() => void load()} /> : null}
      {loading && entries.length === 0 ? <SkeletonBlock lines={3} label="Loading the audit log" /> : null}
      {!loading && !error && entries.length === 0 ? <p className="muted">No changes recorded{filter === '' ? ' yet' : ' of this kind'}.</p> : null}
      {entries.length > 0 ? (
        <div className="table-wrap">
          <table className="table" aria-label="Audit log">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq} data-testid="audit-row">
                  <td title={new Date(entry.ts).toLocaleString()}>{formatRelative(entry.ts)}</td>
                  <td title={entry.actor.client}>{describeActor(entry.actor)}</td>
                  <td>
                    <span className="mono faint">{entry.action}</span> {entry.summary}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {nextCursor !== null ? (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void loadOlder()} disabled={loading}>
          Show older changes
        </button>
      ) : null}
    </Card>
  );
}
