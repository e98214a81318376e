/**
 * What a config change changed, for the audit log: the paths (`routes.fast.targets.0.model`),
 * with their values where they are short scalars. The file holds no secrets by design (keys are
 * credential names or env references, and the schema refuses keys in `headers`), but values
 * under headers or anything named like a key, token, secret or password are left out all the same.
 */
import { diffConfig } from '../admin/config-diff';
import type { ConfigChangeDto } from '../admin/api-types';

export interface AuditConfigChange {
  path: string;
  kind: ConfigChangeDto['kind'];
  before?: string | number | boolean | null;
  after?: string | number | boolean | null;
}

/** Paths listed in full; a rewrite of the whole file says how many more there were. */
const MAX_CHANGES = 200;
const MAX_VALUE = 200;
const LISTED_IN_SUMMARY = 4;
const SENSITIVE = /header|key|secret|token|password|auth|credential/i;

type Scalar = string | number | boolean | null;

function shown(value: unknown): Scalar | undefined {
  if (typeof value === 'string') return value.length <= MAX_VALUE ? value : `${value.slice(0, MAX_VALUE - 1)}…`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return undefined;
}

export function configChanges(before: unknown, after: unknown): { summary: string; changes: AuditConfigChange[]; more: number } {
  const all = diffConfig(before, after);
  const changes = all.slice(0, MAX_CHANGES).map((change): AuditConfigChange => {
    const entry: AuditConfigChange = { path: change.path, kind: change.kind };
    // `credential` names a keychain entry; still, nothing named like a secret shows its value.
    if (SENSITIVE.test(change.path) && !/(^|\.)credential$/.test(change.path)) return entry;
    const from = shown(change.before);
    const to = shown(change.after);
    if (from !== undefined) entry.before = from;
    if (to !== undefined) entry.after = to;
    return entry;
  });
  return { summary: summarise(changes, all.length), changes, more: all.length - changes.length };
}

function describe(change: AuditConfigChange): string {
  const path = change.path === '' ? 'the whole config' : change.path;
  if (change.kind === 'changed' && 'before' in change && 'after' in change) return `${path}: ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`;
  return `${path} ${change.kind}`;
}

function summarise(changes: readonly AuditConfigChange[], total: number): string {
  if (total === 0) return 'no effective change (formatting or comments only)';
  const listed = changes.slice(0, LISTED_IN_SUMMARY).map(describe).join('; ');
  const rest = total - Math.min(total, LISTED_IN_SUMMARY);
  return `${total === 1 ? '' : `${total} changes: `}${listed}${rest > 0 ? `; and ${rest} more` : ''}`;
}
