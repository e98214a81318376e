import { describe, expect, it } from 'vitest';
import { schemaVersion, type SqliteDatabase } from '../database';
import { makeLogRecord } from '../log-record.fixture';
import { compileLogQuery } from '../log-query';
import type { LogQuery } from '../log-types';
import { SqliteLogStore } from '../sqlite-log-store';
import { migrations } from './index';
import { insertOldLogRows, migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-006-');

const indexes = (db: SqliteDatabase): string[] =>
  db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'request_log' AND sql IS NOT NULL ORDER BY name`).pluck().all() as string[];

/** How SQLite would run the list query the store builds for `query`. */
function planFor(db: SqliteDatabase, query: LogQuery): string {
  const { sql, params } = compileLogQuery(query);
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[];
  return rows.map((row) => row.detail).join(' | ');
}

const statuses = [200, 502, 200, 429, 201, 502];

describe('migration 006: an index over error rows only', () => {
  it('replaces the status index on a version 5 file and keeps every row findable by status', async () => {
    const old = open(migrations.slice(0, 5));
    expect(indexes(old)).toContain('request_log_status');
    // Log rows as such a file holds them (today's writer would also fill today's spend rollup).
    insertOldLogRows(old, 'client', statuses.map((status, i) => makeLogRecord({ id: `req_${i}`, ts: 1000 + i, status })));
    old.close();

    const db = open();
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(indexes(db)).toContain('request_log_errors');
    expect(indexes(db)).not.toContain('request_log_status');
    const store = new SqliteLogStore(db);
    const ids = async (query: LogQuery): Promise<string[]> => (await store.query(query)).rows.map((row) => row.id);
    expect(await ids({ status: 'error' })).toEqual(['req_5', 'req_3', 'req_1']);
    expect(await ids({ status: 502 })).toEqual(['req_5', 'req_1']);
    expect(await ids({ status: 'ok' })).toEqual(['req_4', 'req_2', 'req_0']);
    expect(await ids({ status: 200 })).toEqual(['req_2', 'req_0']);
    await store.close();
  });

  it('lists errors, and one error status, through the error index in order with no sort', () => {
    const db = open();
    for (const query of [{ status: 'error' }, { status: 503 }, { status: 'error', since: 5 }] as LogQuery[]) {
      const plan = planFor(db, query);
      expect(plan).toContain('INDEX request_log_errors');
      expect(plan).not.toContain('TEMP B-TREE');
    }
    // Successful rows are nearly all rows: the ts index reads them newest first.
    expect(planFor(db, { status: 'ok' })).toContain('INDEX request_log_ts');
  });
});
