/**
 * 002: the response cache (exact entries, semantic vectors, hit/miss counters).
 *
 * `response_cache` holds one canonical ChatResponse (JSON) per exact key, so a hit renders in
 * either client shape, streamed or not. It is an ordinary rowid table, not WITHOUT ROWID:
 * rows carry whole responses, far past the size where WITHOUT ROWID pays off. `bytes` is what
 * the entry counts against `cache.maxBytes` (body, vector and bookkeeping); the indexes serve
 * the expiry sweep, LRU eviction (oldest `last_hit_at` first) and purge/stats by route.
 *
 * `response_cache_vectors` holds the semantic embedding of an entry (Float32 little-endian
 * blob), removed with its entry by the foreign key. `guard` is a hash of everything but the
 * embedded text (alias, system prompt, history, parameters, embedding route), so a paraphrase
 * only matches under the same setup; vectors are loaded per (scope, route).
 *
 * `response_cache_stats` keeps hit/miss/saved counters per route. They are counted in memory
 * and written back every few seconds, so a hit costs no extra write for them.
 */
export const sql = /* sql */ `
CREATE TABLE response_cache (
  key          TEXT PRIMARY KEY NOT NULL,
  route        TEXT NOT NULL,
  scope        TEXT NOT NULL,
  response     TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  cost_usd     REAL NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  last_hit_at  INTEGER NOT NULL,
  hits         INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX response_cache_expires ON response_cache (expires_at);
CREATE INDEX response_cache_lru ON response_cache (last_hit_at);
CREATE INDEX response_cache_route ON response_cache (route);

CREATE TABLE response_cache_vectors (
  key     TEXT PRIMARY KEY NOT NULL REFERENCES response_cache (key) ON DELETE CASCADE,
  scope   TEXT NOT NULL,
  route   TEXT NOT NULL,
  guard   TEXT NOT NULL,
  dims    INTEGER NOT NULL,
  vector  BLOB NOT NULL
);

CREATE INDEX response_cache_vectors_partition ON response_cache_vectors (scope, route);

CREATE TABLE response_cache_stats (
  route      TEXT PRIMARY KEY NOT NULL,
  hits       INTEGER NOT NULL DEFAULT 0,
  misses     INTEGER NOT NULL DEFAULT 0,
  saved_usd  REAL NOT NULL DEFAULT 0
) WITHOUT ROWID;
`;
