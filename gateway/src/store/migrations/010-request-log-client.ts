/**
 * 010: which app made each call.
 *
 * Every tool on the machine calls the same address with, often, the same key, so the log could
 * not tell Claude Code's calls from a script's. `client` keeps the caller's User-Agent (cut to
 * 200 characters), which the UI turns into an app name. Rows written before this have none.
 */
export const sql = /* sql */ `
ALTER TABLE request_log ADD COLUMN client TEXT;
`;
