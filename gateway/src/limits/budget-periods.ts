/** Budget periods in UTC: an hour, a day, an ISO week (Monday to Sunday) and a calendar month. */

export type BudgetPeriod = 'hourly' | 'daily' | 'weekly' | 'monthly';

export const budgetPeriods: readonly BudgetPeriod[] = ['hourly', 'daily', 'weekly', 'monthly'];

export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Unix ms at which the period containing `ts` began. */
export function periodStart(period: BudgetPeriod, ts: number): number {
  if (period === 'hourly') return Math.floor(ts / HOUR_MS) * HOUR_MS;
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
  if (period === 'hourly') return start + HOUR_MS;
  if (period === 'daily') return start + DAY_MS;
  if (period === 'weekly') return start + 7 * DAY_MS;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** `2026-12-01T00:00:00Z`: an ISO instant without the always-zero milliseconds. */
export const isoInstant = (ts: number): string => new Date(ts).toISOString().replace(/\.000Z$/, 'Z');
