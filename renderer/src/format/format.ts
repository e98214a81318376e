/** Display formatting shared by every page. All functions accept null for "no data" and show "—". */

const DASH = '—';

/** USD with cents, or more precision for the sub-cent amounts single requests cost. */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const abs = Math.abs(value);
  if (abs === 0) return '$0.00';
  if (abs < 0.01) return `$${value.toFixed(abs < 0.0001 ? 6 : 4)}`;
  return value.toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** 0.734 → "73.4%". */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  return `${(ratio * 100).toFixed(digits).replace(/\.0+$/, '')}%`;
}

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  // A gateway's own overhead is a fraction of a millisecond: rounding it to 0 would hide it.
  if (value < 10) return `${Number(value.toFixed(value < 1 ? 2 : 1))} ms`;
  if (value < 1000) return `${Math.round(value)} ms`;
  return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
}

export function formatBytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? size : size.toFixed(size < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "14:03:27" today, else "Mar 3, 14:03". */
export function formatTime(ts: number | null | undefined, now: number = Date.now()): string {
  if (ts === null || ts === undefined) return DASH;
  const date = new Date(ts);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  if (sameDay) return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return date.toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** "just now", "5 min ago", "3 h ago", "2 d ago"; future times as "in 5 min". */
export function formatRelative(ts: number | null | undefined, now: number = Date.now()): string {
  if (ts === null || ts === undefined) return DASH;
  const diff = now - ts;
  const future = diff < 0;
  const seconds = Math.abs(diff) / 1000;
  if (seconds < 45) return future ? 'in a moment' : 'just now';
  const [amount, unit] =
    seconds < 3600 ? [Math.round(seconds / 60), 'min'] : seconds < 86_400 ? [Math.round(seconds / 3600), 'h'] : [Math.round(seconds / 86_400), 'd'];
  return future ? `in ${amount} ${unit}` : `${amount} ${unit} ago`;
}

/** Chart axis label for a bucket start. */
export function formatBucket(ts: number, bucket: 'minute' | 'hour' | 'day'): string {
  const date = new Date(ts);
  if (bucket === 'day') return date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** `1 hit`, `2 hits`: a count with its noun, singular when the count is one. */
export function countOf(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

/** An axis tick in USD: cents are not enough when the whole axis spans a few cents. */
export function formatUsdTick(value: number): string {
  if (value === 0) return '$0';
  // Two significant digits below a dollar: a fixed number of decimals reads "$0.000" on every
  // tick of a chart of small spend.
  return Math.abs(value) < 1 ? `$${value.toLocaleString('en-US', { maximumSignificantDigits: 2 })}` : formatUsd(value);
}
