/**
 * 004: the response cache indexed by key slot instead of key text.
 *
 * A cache entry used to be found through a TEXT primary key on its 64-character hex key. Keys
 * arrive in random order, so keeping that index up was most of the cost of storing an entry.
 * Entries are now found through `slot`, a 53-bit hash of the key (see cache/key-slot.ts), with
 * a UNIQUE index; the full key is still stored and compared on every read and write, so a
 * collision makes the later key uncached, never served the other's answer. The slot is not
 * the rowid: that would scatter whole rows across the table instead of small index entries
 * (measured slower still); rows keep their append-ordered rowid.
 *
 * `response_cache_vectors` references the entry by slot (a foreign key needs a unique parent
 * column) and, being keyed by it, also carries the key, so a vector is only ever matched to the
 * entry of the same key.
 *
 * The slot is computed in the gateway, not in SQL, so existing entries cannot be carried over:
 * the cache starts empty after this migration (a cache may forget). The hit/miss counters in
 * `response_cache_stats` are kept.
 */
export const sql = /* sql */ `
DROP TABLE response_cache_vectors;
DROP TABLE response_cache;

CREATE TABLE response_cache (
  slot         INTEGER NOT NULL,
  key          TEXT NOT NULL,
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

CREATE UNIQUE INDEX response_cache_slot ON response_cache (slot);
CREATE INDEX response_cache_expires ON response_cache (expires_at);
CREATE INDEX response_cache_lru ON response_cache (last_hit_at);
CREATE INDEX response_cache_route ON response_cache (route);

CREATE TABLE response_cache_vectors (
  slot    INTEGER PRIMARY KEY REFERENCES response_cache (slot) ON DELETE CASCADE,
  key     TEXT NOT NULL,
  scope   TEXT NOT NULL,
  route   TEXT NOT NULL,
  guard   TEXT NOT NULL,
  dims    INTEGER NOT NULL,
  vector  BLOB NOT NULL
);

CREATE INDEX response_cache_vectors_partition ON response_cache_vectors (scope, route);
`;
