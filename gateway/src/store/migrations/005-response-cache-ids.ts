/**
 * 005: response cache rows found by id instead of by key slot.
 *
 * Migration 004 found an entry through `slot`, a 53-bit hash of its key, with a UNIQUE index.
 * Hashes are random, so every new entry inserted into a random leaf of that index, and of
 * `response_cache_vectors`, which was keyed by slot too. With every request a cache miss that
 * came to ~3 WAL page writes per request, and dropping the slot index alone cut the gateway's
 * CPU per request by ~3.5% (238-247 → 232-234 µs); it gets worse as the cache outgrows SQLite's
 * page cache (a micro-benchmark with 200k entries: committing a new one took ~21 µs and ~1.6
 * WAL pages by slot, ~9 µs and ~0.5 by id). Slots could also collide, and the later key then
 * went uncached.
 *
 * The gateway already holds every committed key in memory, so it now keeps each key's row id
 * there too (cache/cache-rows.ts) and finds rows by `id`, the rowid: new entries are appended
 * in id order and no index over keys or hashes is kept at all. The key is still stored and
 * compared on every read and write, because another process sharing the file (the desktop app
 * and `switchboard serve`) may delete a row and SQLite may hand its id to a new one.
 *
 * `response_cache_vectors` is keyed by its entry's id (and removed with it by the foreign key);
 * it keeps the key, so a vector is only ever matched to the entry of the same key.
 *
 * Existing entries are carried over with their old rowids as ids (already append-ordered), and
 * their vectors joined to them through the old slot and key. The new tables are built under
 * temporary names beside the old ones: renaming the entries table rewrites the vectors' foreign
 * key to follow it. `response_cache_stats` is untouched.
 */
export const sql = /* sql */ `
CREATE TABLE response_cache_by_id (
  id           INTEGER PRIMARY KEY,
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

INSERT INTO response_cache_by_id (id, key, route, scope, response, bytes, cost_usd, created_at, expires_at, last_hit_at, hits)
  SELECT rowid, key, route, scope, response, bytes, cost_usd, created_at, expires_at, last_hit_at, hits
  FROM response_cache ORDER BY rowid;

CREATE TABLE response_cache_vectors_by_id (
  entry   INTEGER PRIMARY KEY REFERENCES response_cache_by_id (id) ON DELETE CASCADE,
  key     TEXT NOT NULL,
  scope   TEXT NOT NULL,
  route   TEXT NOT NULL,
  guard   TEXT NOT NULL,
  dims    INTEGER NOT NULL,
  vector  BLOB NOT NULL
);

INSERT INTO response_cache_vectors_by_id (entry, key, scope, route, guard, dims, vector)
  SELECT c.rowid, v.key, v.scope, v.route, v.guard, v.dims, v.vector
  FROM response_cache_vectors v JOIN response_cache c ON c.slot = v.slot AND c.key = v.key
  ORDER BY c.rowid;

-- Vectors first: nothing may reference the old entries table when it goes.
DROP TABLE response_cache_vectors;
DROP TABLE response_cache;

ALTER TABLE response_cache_by_id RENAME TO response_cache;
ALTER TABLE response_cache_vectors_by_id RENAME TO response_cache_vectors;

CREATE INDEX response_cache_expires ON response_cache (expires_at);
CREATE INDEX response_cache_lru ON response_cache (last_hit_at);
CREATE INDEX response_cache_route ON response_cache (route);
CREATE INDEX response_cache_vectors_partition ON response_cache_vectors (scope, route);
`;
