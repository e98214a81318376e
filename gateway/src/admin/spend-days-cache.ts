/**
 * Spend summed from the log (by app, by a metadata field) for the Costs page, which refreshes
 * every few seconds while it is open. Summing the log for 30 days of a large log takes tens to
 * hundreds of milliseconds on the event loop (docs/architecture.md has the figures), so a day's
 * sums are kept once the day is final and only the days that can still change are read again.
 *
 * A row's `ts` is when the call arrived and it is written when the call ends, so a day can still
 * gain rows after midnight; no call runs for a day, so every day before yesterday (UTC) is final.
 * Rows are never updated. `server.logRetention` deletes whole old days; a final day already summed
 * here keeps its sums until restart, which only shows more of the past than the log still holds.
 */
import { utcDay } from '../store/spend-rollup';
import type { LogSpendDay } from './stats-queries';

const DAY_MS = 86_400_000;
/** Final days kept; the Costs page asks for 90 at most. */
const MAX_DAYS = 400;

export class SpendDaysCache {
  private readonly finalDays = new Map<string, LogSpendDay[]>();

  constructor(
    /** Sums the log over `since` ≤ ts < `until` (unix ms; whole UTC days). */
    private readonly sum: (range: { since: number; until: number }) => LogSpendDay[],
    private readonly now: () => number = Date.now,
  ) {}

  /** Spend per day and group from `fromDay` to `toDay` (UTC dates, inclusive), oldest day first. */
  read(fromDay: string, toDay: string): LogSpendDay[] {
    const since = Date.parse(fromDay);
    const until = Date.parse(toDay) + DAY_MS;
    const firstOpenDay = Math.floor(this.now() / DAY_MS) * DAY_MS - DAY_MS;
    const finalUntil = Math.min(until, Math.max(since, firstOpenDay));
    if (this.finalDays.size > MAX_DAYS) this.finalDays.clear();

    // One query over the final days not kept yet (from the first missing one), one for the rest.
    let missing = -1;
    for (let t = since; t < finalUntil; t += DAY_MS) {
      if (!this.finalDays.has(utcDay(t))) {
        missing = t;
        break;
      }
    }
    if (missing >= 0) this.keep(missing, finalUntil, this.sum({ since: missing, until: finalUntil }));

    const rows: LogSpendDay[] = [];
    for (let t = since; t < finalUntil; t += DAY_MS) rows.push(...(this.finalDays.get(utcDay(t)) ?? []));
    if (finalUntil < until) rows.push(...this.sum({ since: finalUntil, until }));
    return rows;
  }

  private keep(since: number, until: number, rows: LogSpendDay[]): void {
    // Every day is kept, those without spend too, so they are not read again.
    for (let t = since; t < until; t += DAY_MS) this.finalDays.set(utcDay(t), []);
    for (const row of rows) this.finalDays.get(row.day)?.push(row);
  }
}
