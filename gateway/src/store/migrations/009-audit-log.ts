/**
 * 009: the audit log: who changed what, and when.
 *
 * One row per change made to the gateway's setup: a config save from the UI or the admin API,
 * a hand edit of the file that was applied or refused, a gateway key created, edited, revoked
 * or rotated, a credential stored or removed, the cache purged, a circuit breaker reset, the
 * gateway paused or resumed. `seq` orders the rows and pages the list (newest first), so no
 * other index is needed. `actor` says where the change came from (`admin-api`, `config-file`,
 * `app`), with the caller's address and client when an HTTP request made it. `detail` is JSON
 * (the config paths that changed, a key's name and prefix) and never holds a secret value.
 */
export const sql = /* sql */ `
CREATE TABLE audit_log (
  seq      INTEGER PRIMARY KEY,
  ts       INTEGER NOT NULL,
  actor    TEXT NOT NULL,
  address  TEXT,
  client   TEXT,
  action   TEXT NOT NULL,
  target   TEXT,
  summary  TEXT NOT NULL,
  detail   TEXT
);
`;
