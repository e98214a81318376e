/**
 * 008: the daily spend rollup counts the calls that were charged.
 *
 * Spend per request ("paid requests", and the average the Costs page shows) counted requests
 * minus errors. A stream cut short (the client hung up, the provider failed mid-answer) is
 * charged for what it sent but ends with status 499 or 5xx, so its cost had no request to go
 * with: an agent whose user often interrupts it showed more spend over fewer requests than it
 * made. `paid` counts every call charged a cost, whatever its status.
 *
 * Rows written before this migration never counted them apart: they get the count the stats
 * showed until now (requests minus errors, in a group that spent anything).
 */
export const sql = /* sql */ `
ALTER TABLE spend_daily ADD COLUMN paid INTEGER NOT NULL DEFAULT 0;
UPDATE spend_daily SET paid = requests - errors WHERE cost_usd > 0;
`;
