import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { makeLogRecord } from './log-record.fixture';
import { SqliteLogStore } from './sqlite-log-store';
import { utcDay } from './spend-rollup';

let store: SqliteLogStore;

beforeEach(() => {
  store = new SqliteLogStore(openDatabase(':memory:'), {}, true);
});

afterEach(async () => {
  await store.close();
});

const day1 = Date.UTC(2025, 6, 1, 10);
const day2 = Date.UTC(2025, 6, 2, 23, 59, 59, 999);

describe('spend_daily rollup', () => {
  it('sums requests, errors, tokens and cost per UTC day, key, provider, model and route', async () => {
    const alice = { keyId: 'key_alice', provider: 'openai', model: 'gpt-4o-mini', route: 'balanced' };
    store.append(makeLogRecord({ ...alice, ts: day1, inputTokens: 100, outputTokens: 10, cachedTokens: 40, costUsd: 0.25, savedUsd: 0 }));
    store.append(makeLogRecord({ ...alice, ts: day1 + 1000, inputTokens: 50, outputTokens: 5, cachedTokens: 0, costUsd: 0.5, savedUsd: 0.125 }));
    await store.flush();
    // A later batch adds to the same group rather than creating another row.
    store.append(makeLogRecord({ ...alice, ts: day1 + 2000, status: 502, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, savedUsd: 0 }));
    store.append(makeLogRecord({ ...alice, ts: day2, inputTokens: 7, outputTokens: 3, cachedTokens: 0, costUsd: 1, savedUsd: 0 }));
    store.append(makeLogRecord({ keyId: null, provider: null, model: null, route: null, ts: day2, status: 401, inputTokens: 0, outputTokens: 0, costUsd: 0 }));

    expect(await store.spendByDay()).toEqual([
      { day: '2025-07-01', ...alice, team: null, requests: 3, errors: 1, paid: 2, inputTokens: 150, outputTokens: 15, cachedTokens: 40, costUsd: 0.75, savedUsd: 0.125 },
      { day: '2025-07-02', keyId: null, team: null, provider: null, model: null, route: null, requests: 1, errors: 1, paid: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, savedUsd: 0 },
      { day: '2025-07-02', ...alice, team: null, requests: 1, errors: 0, paid: 1, inputTokens: 7, outputTokens: 3, cachedTokens: 0, costUsd: 1, savedUsd: 0 },
    ]);
  });

  it('counts a charged call as paid whatever its status: a stream cut short is an error that cost money', async () => {
    store.append(makeLogRecord({ ts: day1, status: 200, costUsd: 0.5 }));
    store.append(makeLogRecord({ ts: day1, status: 499, errorCode: 'client_closed', costUsd: 0.25 }));
    store.append(makeLogRecord({ ts: day1, status: 502, costUsd: 0 }));
    store.append(makeLogRecord({ ts: day1, status: 200, cache: 'hit', costUsd: 0, savedUsd: 0.5 }));
    expect((await store.spendByDay()).map(({ requests, errors, paid, costUsd }) => ({ requests, errors, paid, costUsd }))).toEqual([{ requests: 4, errors: 2, paid: 2, costUsd: 0.75 }]);
  });

  it('keeps different keys and models in separate rows and filters by day range and key', async () => {
    store.append(makeLogRecord({ ts: day1, keyId: 'a', model: 'm1', costUsd: 1 }));
    store.append(makeLogRecord({ ts: day1, keyId: 'a', model: 'm2', costUsd: 2 }));
    store.append(makeLogRecord({ ts: day1, keyId: 'b', model: 'm1', costUsd: 4 }));
    store.append(makeLogRecord({ ts: day2, keyId: 'a', model: 'm1', costUsd: 8 }));

    const total = (rows: { costUsd: number }[]): number => rows.reduce((sum, row) => sum + row.costUsd, 0);
    expect(await store.spendByDay()).toHaveLength(4);
    expect(total(await store.spendByDay({ keyId: 'a' }))).toBe(11);
    expect(total(await store.spendByDay({ fromDay: '2025-07-02' }))).toBe(8);
    expect(total(await store.spendByDay({ toDay: '2025-07-01' }))).toBe(7);
    expect(total(await store.spendByDay({ fromDay: '2025-07-01', toDay: '2025-07-01', keyId: 'b' }))).toBe(4);
  });

  it("keeps one key's spend apart by the team it was made for", async () => {
    store.append(makeLogRecord({ ts: day1, keyId: 'a', team: 'ml', costUsd: 1 }));
    store.append(makeLogRecord({ ts: day1 + 1, keyId: 'a', team: 'ml', costUsd: 2 }));
    store.append(makeLogRecord({ ts: day1 + 2, keyId: 'a', team: 'research', costUsd: 4 }));
    store.append(makeLogRecord({ ts: day1 + 3, keyId: 'a', costUsd: 8 }));
    expect((await store.spendByDay()).map((row) => [row.team, row.costUsd])).toEqual([
      [null, 8],
      ['ml', 3],
      ['research', 4],
    ]);
  });

  it('counts a row once even when the same request id is appended twice', async () => {
    const record = makeLogRecord({ ts: day1, costUsd: 3 });
    store.append(record);
    store.append(record);
    await store.flush();
    store.append(record);
    const rows = await store.spendByDay();
    expect(rows.map((row) => [row.requests, row.costUsd])).toEqual([[1, 3]]);
  });

  it('does not count rows that were dropped as unstorable', async () => {
    await store.close();
    store = new SqliteLogStore(openDatabase(':memory:'), { warn: () => undefined }, true);
    store.append(makeLogRecord({ ts: day1, costUsd: 1 }));
    store.append(makeLogRecord({ ts: day1, costUsd: 2, status: Number.NaN }));
    expect((await store.spendByDay()).map((row) => row.costUsd)).toEqual([1]);
  });
});

describe('utcDay', () => {
  it('names the UTC date regardless of the local time zone', () => {
    expect(utcDay(Date.UTC(2025, 0, 31, 23, 59, 59, 999))).toBe('2025-01-31');
    expect(utcDay(Date.UTC(2025, 1, 1, 0, 0, 0, 0))).toBe('2025-02-01');
  });

  it('names the right day for any timestamp, whatever day was asked before', () => {
    // Days of the past, the present and either side of each boundary, in an order that keeps
    // leaving and re-entering the day named last.
    const now = Date.now();
    const cases: [number, string][] = [
      [now, new Date(now).toISOString().slice(0, 10)],
      [Date.UTC(2024, 1, 29, 12), '2024-02-29'],
      [now, new Date(now).toISOString().slice(0, 10)],
      [Date.UTC(2024, 1, 29, 23, 59, 59, 999), '2024-02-29'],
      [Date.UTC(2024, 2, 1), '2024-03-01'],
      [Date.UTC(2024, 1, 29), '2024-02-29'],
      [Date.UTC(2024, 1, 29) - 1, '2024-02-28'],
      [Date.UTC(2024, 1, 29, 0, 0, 0, 1), '2024-02-29'],
      [0, '1970-01-01'],
      [-1, '1969-12-31'],
      [Date.UTC(2024, 1, 29, 6) + 0.5, '2024-02-29'],
      [Date.UTC(2099, 11, 31, 23, 59, 59, 999), '2099-12-31'],
    ];
    for (const [ts, day] of cases) expect(utcDay(ts), String(ts)).toBe(day);
    for (const [ts, day] of [...cases].reverse()) expect(utcDay(ts), String(ts)).toBe(day);
  });

  it('does not answer the cached day for a timestamp no date can hold', () => {
    expect(utcDay(Date.UTC(2025, 0, 1))).toBe('2025-01-01');
    expect(() => utcDay(Number.NaN)).toThrow(RangeError);
    expect(() => utcDay(9e15)).toThrow(RangeError);
    expect(utcDay(Date.UTC(2025, 0, 1, 5))).toBe('2025-01-01');
  });
});
