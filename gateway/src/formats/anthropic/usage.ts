import { z } from 'zod';
import { type Usage, emptyUsage } from '../../canonical/types';

/**
 * Anthropic usage, as found in a message body, `message_start.message.usage` and
 * `message_delta.usage`. Counters may be null or missing (message_delta omits input counts
 * that do not apply), so every field is optional here.
 */
export const anthropicUsageSchema = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  /** The cache writes by TTL; `cache_creation_input_tokens` is their sum. */
  cache_creation: z.object({ ephemeral_1h_input_tokens: z.number().nullish() }).nullish(),
  /** Server tools' use: web searches are billed per search, on top of the tokens. */
  server_tool_use: z.object({ web_search_requests: z.number().nullish() }).nullish(),
  output_tokens_details: z.object({ thinking_tokens: z.number().nullish() }).nullish(),
});

export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/**
 * The counts present in an Anthropic usage object. Anthropic's `input_tokens` already
 * excludes cache reads and writes, exactly like the canonical `inputTokens`.
 */
export function partialUsageFrom(usage: AnthropicUsage): Partial<Usage> {
  const out: Partial<Usage> = {};
  if (usage.input_tokens != null) out.inputTokens = usage.input_tokens;
  if (usage.output_tokens != null) out.outputTokens = usage.output_tokens;
  if (usage.cache_read_input_tokens != null) out.cachedInputTokens = usage.cache_read_input_tokens;
  if (usage.cache_creation_input_tokens != null) out.cacheWriteTokens = usage.cache_creation_input_tokens;
  // Only when there are some: most calls have none, and their usage keeps just the usual counters.
  const hour = usage.cache_creation?.ephemeral_1h_input_tokens;
  if (hour != null && hour > 0) out.cacheWrite1hTokens = hour;
  const searches = usage.server_tool_use?.web_search_requests;
  if (searches != null && searches > 0) out.webSearches = searches;
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (thinking != null) out.reasoningTokens = thinking;
  return out;
}

export const usageFrom = (usage: AnthropicUsage): Usage => ({ ...emptyUsage(), ...partialUsageFrom(usage) });

/** The four counters Anthropic clients read (Claude Code sums the input ones for context size). */
export function renderUsage(usage: Partial<Usage>): {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
} {
  return {
    input_tokens: usage.inputTokens ?? 0,
    output_tokens: usage.outputTokens ?? 0,
    cache_creation_input_tokens: usage.cacheWriteTokens ?? 0,
    cache_read_input_tokens: usage.cachedInputTokens ?? 0,
  };
}
