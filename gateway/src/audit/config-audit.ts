/**
 * Records every config change in the audit log: a save through the admin API (with who made
 * it), a hand edit of the file that was applied, and one that was refused (with why: the old
 * config kept serving, which is worth knowing when a tool starts failing).
 */
import type { ConfigManager } from '../config/config-manager';
import type { AuditActor, AuditRecorder } from './audit-types';
import { configChanges } from './config-changes';

const FILE: AuditActor = { kind: 'config-file' };

/** Subscribes `audit` to `config`'s changes; returns the unsubscribe. */
export function connectConfigAudit(config: Pick<ConfigManager, 'subscribe' | 'path'>, audit: AuditRecorder): () => void {
  return config.subscribe((event) => {
    if (event.type === 'rejected') {
      audit.record({ actor: FILE, action: 'config.refused', target: null, summary: `Hand edit refused, the config in use keeps serving: ${event.error.summary()}`, detail: { path: config.path, issues: event.error.issues } });
      return;
    }
    // A refused edit undone: the config in use never changed.
    if (event.previous === event.config) return;
    const { summary, changes, more } = configChanges(event.previous, event.config);
    audit.record({
      actor: event.origin ?? FILE,
      action: 'config.applied',
      target: null,
      summary: `v${event.version}: ${summary}`,
      detail: more > 0 ? { version: event.version, changes, more } : { version: event.version, changes },
    });
  });
}
