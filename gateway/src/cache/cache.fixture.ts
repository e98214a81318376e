/** Test helpers for the cache: throwaway databases and canonical requests/responses. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyUsage } from '../canonical/types';
import type { ChatRequest, ChatResponse } from '../canonical/types';
import { openDatabase, type SqliteDatabase } from '../store/database';

/** A database file in a fresh temp dir; `reopen` opens the same file again, `cleanup` closes all and deletes it. */
export function tempDatabase(): { db: SqliteDatabase; file: string; reopen(): SqliteDatabase; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-cache-'));
  const file = join(dir, 'switchboard.db');
  const opened: SqliteDatabase[] = [];
  const open = (): SqliteDatabase => {
    const db = openDatabase(file);
    opened.push(db);
    return db;
  };
  return {
    db: open(),
    file,
    reopen: open,
    cleanup() {
      for (const db of opened) if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function makeRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'workhorse',
    system: [{ type: 'text', text: 'You are the support bot of Acme.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: "What's our refund policy?" }] }],
    stream: false,
    streamUsage: false,
    ...overrides,
  };
}

export function makeResponse(text = 'Refunds within 30 days.', overrides: Partial<ChatResponse> = {}): ChatResponse {
  return {
    id: 'msg_1',
    model: 'claude-haiku-4-5',
    content: [{ type: 'text', text }],
    finishReason: 'stop',
    usage: { ...emptyUsage(), inputTokens: 12, outputTokens: 7 },
    ...overrides,
  };
}

/** A manual clock for TTL tests. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance(ms: number): void } {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}
