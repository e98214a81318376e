/**
 * 014: background runs still to be charged. A Responses API call made with `background: true`
 * is answered while its run is queued, before it has used anything; its usage shows only when a
 * call by id (a retrieve, a cancel) finds the run finished. `unbilled` is 1 until then, and
 * `price` is the price it was started at (JSON, as pricing/types.ts ModelPrice; null when the
 * target has none), so it is charged once, at the price of the target that ran it.
 */
export const sql = /* sql */ `
ALTER TABLE response_owners ADD COLUMN unbilled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE response_owners ADD COLUMN price TEXT;
`;
