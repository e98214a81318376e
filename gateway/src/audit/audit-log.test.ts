import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { AuditLog } from './audit-log';
import type { AuditInput } from './audit-types';

const admin = { kind: 'admin-api', address: '127.0.0.1', client: 'curl/8.5.0' } as const;
const entry = (n: number, action: AuditInput['action'] = 'key.created'): AuditInput => ({ actor: admin, action, target: `key_${n}`, summary: `key ${n}` });

function open(options: ConstructorParameters<typeof AuditLog>[1] = {}) {
  const db = openDatabase(':memory:');
  let clock = 1_000;
  const warnings: string[] = [];
  const log = new AuditLog(db, { now: () => (clock += 1), warn: (line) => warnings.push(line), ...options });
  return { db, log, warnings };
}

describe('AuditLog', () => {
  it('lists entries newest first, with who, what and when', () => {
    const { log } = open();
    log.record({ actor: admin, action: 'credential.stored', target: 'openai', summary: 'Credential "openai" stored', detail: { lastFour: 'abcd' } });
    log.record({ actor: { kind: 'config-file' }, action: 'config.applied', summary: 'v2: server.logBodies: false → true' });
    const { entries, nextCursor } = log.list();
    expect(nextCursor).toBeNull();
    expect(entries).toEqual([
      { seq: 2, ts: 1_002, actor: { kind: 'config-file' }, action: 'config.applied', target: null, summary: 'v2: server.logBodies: false → true', detail: null },
      { seq: 1, ts: 1_001, actor: admin, action: 'credential.stored', target: 'openai', summary: 'Credential "openai" stored', detail: { lastFour: 'abcd' } },
    ]);
  });

  it('pages with the cursor and filters by action or by family', () => {
    const { log } = open();
    for (let n = 1; n <= 5; n++) log.record(entry(n, n % 2 === 0 ? 'key.revoked' : 'key.created'));
    log.record({ actor: admin, action: 'cache.purged', summary: 'purged' });
    const first = log.list({ limit: 4 });
    expect(first.entries.map((e) => e.seq)).toEqual([6, 5, 4, 3]);
    const second = log.list({ limit: 4, before: first.nextCursor ?? undefined });
    expect(second.entries.map((e) => e.seq)).toEqual([2, 1]);
    expect(second.nextCursor).toBeNull();
    expect(log.list({ action: 'key.revoked' }).entries.map((e) => e.target)).toEqual(['key_4', 'key_2']);
    expect(log.list({ action: 'key' }).entries).toHaveLength(5);
    // A family is matched as a whole word: `ke` is not `key`.
    expect(log.list({ action: 'ke' }).entries).toHaveLength(0);
  });

  it('keeps only the newest rows', () => {
    const { log, db } = open({ keep: 150 });
    for (let n = 1; n <= 300; n++) log.record(entry(n));
    const count = db.prepare('SELECT COUNT(*) AS n, MIN(seq) AS oldest FROM audit_log').get() as { n: number; oldest: number };
    // Pruned every 100 inserts, so at most 99 more than `keep` are ever held.
    expect(count).toEqual({ n: 150, oldest: 151 });
  });

  it('clips what the caller controls, and keeps a huge detail as its size', () => {
    const { log } = open();
    log.record({ actor: { kind: 'admin-api', client: 'x'.repeat(5_000) }, action: 'key.updated', target: 't'.repeat(5_000), summary: 's'.repeat(5_000), detail: { big: 'd'.repeat(50_000) } });
    const [stored] = log.list().entries;
    expect(stored?.actor.client).toHaveLength(200);
    expect(stored?.target).toHaveLength(400);
    expect(stored?.summary).toHaveLength(500);
    expect(stored?.detail).toEqual({ truncated: true, bytes: expect.any(Number) });
  });

  it('keeps no key that reaches it from outside text, such as a key pasted as a YAML name', () => {
    const { log } = open();
    const pasted = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd';
    log.record({ actor: { kind: 'config-file' }, action: 'config.refused', summary: `Hand edit refused: providers.${pasted}: unknown key`, detail: { issues: [{ path: `providers.${pasted}`, message: 'unknown key' }] } });
    const [stored] = log.list().entries;
    expect(JSON.stringify(stored)).not.toContain(pasted);
    expect(stored?.summary).toBe('Hand edit refused: providers.[secret]: unknown key');
    expect(stored?.detail).toEqual({ issues: [{ path: 'providers.[secret]', message: 'unknown key' }] });
  });

  it('keeps no key a script put in its User-Agent', () => {
    const { log } = open();
    const key = 'sk-sb-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    log.record({ actor: { kind: 'admin-api', client: `my-script/1.0 (${key})` }, action: 'cache.purged', summary: 'purged' });
    expect(log.list().entries[0]?.actor.client).toBe('my-script/1.0 ([secret])');
  });

  it('reports a failed write instead of failing the change it describes', () => {
    const { log, db, warnings } = open();
    db.exec('DROP TABLE audit_log');
    expect(() => log.record(entry(1))).not.toThrow();
    expect(warnings).toEqual([expect.stringContaining('could not record key.created (key 1)')]);
  });
});
