import { hrefFor, type PageId } from '../../router/hash-route';
import type { LiveStatus } from '../../api/event-stream';
import { Icon } from '../ui/icons';

export const NAV: ReadonlyArray<{ id: PageId; label: string }> = [
  { id: 'overview', label: 'Overview' },
  { id: 'routes', label: 'Routes' },
  { id: 'logs', label: 'Logs' },
  { id: 'cache', label: 'Cache' },
  { id: 'costs', label: 'Costs' },
  { id: 'providers', label: 'Providers & Keys' },
  { id: 'keys', label: 'Gateway keys' },
  { id: 'connect', label: 'Connect' },
  { id: 'settings', label: 'Settings' },
];

const LIVE_LABEL: Record<LiveStatus | 'off', string> = {
  off: 'Live updates off',
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Live updates lost, retrying',
};

export interface SidebarProps {
  current: PageId;
  gatewayUrl: string | null;
  live: LiveStatus | 'off';
  inFlight: number;
}

export function Sidebar({ current, gatewayUrl, live, inFlight }: SidebarProps) {
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="routes" size={15} />
        </span>
        Switchboard
      </div>
      <nav aria-label="Main">
        <ul className="nav">
          {NAV.map((item) => (
            <li key={item.id}>
              <a href={hrefFor(item.id)} aria-current={item.id === current ? 'page' : undefined}>
                <Icon name={item.id} />
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-footer">
        <span className="live-dot" data-status={live} role="status">
          {LIVE_LABEL[live]}
          {live === 'open' && inFlight > 0 ? ` · ${inFlight} in flight` : ''}
        </span>
        {gatewayUrl ? <code>{gatewayUrl}</code> : null}
      </div>
    </aside>
  );
}
