/**
 * The audit log in SQLite (`audit_log`, migration 009). Changes are rare, so each is one
 * synchronous insert, written before the admin API answers. A failed write (a full disk) is
 * reported on stderr and does not undo or fail the change it describes: that change has
 * already happened, and refusing to tell the caller so would be worse. The table keeps the
 * newest `keep` rows.
 */
import type Database from 'better-sqlite3';
import { withoutSecretShapes } from '../guardrails/without-secrets';
import type { SqliteDatabase } from '../store/database';
import type { AuditAction, AuditEntry, AuditInput, AuditRecorder } from './audit-types';

export interface AuditLogOptions {
  now?: () => number;
  /** Rows kept; older ones are deleted as new ones come. Default 10,000. */
  keep?: number;
  warn?: (message: string) => void;
}

export interface AuditQuery {
  /** Entries older than this `seq` (the previous page's `nextCursor`). */
  before?: number;
  /** Default 50, at most 500. */
  limit?: number;
  /** Only these actions, or a whole family (`key` for every `key.*`). */
  action?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: number | null;
}

interface AuditRow {
  seq: number;
  ts: number;
  actor: string;
  address: string | null;
  client: string | null;
  action: string;
  target: string | null;
  summary: string;
  detail: string | null;
}

const MAX_SUMMARY = 500;
const MAX_CLIENT = 200;
const MAX_TARGET = 400;
const MAX_DETAIL = 16_384;
/** Pruning runs once per this many inserts: one DELETE per insert would cost more than the rows. */
const PRUNE_EVERY = 100;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export class AuditLog implements AuditRecorder {
  private readonly now: () => number;
  private readonly keep: number;
  private readonly warn: (message: string) => void;
  private readonly insert: Database.Statement;
  private readonly prune: Database.Statement<[number]>;
  private sincePrune = 0;

  constructor(
    private readonly db: SqliteDatabase,
    options: AuditLogOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.keep = options.keep ?? 10_000;
    this.warn = options.warn ?? ((message) => process.stderr.write(`${message}\n`));
    this.insert = db.prepare('INSERT INTO audit_log (ts, actor, address, client, action, target, summary, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.prune = db.prepare('DELETE FROM audit_log WHERE seq <= (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1 OFFSET ?)');
  }

  record(input: AuditInput): void {
    const { actor } = input;
    try {
      this.insert.run(
        this.now(),
        actor.kind,
        actor.address ?? null,
        actor.client === undefined ? null : clip(withoutSecretShapes(actor.client), MAX_CLIENT),
        input.action,
        input.target == null ? null : clip(withoutSecretShapes(input.target), MAX_TARGET),
        clip(withoutSecretShapes(input.summary), MAX_SUMMARY),
        input.detail === undefined ? null : detailText(input.detail),
      );
      this.sincePrune += 1;
      if (this.sincePrune >= PRUNE_EVERY) {
        this.sincePrune = 0;
        this.prune.run(this.keep);
      }
    } catch (error) {
      this.warn(`[switchboard] audit log: could not record ${input.action} (${input.summary}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  list(query: AuditQuery = {}): AuditPage {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.before !== undefined) {
      where.push('seq < ?');
      params.push(query.before);
    }
    if (query.action !== undefined) {
      // A family (`key`) or one action (`key.created`); the text is matched literally.
      where.push(query.action.includes('.') ? 'action = ?' : "substr(action, 1, length(?) + 1) = ? || '.'");
      params.push(...(query.action.includes('.') ? [query.action] : [query.action, query.action]));
    }
    const sql = `SELECT * FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    const rows = this.db.prepare<(string | number)[], AuditRow>(sql).all(...params, limit + 1);
    const more = rows.length > limit;
    const entries = (more ? rows.slice(0, limit) : rows).map(toEntry);
    return { entries, nextCursor: more ? entries[entries.length - 1]!.seq : null };
  }
}

function detailText(detail: unknown): string | null {
  try {
    const json = JSON.stringify(detail);
    if (json === undefined) return null;
    // Replaced inside JSON strings, so the detail stays valid JSON.
    const text = withoutSecretShapes(json);
    // Too large to keep whole (a config rewritten from scratch): the summary still says what happened.
    return text.length <= MAX_DETAIL ? text : JSON.stringify({ truncated: true, bytes: text.length });
  } catch {
    return null;
  }
}

function toEntry(row: AuditRow): AuditEntry {
  const actor: AuditEntry['actor'] = { kind: row.actor as AuditEntry['actor']['kind'] };
  if (row.address !== null) actor.address = row.address;
  if (row.client !== null) actor.client = row.client;
  let detail: unknown = null;
  if (row.detail !== null) {
    try {
      detail = JSON.parse(row.detail) as unknown;
    } catch {
      detail = null;
    }
  }
  return { seq: row.seq, ts: row.ts, actor, action: row.action as AuditAction, target: row.target, summary: row.summary, detail };
}
