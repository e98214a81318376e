import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../database';
import { makeLogRecord } from '../log-record.fixture';
import { SqliteLogStore } from '../sqlite-log-store';
import { migrations } from './index';
import { insertOldLogRows, migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-016-');

describe('migration 016: the log keeps the request headers that shaped each call', () => {
  it('keeps the rows of a version 15 file, with no headers, and stores those of new ones', async () => {
    const old = open(migrations.slice(0, 15));
    insertOldLogRows(old, 'request_headers', [makeLogRecord({ id: 'req_old', ts: 1_000 })]);
    old.close();

    const db = open();
    expect(schemaVersion(db)).toBe(migrations.length);
    const store = new SqliteLogStore(db);
    const headers = { 'anthropic-beta': 'interleaved-thinking-2025-05-14,context-1m-2025-08-07', 'x-switchboard-timeout': '30s' };
    store.append(makeLogRecord({ id: 'req_new', ts: 2_000, requestHeaders: headers }));
    expect((await store.get('req_old'))?.requestHeaders).toBeNull();
    expect((await store.get('req_new'))?.requestHeaders).toEqual(headers);
    await store.close();
  });
});
