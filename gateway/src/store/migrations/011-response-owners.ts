/**
 * 011: which provider (and gateway key) made each Responses API answer a provider stored, so
 * `GET`/`DELETE /v1/responses/{id}` and its `cancel` and `input_items` can be relayed to that
 * provider, for that key only. One row per native Responses call the provider stored; rows go
 * after 30 days, when OpenAI's own stored responses expire.
 */
export const sql = /* sql */ `
CREATE TABLE response_owners (
  id          TEXT PRIMARY KEY,
  provider    TEXT NOT NULL,
  key_id      TEXT,
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;
`;
