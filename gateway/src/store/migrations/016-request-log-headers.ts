/**
 * 016: the request headers that shaped each call (pipeline/logged-headers.ts): Anthropic's
 * version and betas, and Switchboard's timeout, retry and cache controls, as a JSON object.
 * Null for a call that sent none of them, and in rows written before this.
 */
export const sql = /* sql */ `
ALTER TABLE request_log ADD COLUMN request_headers TEXT;
`;
