import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import type { SqliteDatabase } from '../store/database';
import { makeLogRecord } from '../store/log-record.fixture';
import { SqliteLogStore } from '../store/sqlite-log-store';
import { SpendDaysCache } from './spend-days-cache';
import { spendByApp } from './stats-queries';

const DAY = 86_400_000;
const TODAY = Date.UTC(2026, 0, 10);
const day = (offset: number) => new Date(TODAY + offset * DAY).toISOString().slice(0, 10);

describe('spend by app, with final days kept', () => {
  let db: SqliteDatabase;
  let logs: SqliteLogStore;
  let cache: SpendDaysCache;
  beforeEach(() => {
    db = openDatabase(':memory:');
    logs = new SqliteLogStore(db);
    cache = new SpendDaysCache((range) => spendByApp(db, range), () => TODAY + 12 * 3_600_000);
  });
  afterEach(async () => {
    await logs.close();
    db.close();
  });

  async function spend(offset: number, client: string | null, costUsd: number): Promise<void> {
    logs.append(makeLogRecord({ ts: TODAY + offset * DAY + 1000, client, costUsd }));
    await logs.flush();
  }

  it('answers what the log holds, for ranges of final days, open days and both', async () => {
    for (let offset = -6; offset <= 0; offset++) {
      await spend(offset, 'claude-cli/2.0.14', 1);
      await spend(offset, null, 0.5);
    }
    for (const [from, to] of [[-6, 0], [-6, -3], [-1, 0], [-4, -1], [-6, 0]] as const) {
      expect(cache.read(day(from), day(to))).toEqual(spendByApp(db, { since: TODAY + from * DAY, until: TODAY + (to + 1) * DAY }));
    }
    expect(cache.read(day(-2), day(-2))).toEqual([{ day: day(-2), group: 'Claude Code', costUsd: 1, paid: 1 }, { day: day(-2), group: 'Unknown', costUsd: 0.5, paid: 1 }]);
  });

  it("shows calls logged later on yesterday and today, which are not final, and keeps earlier days as they were read", async () => {
    await spend(-2, 'curl/8.5.0', 1);
    expect(cache.read(day(-2), day(0))).toHaveLength(1);
    // A call that arrived yesterday may be logged today, when it ends.
    await spend(-1, 'curl/8.5.0', 2);
    await spend(0, 'OpenAI/JS 6.1.0', 3);
    expect(cache.read(day(-2), day(0)).map((r) => [r.day, r.group, r.costUsd])).toEqual([
      [day(-2), 'curl', 1],
      [day(-1), 'curl', 2],
      [day(0), 'OpenAI SDK (JS)', 3],
    ]);
    // No call runs for a day, so the day before yesterday is not read again.
    await spend(-2, 'curl/8.5.0', 100);
    expect(cache.read(day(-2), day(-2)).map((r) => r.costUsd)).toEqual([1]);
  });
});
