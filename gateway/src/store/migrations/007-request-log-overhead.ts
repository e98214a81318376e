/**
 * 007: the request log keeps what the gateway itself added to each call (`overhead_ms`: its
 * time up to the response head, less the time spent waiting on providers). Rows written before
 * have none (NULL).
 */
export const sql = /* sql */ `
ALTER TABLE request_log ADD COLUMN overhead_ms REAL;
`;
