/** Budget periods in UTC: a day, an ISO week (Monday to Sunday) and a calendar month. */

export type BudgetPeriod = 'daily' | 'weekly' | 'monthly';

export const budgetPeriods: readonly BudgetPeriod[] = ['daily', 'weekly', 'monthly'];

const DAY_MS = 86_400_000;

/** Unix ms at which the period containing `ts` began. */
export function periodStart(period: BudgetPeriod, ts: number): number {
  const day = Math.floor(ts / DAY_MS) * DAY_MS;
  if (period === 'daily') return day;
  if (period === 'weekly') {
    // getUTCDay: 0 is Sunday; ISO weeks start on Monday.
    const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
    return day - sinceMonday * DAY_MS;
  }
  const date = new Date(ts);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** Unix ms at which the period containing `ts` ends and the next one (a fresh budget) begins. */
export function periodEnd(period: BudgetPeriod, ts: number): number {
  const start = periodStart(period, ts);
  if (period === 'daily') return start + DAY_MS;
  if (period === 'weekly') return start + 7 * DAY_MS;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** `2026-12-01T00:00:00Z`: an ISO instant without the always-zero milliseconds. */
export const isoInstant = (ts: number): string => new Date(ts).toISOString().replace(/\.000Z$/, 'Z');
