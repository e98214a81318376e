/**
 * 007: the daily spend rollup keeps the team each call was made for.
 *
 * Team budgets were seeded at start from `spend_daily` by looking up each key's team as the
 * key record names it now, so after a key moved teams a restart handed its past spend to the
 * new team and gave the old team its budget back. `team` is now a dimension of the rollup,
 * written from the key's team when the request was made, and budgets are seeded from it.
 *
 * SQLite cannot change a primary key, so the table is rebuilt under a temporary name beside
 * the old one. Rows written before this migration never recorded a team: they get the team
 * their key has at upgrade time ('' for none, or for a key no longer stored), which is what
 * they were charged to before, and from now on they stay there.
 */
export const sql = /* sql */ `
CREATE TABLE spend_daily_by_team (
  day           TEXT NOT NULL,             -- UTC date, YYYY-MM-DD
  key_id        TEXT NOT NULL DEFAULT '',
  team          TEXT NOT NULL DEFAULT '',  -- the key's team when the calls were made
  provider      TEXT NOT NULL DEFAULT '',
  model         TEXT NOT NULL DEFAULT '',
  route         TEXT NOT NULL DEFAULT '',
  requests      INTEGER NOT NULL DEFAULT 0,
  errors        INTEGER NOT NULL DEFAULT 0,
  input_tokens  INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cached_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd      REAL NOT NULL DEFAULT 0,
  saved_usd     REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (day, key_id, team, provider, model, route)
) WITHOUT ROWID;

INSERT INTO spend_daily_by_team (day, key_id, team, provider, model, route, requests, errors, input_tokens, output_tokens, cached_tokens, cost_usd, saved_usd)
  SELECT s.day, s.key_id, COALESCE(k.team, ''), s.provider, s.model, s.route, s.requests, s.errors, s.input_tokens, s.output_tokens, s.cached_tokens, s.cost_usd, s.saved_usd
  FROM spend_daily s LEFT JOIN gateway_keys k ON k.id = s.key_id;

DROP TABLE spend_daily;
ALTER TABLE spend_daily_by_team RENAME TO spend_daily;

-- Budgets ask "how much has this key spent since D".
CREATE INDEX spend_daily_key ON spend_daily (key_id, day);
`;
