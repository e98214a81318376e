/**
 * 015: the gateway's own share of each call's time.
 *
 * `overhead_ms` is what a call spent in Switchboard before its answer began, less the time it
 * waited on providers (pipeline/provider-wait.ts), so a slow call shows at once whether the
 * gateway or the provider was slow. Rows written before this, and calls never answered, have none.
 */
export const sql = /* sql */ `
ALTER TABLE request_log ADD COLUMN overhead_ms REAL;
`;
