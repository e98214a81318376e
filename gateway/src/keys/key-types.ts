import type { BudgetLimits, Limits } from '../limits/limit-types';
import type { KeyIdentity } from '../server/auth';

export type KeyStatus = 'active' | 'expired' | 'revoked';

/** A gateway key as the admin API shows it: everything but the secret. Times are Unix ms. */
export interface KeyRecord {
  id: string;
  name: string;
  /** `sk-sb-` and the first four characters, to recognise the key by. */
  prefix: string;
  user: string | null;
  team: string | null;
  tier: string | null;
  /** Null means every route. */
  allowedRoutes: string[] | null;
  limits: Limits;
  budget: BudgetLimits;
  expiresAt: number | null;
  createdAt: number;
  updatedAt: number;
  rotatedAt: number | null;
  /** Until when the plaintext replaced by the last rotation still works; null when it no longer does. */
  previousValidUntil: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
  status: KeyStatus;
}

/** A new key or a rotated one: the only time the plaintext exists outside the caller. */
export interface IssuedKey {
  key: KeyRecord;
  plaintext: string;
}

/** What `authenticate` returns: the identity the pipeline carries, with the key's policies. */
export type AuthenticatedKey = KeyIdentity & { limits: Limits; budget: BudgetLimits };
