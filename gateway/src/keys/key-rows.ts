/** Between `gateway_keys` rows and the records and identities the rest of the gateway sees. */
import type { BudgetLimits, Limits } from '../limits/limit-types';
import type { AuthenticatedKey, KeyRecord, KeyStatus } from './key-types';

export interface KeyRow {
  id: string;
  name: string;
  hash: string;
  prefix: string;
  previous_hash: string | null;
  previous_valid_until: number | null;
  user: string | null;
  team: string | null;
  tier: string | null;
  allowed_routes: string | null;
  limits: string | null;
  budget: string | null;
  expires_at: number | null;
  created_at: number;
  updated_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

export function keyStatus(row: KeyRow, now: number): KeyStatus {
  if (row.revoked_at !== null) return 'revoked';
  if (row.expires_at !== null && row.expires_at <= now) return 'expired';
  return 'active';
}

export function toRecord(row: KeyRow, now: number, pendingLastUsed: number | undefined): KeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    user: row.user,
    team: row.team,
    tier: row.tier,
    allowedRoutes: parseJson<string[]>(row.allowed_routes) ?? null,
    limits: parseJson<Limits>(row.limits) ?? {},
    budget: parseJson<BudgetLimits>(row.budget) ?? {},
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    rotatedAt: row.rotated_at,
    previousValidUntil: row.previous_valid_until !== null && row.previous_valid_until > now ? row.previous_valid_until : null,
    revokedAt: row.revoked_at,
    lastUsedAt: Math.max(row.last_used_at ?? 0, pendingLastUsed ?? 0) || null,
    status: keyStatus(row, now),
  };
}

/** The identity handed to the pipeline on every request; frozen because it is shared. */
export function toIdentity(row: KeyRow): AuthenticatedKey {
  const identity: AuthenticatedKey = {
    id: row.id,
    name: row.name,
    limits: Object.freeze(parseJson<Limits>(row.limits) ?? {}),
    budget: Object.freeze(parseJson<BudgetLimits>(row.budget) ?? {}),
  };
  if (row.user !== null) identity.user = row.user;
  if (row.team !== null) identity.team = row.team;
  if (row.tier !== null) identity.tier = row.tier;
  const routes = parseJson<string[]>(row.allowed_routes);
  if (routes) identity.allowedRoutes = Object.freeze(routes);
  return Object.freeze(identity);
}

/** JSON columns are written only by the KeyStore from zod-validated values, so their shape is trusted. */
function parseJson<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

export const toJson = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
