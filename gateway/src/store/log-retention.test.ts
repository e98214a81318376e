import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../config/load';
import { makeLogRecord } from './log-record.fixture';
import { LogRetention } from './log-retention';
import { SqliteLogStore } from './sqlite-log-store';
import { WriteGate } from './write-gate';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 6);

describe('LogRetention', () => {
  const open: LogRetention[] = [];
  afterEach(() => {
    for (const retention of open.splice(0)) retention.close();
  });
  const retain = (store: SqliteLogStore, retentionMs: number | undefined, gate?: WriteGate) => {
    const retention = new LogRetention(store, { retentionMs: () => retentionMs, now: () => NOW, gate });
    open.push(retention);
    return retention;
  };
  const storeWith = async (ages: number[]) => {
    const store = SqliteLogStore.open(':memory:');
    for (const age of ages) store.append(makeLogRecord({ ts: NOW - age, costUsd: 0.01 }));
    await store.flush();
    return store;
  };
  const stored = async (store: SqliteLogStore) => (await store.query({ limit: 10_000 })).rows.map((row) => NOW - row.ts);
  const swept = async (retention: LogRetention) => vi.waitFor(() => expect(retention.busy).toBe(false));

  it('removes the rows older than the retention, oldest first, and keeps the rest and the spend rollup', async () => {
    const store = await storeWith([40 * DAY, 31 * DAY, 29 * DAY, 1 * DAY, 0]);
    const spendBefore = await store.spendByDay();
    const retention = retain(store, 30 * DAY);
    retention.sweep();
    await swept(retention);
    expect(await stored(store)).toEqual([0, 1 * DAY, 29 * DAY]);
    // The charts' daily totals keep their history.
    expect(await store.spendByDay()).toEqual(spendBefore);
    await store.close();
  });

  it('goes through a large backlog in slices, one per event-loop turn', async () => {
    const store = await storeWith(Array.from({ length: 3000 }, (_, i) => 10 * DAY + i));
    const deletes = vi.spyOn(store, 'deleteOlderThan');
    const retention = retain(store, DAY);
    retention.sweep();
    // The first slice ran at once and left the rest for later turns.
    expect(deletes).toHaveBeenCalledTimes(1);
    expect(retention.busy).toBe(true);
    await swept(retention);
    expect(deletes.mock.calls.length).toBeGreaterThan(1);
    expect(await stored(store)).toEqual([]);
    await store.close();
  });

  it('keeps every row without a retention, and waits while a checkpoint holds background writes', async () => {
    const store = await storeWith([400 * DAY]);
    retain(store, undefined).sweep();
    expect(await stored(store)).toEqual([400 * DAY]);
    const gate = new WriteGate();
    gate.close();
    const retention = retain(store, DAY, gate);
    retention.sweep();
    expect(await stored(store)).toEqual([400 * DAY]);
    gate.open();
    await swept(retention);
    expect(await stored(store)).toEqual([]);
    await store.close();
  });

  it('is configured as server.logRetention, at least an hour', () => {
    expect(parseConfig('server: { logRetention: 30d }').server.logRetention).toBe(30 * DAY);
    expect(parseConfig('server: {}').server.logRetention).toBeUndefined();
    expect(() => parseConfig('server: { logRetention: 10m }')).toThrow(/keep the log at least 1h/);
  });
});
