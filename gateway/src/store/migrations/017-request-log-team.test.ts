import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../database';
import { makeLogRecord } from '../log-record.fixture';
import { SqliteLogStore } from '../sqlite-log-store';
import { migrations } from './index';
import { insertOldLogRows, migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-017-');

describe("migration 017: the log keeps the key's team at the time of each call", () => {
  it('keeps the rows of a version 16 file, their team unknown, and stores the team of new ones', async () => {
    const old = open(migrations.slice(0, 16));
    insertOldLogRows(old, 'team', [makeLogRecord({ id: 'req_old', ts: 1_000, keyId: 'key_a' })]);
    old.close();

    const db = open();
    expect(schemaVersion(db)).toBe(migrations.length);
    const store = new SqliteLogStore(db);
    store.append(makeLogRecord({ id: 'req_ml', ts: 2_000, keyId: 'key_a', team: 'ml' }));
    store.append(makeLogRecord({ id: 'req_none', ts: 3_000, keyId: 'key_b', team: null }));
    expect((await store.get('req_old'))?.team).toBeNull();
    expect((await store.get('req_ml'))?.team).toBe('ml');
    expect((await store.get('req_none'))?.team).toBeNull();
    // A key with no team is told apart from a row that does not know: '' as in the spend rollup.
    expect(db.prepare('SELECT id, team FROM request_log ORDER BY ts').all()).toEqual([
      { id: 'req_old', team: null },
      { id: 'req_ml', team: 'ml' },
      { id: 'req_none', team: '' },
    ]);
    await store.close();
  });
});
