import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { makeLogRecord } from './log-record.fixture';
import type { LogQuery, LogRecord } from './log-types';
import { SqliteLogStore } from './sqlite-log-store';

let dir: string;
let file: string;
let store: SqliteLogStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-log-'));
  file = join(dir, 'switchboard.db');
  store = SqliteLogStore.open(file);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function ids(query: LogQuery): Promise<string[]> {
  return (await store.query(query)).rows.map((row) => row.id);
}

describe('SqliteLogStore round trip', () => {
  it('returns every field exactly as appended', async () => {
    const full = makeLogRecord({
      id: 'req_full',
      keyId: 'key_bob',
      endpoint: 'messages',
      alias: 'smart',
      route: 'workhorse',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      status: 200,
      stream: true,
      latencyMs: 1234.5,
      ttftMs: 310,
      inputTokens: 1500,
      outputTokens: 321,
      cachedTokens: 1024,
      cacheWriteTokens: 64,
      reasoningTokens: 99,
      costUsd: 0.012345,
      cache: 'miss',
      savedUsd: 0.5,
      errorCode: null,
      errorMessage: null,
      attempts: [
        { provider: 'openai', model: 'gpt-5.1', status: 503, latencyMs: 80, error: 'upstream overloaded', outcome: 'fallback' },
        { provider: 'anthropic', model: 'claude-sonnet-4-5', status: 200, latencyMs: 1100, outcome: 'ok' },
      ],
      user: 'alice@example.com',
      metadata: { tier: 'free', team: 'core' },
      requestBody: '{"model":"smart","messages":[{"role":"user","content":"héllo 👋"}]}',
      responseBody: '{"type":"message"}',
    });
    const failed = makeLogRecord({
      id: 'req_failed',
      keyId: null,
      endpoint: 'embeddings',
      route: null,
      provider: null,
      model: null,
      status: 404,
      errorCode: 'model_not_found',
      errorMessage: 'no route or provider named "nope"',
      attempts: [],
      ttftMs: null,
    });
    store.append(full);
    store.append(failed);
    await store.flush();

    expect(await store.get('req_full')).toEqual(full);
    expect(await store.get('req_failed')).toEqual(failed);
    expect(await store.get('req_unknown')).toBeUndefined();
  });

  it('stores a row appended twice with the same id once', async () => {
    const record = makeLogRecord({ id: 'req_twice' });
    store.append(record);
    await store.flush();
    store.append({ ...record, status: 500 });
    await store.flush();
    const page = await store.query({});
    expect(page.rows).toEqual([record]);
  });

  it('lets a read see rows appended just before it, without an explicit flush', async () => {
    const record = makeLogRecord();
    store.append(record);
    expect(await store.get(record.id)).toEqual(record);
  });
});

describe('SqliteLogStore.query filters', () => {
  const t0 = Date.UTC(2025, 0, 10);
  beforeEach(async () => {
    const rows: Partial<LogRecord>[] = [
      { id: 'a', ts: t0 + 1000, route: 'workhorse', provider: 'openai', model: 'gpt-4o', status: 200, keyId: 'k1', alias: 'workhorse', metadata: { project: 'apollo' } },
      { id: 'b', ts: t0 + 2000, route: 'workhorse', provider: 'anthropic', model: 'claude-haiku-4-5', status: 529, keyId: 'k2', alias: 'workhorse', errorMessage: 'Overloaded' },
      { id: 'c', ts: t0 + 3000, route: 'balanced', provider: 'openai', model: 'gpt-4o-mini', status: 429, keyId: 'k1', alias: 'balanced', errorMessage: 'rate limited by 100%_proxy' },
      { id: 'd', ts: t0 + 4000, route: null, provider: 'gemini', model: 'gemini-2.5-flash', status: 201, keyId: null, alias: 'gemini/gemini-2.5-flash', user: 'alice-42' },
    ];
    for (const row of rows) store.append(makeLogRecord(row));
    await store.flush();
  });

  it('lists newest first with no filter', async () => {
    expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
  });

  it('filters by time range, since inclusive and until exclusive', async () => {
    expect(await ids({ since: t0 + 2000, until: t0 + 4000 })).toEqual(['c', 'b']);
  });

  it('filters by route, provider, model and key', async () => {
    expect(await ids({ route: 'workhorse' })).toEqual(['b', 'a']);
    expect(await ids({ provider: 'openai' })).toEqual(['c', 'a']);
    expect(await ids({ provider: 'openai', model: 'gpt-4o-mini' })).toEqual(['c']);
    expect(await ids({ keyId: 'k1' })).toEqual(['c', 'a']);
  });

  it('filters by status class or exact status', async () => {
    expect(await ids({ status: 'ok' })).toEqual(['d', 'a']);
    expect(await ids({ status: 'error' })).toEqual(['c', 'b']);
    expect(await ids({ status: 529 })).toEqual(['b']);
  });

  it('matches text case-insensitively in alias, model, error message, user or metadata, with % and _ taken literally', async () => {
    expect(await ids({ text: 'APOLLO' })).toEqual(['a']);
    expect(await ids({ text: '"project":"apollo"' })).toEqual(['a']);
    expect(await ids({ text: 'alice-4' })).toEqual(['d']);
    expect(await ids({ text: 'overloaded' })).toEqual(['b']);
    expect(await ids({ text: 'GEMINI/' })).toEqual(['d']);
    expect(await ids({ text: 'haiku' })).toEqual(['b']);
    expect(await ids({ text: '100%_p' })).toEqual(['c']);
    expect(await ids({ text: '%' })).toEqual(['c']);
  });

  it('combines filters with AND', async () => {
    expect(await ids({ keyId: 'k1', status: 'error' })).toEqual(['c']);
    expect(await ids({ route: 'balanced', provider: 'anthropic' })).toEqual([]);
  });

  it('rejects a malformed filter with an invalid_request error naming the field', async () => {
    await expect(store.query({ status: 42 })).rejects.toMatchObject({ kind: 'invalid_request', param: 'status' });
    await expect(store.query({ limit: 0 })).rejects.toMatchObject({ kind: 'invalid_request', param: 'limit' });
  });
});

describe('SqliteLogStore.query paging', () => {
  it('pages through 120 rows, many sharing a timestamp, yielding each exactly once, newest first', async () => {
    const base = Date.UTC(2025, 2, 1);
    // Groups of five rows share a millisecond, so the cursor must break ties; rows are appended
    // out of ts order (37 is coprime with 120, so this visits every index once), as requests
    // finish in a different order than they arrive.
    const appended = Array.from({ length: 120 }, (_, i) => makeLogRecord({ ts: base + Math.floor(((i * 37) % 120) / 5) }));
    for (const record of appended) store.append(record);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.query({ limit: 25, ...(cursor ? { cursor } : {}) });
      seen.push(...page.rows.map((row) => row.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);

    // Newest first; among equal timestamps, the row written last comes first.
    const expected = [...appended].reverse().sort((a, b) => b.ts - a.ts).map((record) => record.id);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual(expected);
  });

  it('returns no cursor when the last page is exactly full', async () => {
    for (let i = 0; i < 10; i += 1) store.append(makeLogRecord());
    const page = await store.query({ limit: 10 });
    expect(page.rows).toHaveLength(10);
    expect(page.nextCursor).toBeNull();
  });

  it('defaults to 50 rows a page and never returns more than 500', async () => {
    for (let i = 0; i < 501; i += 1) store.append(makeLogRecord());
    expect((await store.query({})).rows).toHaveLength(50);
    expect((await store.query({ limit: 10_000 })).rows).toHaveLength(500);
  });

  it('keeps filters applied across pages', async () => {
    for (let i = 0; i < 30; i += 1) store.append(makeLogRecord({ provider: i % 3 === 0 ? 'gemini' : 'openai' }));
    const first = await store.query({ provider: 'gemini', limit: 6 });
    const second = await store.query({ provider: 'gemini', limit: 6, cursor: first.nextCursor ?? '' });
    expect([...first.rows, ...second.rows].map((row) => row.provider)).toEqual(Array(10).fill('gemini'));
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not issue', async () => {
    const attempt = store.query({ cursor: 'not-a-cursor' });
    await expect(attempt).rejects.toBeInstanceOf(GatewayError);
    await expect(attempt).rejects.toMatchObject({ kind: 'invalid_request', code: 'invalid_cursor', param: 'cursor' });
  });
});

describe('SqliteLogStore.close', () => {
  it('writes rows still queued, so they are there after reopening', async () => {
    const records = [makeLogRecord(), makeLogRecord(), makeLogRecord()];
    for (const record of records) store.append(record);
    await store.close();

    store = SqliteLogStore.open(file);
    for (const record of records) expect(await store.get(record.id)).toEqual(record);
  });
});
