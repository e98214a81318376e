/** GET /audit: the audit log, newest first, with cursor paging; and who an admin request came from. */
import type { Request, Router } from 'express';
import { z } from 'zod';
import type { AuditActor } from '../audit/audit-types';
import type { AuditPageDto } from './api-types';
import type { AdminDeps } from './deps';
import { notAvailable, parseInput } from './http-helpers';

const querySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  action: z
    .string()
    .regex(/^[a-z]+(\.[a-z]+)?$/, 'expected an action (key.created) or a family (key)')
    .optional(),
});

/** The admin caller, as the audit log names it. */
export function actorOf(req: Request): AuditActor {
  const actor: AuditActor = { kind: 'admin-api' };
  const address = req.socket.remoteAddress;
  if (address) actor.address = address;
  const client = req.get('user-agent');
  if (client) actor.client = client;
  return actor;
}

export function registerAuditEndpoints(api: Router, deps: AdminDeps): void {
  api.get('/audit', (req, res) => {
    if (!deps.audit) throw notAvailable('Audit logs');
    const query = parseInput(querySchema, req.query, 'audit query');
    const page: AuditPageDto = deps.audit.list(query);
    res.json(page);
  });
}
