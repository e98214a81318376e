/**
 * 013: the log's filter indexes take only the rows their filter can return.
 *
 * A list filtered by route, provider (and model) or key asks for one value with `=`, which never
 * matches NULL, so a row without that value is of no use to its index: a cache hit names no
 * provider, a `provider/model` call or a refusal no route, and every call on a gateway open on
 * loopback no key. Such rows now skip those indexes (a B-tree insert, about 1 µs of a row's
 * cost, each), and the filters still use them: SQLite takes `x = ?` as implying `x IS NOT NULL`.
 */
export const sql = /* sql */ `
DROP INDEX request_log_route;
DROP INDEX request_log_provider_model;
DROP INDEX request_log_key;
CREATE INDEX request_log_route ON request_log (route, ts) WHERE route IS NOT NULL;
CREATE INDEX request_log_provider_model ON request_log (provider, model, ts) WHERE provider IS NOT NULL;
CREATE INDEX request_log_key ON request_log (key_id, ts) WHERE key_id IS NOT NULL;
`;
