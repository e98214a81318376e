/** The audit log's records: who changed the gateway's setup, what they changed, and when. */

/** Where a change came from: the admin API (the UI, or a script with the admin token), a hand edit of the config file, or the desktop app itself. */
export type AuditActorKind = 'admin-api' | 'config-file' | 'app';

export interface AuditActor {
  kind: AuditActorKind;
  /** The caller's address, for a change made over HTTP. */
  address?: string;
  /** The caller's User-Agent, clipped: tells the UI from curl or a script. */
  client?: string;
}

export const auditActions = [
  'config.applied',
  'config.refused',
  'key.created',
  'key.updated',
  'key.revoked',
  'key.rotated',
  'credential.stored',
  'credential.removed',
  'cache.purged',
  'breaker.reset',
  'gateway.paused',
  'gateway.resumed',
] as const;

export type AuditAction = (typeof auditActions)[number];

export interface AuditInput {
  actor: AuditActor;
  action: AuditAction;
  /** What was changed: a key id, a credential name, a route; none for the config as a whole. */
  target?: string | null;
  /** One line for the list. */
  summary: string;
  /** Structured detail (JSON): the config paths that changed, a key's name. Never a secret value. */
  detail?: unknown;
}

export interface AuditEntry {
  seq: number;
  ts: number;
  actor: AuditActor;
  action: AuditAction;
  target: string | null;
  summary: string;
  detail: unknown;
}

/** Where the admin endpoints and the gateway record changes. */
export interface AuditRecorder {
  record(input: AuditInput): void;
}
