/** Number formats shared by the tray and notifications: US dollars with cents, compact counts. */

/** `$1.23`; amounts under a cent that are not zero show as `<$0.01` rather than a misleading `$0.00`. */
export function formatUsd(amount: number): string {
  if (amount > 0 && amount < 0.01) return '<$0.01';
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** `1,234` requests. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** `45 s`, `3 min`, `2 h` for a duration in ms (rounded, never negative). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}
