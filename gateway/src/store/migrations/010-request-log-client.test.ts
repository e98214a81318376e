import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../database';
import { makeLogRecord } from '../log-record.fixture';
import { SqliteLogStore } from '../sqlite-log-store';
import { migrations } from './index';
import { insertOldLogRows, migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-010-');

describe('migration 010: the log keeps which app made each call', () => {
  it('keeps the rows of a version 9 file, with no app, and stores the app of new ones', async () => {
    const old = open(migrations.slice(0, 9));
    insertOldLogRows(old, 'client', [makeLogRecord({ id: 'req_old', ts: 1_000 })]);
    old.close();

    const db = open();
    expect(schemaVersion(db)).toBe(migrations.length);
    const store = new SqliteLogStore(db);
    store.append(makeLogRecord({ id: 'req_new', ts: 2_000, client: 'claude-cli/2.0.14 (external, cli)' }));
    expect((await store.get('req_old'))?.client).toBeNull();
    expect((await store.get('req_new'))?.client).toBe('claude-cli/2.0.14 (external, cli)');
    expect((await store.query({ text: 'claude-cli' })).rows.map((row) => row.id)).toEqual(['req_new']);
    await store.close();
  });
});
