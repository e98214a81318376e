import { describe, expect, it } from 'vitest';
import { compileLogQuery } from '../log-query';
import { makeLogRecord } from '../log-record.fixture';
import type { LogQuery } from '../log-types';
import { SqliteLogStore } from '../sqlite-log-store';
import type { SqliteDatabase } from '../database';
import { migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-013-');

function planFor(db: SqliteDatabase, query: LogQuery): string {
  const { sql, params } = compileLogQuery(query);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((row) => row.detail).join(' | ');
}

/** Entries in an index, counted through it. */
const entries = (db: SqliteDatabase, index: string, column: string): number =>
  db.prepare(`SELECT count(*) FROM request_log INDEXED BY ${index} WHERE ${column} IS NOT NULL`).pluck().get() as number;

describe('migration 013: filter indexes over the rows their filter can return', () => {
  it('leaves rows without a route, provider or key out of those indexes, and each filter still reads its index in order', async () => {
    const db = open();
    const store = new SqliteLogStore(db);
    store.append(makeLogRecord({ id: 'req_call', ts: 1, route: 'fast', provider: 'openai', model: 'gpt-4o-mini', keyId: 'key_a' }));
    store.append(makeLogRecord({ id: 'req_hit', ts: 2, route: 'fast', provider: null, model: 'gpt-4o-mini', keyId: 'key_a', cache: 'hit' }));
    store.append(makeLogRecord({ id: 'req_direct', ts: 3, route: null, provider: 'openai', model: 'gpt-4o', keyId: null }));
    await store.flush();
    expect(entries(db, 'request_log_route', 'route')).toBe(2);
    expect(entries(db, 'request_log_provider_model', 'provider')).toBe(2);
    expect(entries(db, 'request_log_key', 'key_id')).toBe(2);
    const ids = async (query: LogQuery): Promise<string[]> => (await store.query(query)).rows.map((row) => row.id);
    expect(await ids({ route: 'fast' })).toEqual(['req_hit', 'req_call']);
    expect(await ids({ provider: 'openai' })).toEqual(['req_direct', 'req_call']);
    expect(await ids({ provider: 'openai', model: 'gpt-4o' })).toEqual(['req_direct']);
    expect(await ids({ keyId: 'key_a' })).toEqual(['req_hit', 'req_call']);
    for (const [query, index] of [
      [{ route: 'fast' }, 'request_log_route'],
      [{ provider: 'openai', model: 'gpt-4o' }, 'request_log_provider_model'],
      [{ keyId: 'key_a' }, 'request_log_key'],
    ] as const) {
      const plan = planFor(db, query);
      expect(plan).toContain(`INDEX ${index}`);
      expect(plan).not.toContain('TEMP B-TREE');
    }
    // A provider alone reads its rows through the index and sorts them, as before (model sits between).
    expect(planFor(db, { provider: 'openai' })).toContain('INDEX request_log_provider_model');
    await store.close();
  });
});
