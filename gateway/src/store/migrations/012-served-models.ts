/**
 * 012: the model each target whose own name has no price (an Azure deployment, `openrouter/auto`)
 * last answered as, so that a gateway that just started prices it, and budgets reserve for its
 * calls, before its first answer (pricing/served-prices.ts). `target` is `provider/model` as a
 * route names it; a row changes only when the answering model does.
 */
export const sql = /* sql */ `
CREATE TABLE served_models (
  target      TEXT PRIMARY KEY,
  model       TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
) WITHOUT ROWID;
`;
