/** A provider's rate limits per model, as the provider's last answer for it stated them. */
import type { ProviderQuotaDto } from '../../api/contract';
import { Meter } from '../../components/ui/meter';
import { formatNumber, formatRelative } from '../../format/format';

const WINDOWS = [
  ['requests', 'requests'],
  ['tokens', 'tokens'],
  ['input_tokens', 'input tokens'],
  ['output_tokens', 'output tokens'],
] as const;

export function ProviderQuotas({ provider, quotas, now }: { provider: string; quotas: readonly ProviderQuotaDto[]; now: number }) {
  return (
    <section className="stack" style={{ gap: 8 }} aria-label={`Rate limits of ${provider}`}>
      <span className="field-hint">Rate limits left, as each model&apos;s last answer stated them</span>
      {quotas.map((quota) => (
        <div key={quota.model} className="stack" style={{ gap: 4 }}>
          <div className="row-between">
            <span className="mono">{quota.model}</span>
            <span className="muted">{formatRelative(quota.seenAt, now)}</span>
          </div>
          {WINDOWS.map(([name, label]) => {
            const window = quota.windows[name];
            if (!window) return null;
            const left = `${formatNumber(window.remaining)}${window.limit === null ? '' : ` of ${formatNumber(window.limit)}`} ${label} left`;
            const text = window.resetAt === null ? left : `${left}, refills ${formatRelative(window.resetAt, now)}`;
            return (
              <div key={name} className="stack" style={{ gap: 2 }}>
                {window.limit !== null ? <Meter label={`${quota.model} ${label} used`} value={window.limit - window.remaining} max={window.limit} valueText={text} /> : null}
                <span className="field-hint">{text}</span>
              </div>
            );
          })}
        </div>
      ))}
    </section>
  );
}
