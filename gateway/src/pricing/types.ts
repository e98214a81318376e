/**
 * Prices for the bundled table (resources/pricing.json) and for config overrides.
 * All prices are USD per million tokens.
 */

/**
 * The higher rate some models charge for a whole request once its prompt passes a size
 * (Gemini 2.5/3 Pro above 200k, Claude Sonnet 4/4.5 above 200k, Grok 4 above 128k).
 */
export interface LongContextPrice {
  /** The tier applies when the prompt (input + cache reads + cache writes) exceeds this many tokens. */
  aboveInputTokens: number;
  input: number;
  output: number;
  /** Cache-read price in this tier; the base `cachedInput` when absent. */
  cachedInput?: number;
  /** Cache-write price in this tier; the base `cacheWrite` when absent. */
  cacheWrite?: number;
  /** 1-hour cache-write price in this tier; the base `cacheWrite1h` when absent. */
  cacheWrite1h?: number;
}

/** Prices in USD per million tokens, plus the model's context window. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Price of input tokens read from the provider's prompt cache; `input` when absent. */
  cachedInput?: number;
  /** Price of input tokens written to the cache (Anthropic's 5-minute write); `input` when absent. */
  cacheWrite?: number;
  /** Price of a cache write with a 1-hour TTL (Anthropic: 2× input); `cacheWrite` when absent. */
  cacheWrite1h?: number;
  /** USD per 1,000 web searches the provider runs itself (Anthropic: $10), not per million tokens. */
  webSearchPer1k?: number;
  longContext?: LongContextPrice;
  /** Total tokens (prompt + output) the model accepts. */
  contextWindow?: number;
  /** Prompt limit where it is lower than the context window (GPT-5: 272k of 400k). */
  maxInputTokens?: number;
  maxOutputTokens?: number;
  /** `embedding` models bill input only. Absent means chat. */
  mode?: 'chat' | 'embedding';
}

/** A price written in the config (`providers.<name>.prices.<model>` or a target's `price`). */
export interface PriceOverride {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
}
