/**
 * 001: the request log and the daily spend rollup.
 *
 * `request_log` keeps one row per request (attempts and metadata as JSON text). `spend_daily`
 * is maintained by the log writer in the same transaction as the rows, so budgets and cost
 * charts read small aggregates instead of scanning the log. Its dimension columns are NOT NULL
 * with '' standing for "none", because SQLite treats NULLs as distinct in a primary key and the
 * upsert would never find an existing row.
 */
export const sql = /* sql */ `
CREATE TABLE request_log (
  seq                INTEGER PRIMARY KEY,    -- insertion order; breaks ties between equal ts
  id                 TEXT NOT NULL UNIQUE,
  ts                 INTEGER NOT NULL,
  key_id             TEXT,
  endpoint           TEXT NOT NULL,
  alias              TEXT NOT NULL,
  route              TEXT,
  provider           TEXT,
  model              TEXT,
  status             INTEGER NOT NULL,
  stream             INTEGER NOT NULL,
  latency_ms         REAL NOT NULL,
  ttft_ms            REAL,
  input_tokens       INTEGER NOT NULL,
  output_tokens      INTEGER NOT NULL,
  cached_tokens      INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  reasoning_tokens   INTEGER NOT NULL,
  cost_usd           REAL NOT NULL,
  cache              TEXT,
  saved_usd          REAL NOT NULL,
  error_code         TEXT,
  error_message      TEXT,
  attempts           TEXT NOT NULL,
  user               TEXT,
  metadata           TEXT,
  pii_findings       TEXT,
  request_body       TEXT,
  response_body      TEXT
);

-- Lists are newest first with (ts, seq) keyset paging. Every index implicitly ends in the
-- rowid (seq), so an equality filter plus that ordering is one index range scan with no sort,
-- and the entries stay small: the request id is random, and carrying it in every index
-- measurably slowed inserts.
CREATE INDEX request_log_ts ON request_log (ts);
CREATE INDEX request_log_route ON request_log (route, ts);
CREATE INDEX request_log_provider_model ON request_log (provider, model, ts);
CREATE INDEX request_log_key ON request_log (key_id, ts);
CREATE INDEX request_log_status ON request_log (status, ts);

CREATE TABLE spend_daily (
  day           TEXT NOT NULL,             -- UTC date, YYYY-MM-DD
  key_id        TEXT NOT NULL DEFAULT '',
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
  PRIMARY KEY (day, key_id, provider, model, route)
) WITHOUT ROWID;

-- Budgets ask "how much has this key spent since D".
CREATE INDEX spend_daily_key ON spend_daily (key_id, day);
`;
