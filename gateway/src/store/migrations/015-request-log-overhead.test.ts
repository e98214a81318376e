import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../database';
import { makeLogRecord } from '../log-record.fixture';
import { SqliteLogStore } from '../sqlite-log-store';
import { migrations } from './index';
import { insertOldLogRows, migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-015-');

describe("migration 015: the log keeps the gateway's own share of each call", () => {
  it('keeps the rows of a version 14 file, with no overhead, and stores that of new ones', async () => {
    const old = open(migrations.slice(0, 14));
    insertOldLogRows(old, 'overhead_ms', [makeLogRecord({ id: 'req_old', ts: 1_000 })]);
    old.close();

    const db = open();
    expect(schemaVersion(db)).toBe(migrations.length);
    const store = new SqliteLogStore(db);
    store.append(makeLogRecord({ id: 'req_new', ts: 2_000, overheadMs: 0.37 }));
    expect((await store.get('req_old'))?.overheadMs).toBeNull();
    expect((await store.get('req_new'))?.overheadMs).toBe(0.37);
    await store.close();
  });
});
