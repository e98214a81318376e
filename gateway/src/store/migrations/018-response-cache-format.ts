/**
 * 018: a cached answer may be kept as its provider wrote it.
 *
 * `format` names the provider format that reads `response` back (cache/stored-answers.ts:
 * a provider kind, and the API of its own a native ask took, e.g. `openai/openai-responses`);
 * NULL means `response` holds the canonical answer as JSON, as every row before this did and a
 * streamed answer still does. Keeping a JSON answer's own text spares serialising the canonical
 * one on every miss; a hit reads it back once, into the hot tier.
 */
export const sql = /* sql */ `
ALTER TABLE response_cache ADD COLUMN format TEXT;
`;
