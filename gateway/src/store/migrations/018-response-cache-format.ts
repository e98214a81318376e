/**
 * 018: a cached answer may be kept as its provider wrote it.
 *
 * `format` names the function that reads `response` back (providers/answer-formats.ts:
 * `openai-chat`, `openai-responses`, `anthropic` or `gemini`);
 * NULL means `response` holds the canonical answer as JSON, as every row before this did and a
 * streamed answer still does. Keeping a JSON answer's own text spares serialising the canonical
 * one on every miss; a hit reads it back once, into the hot tier.
 */
export const sql = /* sql */ `
ALTER TABLE response_cache ADD COLUMN format TEXT;
`;
