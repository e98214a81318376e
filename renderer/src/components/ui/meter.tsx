import { formatPercent } from '../../format/format';

/** A labelled horizontal gauge (budgets): warn from `warnAt`, bad at 100%. */
export function Meter({ label, value, max, warnAt = 0.8, valueText }: { label: string; value: number; max: number; warnAt?: number; valueText?: string }) {
  const ratio = max > 0 ? value / max : 0;
  const level = ratio >= 1 ? 'bad' : ratio >= warnAt ? 'warn' : 'ok';
  return (
    <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} aria-valuetext={valueText ?? formatPercent(ratio, 0)} className="meter" data-level={level}>
      <div style={{ width: `${Math.min(100, ratio * 100)}%` }} />
    </div>
  );
}
