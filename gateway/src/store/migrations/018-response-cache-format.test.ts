import type { ChatResponse } from '../../canonical/types';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../cache/response-cache';
import { makeResponse } from '../../cache/cache.fixture';
import { schemaVersion } from '../database';
import { migrations } from './index';
import { migrationFile } from './migration-file.fixture';

const { open } = migrationFile('switchboard-018-');

describe('migration 018: a cached answer may be kept as its provider wrote it', () => {
  it('keeps the entries of a version 17 file, read as canonical answers', () => {
    const old = open(migrations.slice(0, 17));
    const body = JSON.stringify(makeResponse('Stored before the upgrade.'));
    const now = Date.now();
    old
      .prepare('INSERT INTO response_cache (key, route, scope, response, bytes, cost_usd, created_at, expires_at, last_hit_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run('k', 'workhorse', 'global', body, body.length + 200, 0.001, now, now + 60_000, now);
    old.close();

    const db = open();
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare('SELECT format FROM response_cache WHERE key = ?').get('k')).toEqual({ format: null });
    const after = new ResponseCache(db, { maxBytes: 1024 * 1024, flushIntervalMs: 0, readNative: () => undefined });
    expect((after.get('k')?.response as ChatResponse | undefined)?.content).toEqual([{ type: 'text', text: 'Stored before the upgrade.' }]);
    after.close();
  });
});
