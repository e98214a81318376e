/**
 * Cache scopes: who may be served an answer cached for someone else. The scope string is part
 * of every exact key and partitions the semantic index, so two callers in different scopes can
 * never see each other's entries, whatever their prompts.
 */

export type RouteCacheScope = 'global' | 'key' | 'user';

/** Who is asking, as far as caching is concerned. */
export interface CacheIdentity {
  /** The gateway key's id; null when the gateway runs without auth (open-on-loopback). */
  keyId: string | null;
  /** The user the gateway key belongs to (set by the admin, so trusted). */
  keyUser?: string;
  /** The end user the client names in the request (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
}

/**
 * The scope string for a route's configured scope:
 * - `global` → `global`: one cache for everyone.
 * - `key` → `key:<keyId>` (`anonymous` without auth).
 * - `user` → `user:<keyUser>` when the key has an owner, else the key scope; then, when the
 *   request names an end user, `/end-user:<user>` is appended.
 *
 * The end user a request names is the client's claim, so it only subdivides the owner's (or
 * key's) scope and never stands alone: otherwise a caller with another key could read someone's
 * answers by sending their user id. A `user` scope with no user of either kind falls back to the
 * key scope, never to `global` — caching user-specific content across users is the mistake this
 * exists to prevent. Values are percent-encoded, so no id can imitate a separator.
 */
export function scopeFor(routeScope: RouteCacheScope, identity: CacheIdentity): string {
  if (routeScope === 'global') return 'global';
  const keyScope = identity.keyId === null ? 'anonymous' : `key:${encodeURIComponent(identity.keyId)}`;
  if (routeScope === 'key') return keyScope;
  const owner = present(identity.keyUser) ? `user:${encodeURIComponent(identity.keyUser)}` : keyScope;
  return present(identity.user) ? `${owner}/end-user:${encodeURIComponent(identity.user)}` : owner;
}

const present = (value: string | undefined): value is string => value !== undefined && value !== '';
