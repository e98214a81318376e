/**
 * 017: the key's team when each call was made, as the spend rollup keeps it ('' for a key with
 * no team; null for a keyless call, and in rows written before this). This hour's spend is
 * seeded from the rows at start (the rollup knows days only), so a team's hourly budget follows
 * its calls rather than the team its keys are in now.
 */
export const sql = /* sql */ `
ALTER TABLE request_log ADD COLUMN team TEXT;
`;
