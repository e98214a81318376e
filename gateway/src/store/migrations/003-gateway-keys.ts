/**
 * 003: gateway (virtual) keys.
 *
 * A key is stored as the SHA-256 of its plaintext, never the plaintext: the plaintext carries
 * 256 random bits, so a fast unsalted hash cannot be reversed or guessed, and a lookup by hash
 * needs no per-row salt. `prefix` (`sk-sb-` and four characters) lets people recognise a key
 * in lists without revealing it. During a rotation's grace period the old hash stays valid in
 * `previous_hash` until `previous_valid_until`. Rows are revoked, not deleted, so request_log
 * rows keep pointing at a key that exists. Times are Unix ms; JSON columns hold the key's
 * allowed routes, rate limits and budget.
 */
export const sql = /* sql */ `
CREATE TABLE gateway_keys (
  id                   TEXT PRIMARY KEY NOT NULL,
  name                 TEXT NOT NULL,
  hash                 TEXT NOT NULL UNIQUE,
  prefix               TEXT NOT NULL,
  previous_hash        TEXT UNIQUE,
  previous_valid_until INTEGER,
  user                 TEXT,
  team                 TEXT,
  tier                 TEXT,
  allowed_routes       TEXT,
  limits               TEXT,
  budget               TEXT,
  expires_at           INTEGER,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  rotated_at           INTEGER,
  revoked_at           INTEGER,
  last_used_at         INTEGER
);

-- Team budgets and the UI group keys by team.
CREATE INDEX gateway_keys_team ON gateway_keys (team);
`;
