import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../database';
import { makeLogRecord } from '../log-record.fixture';
import { SqliteLogStore } from '../sqlite-log-store';
import { migrations } from './index';
import { migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-007-');

describe('migration 007: the gateway overhead of each request', () => {
  it('keeps the rows of a version 6 file, with no overhead, and stores it for new rows', async () => {
    const old = open(migrations.slice(0, 6));
    old.prepare(
      `INSERT INTO request_log (id, ts, endpoint, alias, status, stream, latency_ms, input_tokens, output_tokens, cached_tokens,
         cache_write_tokens, reasoning_tokens, cost_usd, saved_usd, attempts)
       VALUES ('req_old', 1000, 'chat', 'workhorse', 200, 0, 10, 0, 0, 0, 0, 0, 0, 0, '[]')`,
    ).run();
    old.close();

    const db = open();
    expect(schemaVersion(db)).toBe(migrations.length);
    const store = new SqliteLogStore(db);
    store.append(makeLogRecord({ id: 'req_new', ts: 2000, overheadMs: 0.37 }));
    expect((await store.get('req_old'))?.overheadMs).toBeNull();
    expect((await store.get('req_new'))?.overheadMs).toBe(0.37);
    await store.close();
  });
});
