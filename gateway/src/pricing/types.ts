/** Prices in USD per million tokens, plus the model's context window. */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  contextWindow?: number;
  maxOutputTokens?: number;
}
