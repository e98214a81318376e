import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../keys/key-store';
import { BudgetTracker } from '../../limits/budgets';
import { schemaVersion } from '../database';
import { makeLogRecord } from '../log-record.fixture';
import { SqliteLogStore } from '../sqlite-log-store';
import { migrations } from './index';
import { migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-007-');

const today = '2026-03-04';
const now = (): number => Date.parse(`${today}T12:00:00Z`);

describe('migration 007: the spend rollup keeps the team', () => {
  it("gives rows of a version 6 file their key's team at upgrade, keeps every total, and keeps later spend apart by team", async () => {
    const old = open(migrations.slice(0, 6));
    const keys = new KeyStore(old);
    const ml = keys.create({ name: 'in-ml', team: 'ml' }).key.id;
    const loner = keys.create({ name: 'no-team' }).key.id;
    keys.close();
    const insert = old.prepare<[{ day: string; key: string; requests: number; cost: number }]>(
      `INSERT INTO spend_daily (day, key_id, provider, model, route, requests, cost_usd) VALUES (@day, @key, 'openai', 'gpt-4o-mini', 'gpt', @requests, @cost)`,
    );
    const row = (key: string, requests: number, cost: number): void => void insert.run({ day: today, key, requests, cost });
    row(ml, 3, 1.5);
    row(loner, 1, 0.25);
    row('key_deleted', 2, 0.5); // a key the store no longer has
    row('', 1, 0.125); // no key (auth open on loopback)
    old.close();

    const db = open();
    expect(schemaVersion(db)).toBe(migrations.length);
    const store = new SqliteLogStore(db);
    const byKey = Object.fromEntries((await store.spendByDay()).map((day) => [day.keyId ?? '', [day.team, day.requests, day.costUsd]]));
    expect(byKey).toEqual({
      '': [null, 1, 0.125],
      key_deleted: [null, 2, 0.5],
      [loner]: [null, 1, 0.25],
      [ml]: ['ml', 3, 1.5],
    });

    // The same key, now in research, adds a row of its own; ml keeps what it had.
    store.append(makeLogRecord({ ts: now(), keyId: ml, team: 'research', route: 'gpt', costUsd: 2 }));
    const budgets = await BudgetTracker.open(store, { budgets: () => ({}), now });
    expect(budgets.spent('team:ml', 'daily')).toBe(1.5);
    expect(budgets.spent('team:research', 'daily')).toBe(2);
    expect(budgets.spent(`key:${ml}`, 'daily')).toBe(3.5);
    await store.close();
  });
});
