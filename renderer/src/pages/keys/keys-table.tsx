import type { GatewayKeyDto } from '../../api/contract';
import { Badge } from '../../components/ui/page-header';
import { formatNumber, formatRelative, formatUsd } from '../../format/format';
import { keyStatus } from './key-form-model';

function limitsText(key: GatewayKeyDto): string {
  const parts = [key.limits?.rpm ? `${formatNumber(key.limits.rpm)} rpm` : null, key.limits?.tpm ? `${formatNumber(key.limits.tpm)} tpm` : null, key.limits?.concurrent ? `${key.limits.concurrent} at once` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'No limits';
}

function budgetText(key: GatewayKeyDto): string {
  const parts = [key.budget?.hourlyUsd ? `${formatUsd(key.budget.hourlyUsd)}/hour` : null, key.budget?.dailyUsd ? `${formatUsd(key.budget.dailyUsd)}/day` : null, key.budget?.weeklyUsd ? `${formatUsd(key.budget.weeklyUsd)}/week` : null, key.budget?.monthlyUsd ? `${formatUsd(key.budget.monthlyUsd)}/month` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'No budget';
}

export function KeysTable({ keys, now, onEdit, onRotate, onRevoke }: { keys: readonly GatewayKeyDto[]; now: number; onEdit(key: GatewayKeyDto): void; onRotate(key: GatewayKeyDto): void; onRevoke(key: GatewayKeyDto): void }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Gateway keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Limits</th>
            <th scope="col">Budget</th>
            <th scope="col" className="num">Spend this month</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const status = keyStatus(key, now);
            return (
              <tr key={key.id} data-testid="key-row">
                <td>
                  <strong>{key.name}</strong>
                  {key.user || key.team ? <div className="muted">{[key.user, key.team].filter(Boolean).join(' · ')}</div> : null}
                  {key.allowedRoutes && key.allowedRoutes.length > 0 ? <div className="faint mono">{key.allowedRoutes.join(', ')}</div> : null}
                </td>
                <td className="mono">{key.prefix}</td>
                <td>{limitsText(key)}</td>
                <td>{budgetText(key)}</td>
                <td className="num">{formatUsd(key.spendMonthUsd ?? 0)}</td>
                <td>{key.lastUsedAt ? formatRelative(key.lastUsedAt, now) : <span className="faint">never</span>}</td>
                <td>{status === 'active' ? <Badge tone="ok">Active</Badge> : status === 'revoked' ? <Badge tone="bad">Revoked</Badge> : <Badge tone="warn">Expired</Badge>}</td>
                <td>
                  {status === 'revoked' ? null : (
                    <div className="row" style={{ justifyContent: 'flex-end', flexWrap: 'nowrap' }}>
                      <button type="button" className="btn btn-secondary btn-sm" onClick={() => onEdit(key)} aria-label={`Edit limits of ${key.name}`}>
                        Limits
                      </button>
                      <button type="button" className="btn btn-ghost btn-sm" onClick={() => onRotate(key)} aria-label={`Rotate ${key.name}`}>
                        Rotate
                      </button>
                      <button type="button" className="btn btn-danger-ghost btn-sm" onClick={() => onRevoke(key)} aria-label={`Revoke ${key.name}`}>
                        Revoke
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
