import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../database';
import { makeLogRecord } from '../log-record.fixture';
import { SqliteLogStore } from '../sqlite-log-store';
import { migrations } from './index';
import { migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-008-');

const day = '2026-03-04';

describe('migration 008: the spend rollup counts the calls that were charged', () => {
  it('gives rows of a version 7 file the paid count the stats showed, then counts charged calls of any status', async () => {
    const old = open(migrations.slice(0, 7));
    const insert = old.prepare<[{ route: string; requests: number; errors: number; cost: number }]>(
      `INSERT INTO spend_daily (day, key_id, provider, model, route, requests, errors, cost_usd) VALUES ('${day}', 'k', 'openai', 'gpt-4o-mini', @route, @requests, @errors, @cost)`,
    );
    insert.run({ route: 'spent', requests: 5, errors: 1, cost: 1.5 });
    insert.run({ route: 'free', requests: 3, errors: 1, cost: 0 });
    old.close();

    const db = open();
    expect(schemaVersion(db)).toBe(migrations.length);
    const store = new SqliteLogStore(db);
    const paid = async (): Promise<Record<string, number>> => Object.fromEntries((await store.spendByDay()).map((row) => [row.route ?? '', row.paid]));
    expect(await paid()).toEqual({ spent: 4, free: 0 });

    // A stream the client cut short: a 499 that was charged.
    const base = { ts: Date.parse(`${day}T12:00:00Z`), keyId: 'k', team: null, provider: 'openai', model: 'gpt-4o-mini', route: 'spent' };
    store.append(makeLogRecord({ ...base, status: 499, costUsd: 0.25 }));
    expect(await paid()).toEqual({ spent: 5, free: 0 });
    await store.close();
  });
});
