import { z } from 'zod';
import { emptyUsage, type Usage } from '../../canonical/types';

/** OpenAI's usage object as we render it. */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/**
 * Canonical → OpenAI. OpenAI's prompt_tokens counts every input token, cached or not, and
 * reports the cached share inside it; canonical keeps the three input buckets apart.
 */
export function toOpenAIUsage(usage: Partial<Usage>): OpenAIUsage {
  const u = { ...emptyUsage(), ...usage };
  const prompt = u.inputTokens + u.cachedInputTokens + u.cacheWriteTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: u.outputTokens,
    total_tokens: prompt + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}

const count = z.number().nonnegative().catch(0);

/** Loose on purpose: compatible servers omit the details or send nulls. */
const upstreamUsageSchema = z.looseObject({
  prompt_tokens: count.optional(),
  completion_tokens: count.optional(),
  prompt_tokens_details: z.looseObject({ cached_tokens: count.optional() }).nullish().catch(undefined),
  completion_tokens_details: z.looseObject({ reasoning_tokens: count.optional() }).nullish().catch(undefined),
  // DeepSeek reports its context cache this way instead of prompt_tokens_details.
  prompt_cache_hit_tokens: count.optional(),
});

/** OpenAI (or compatible) usage → canonical; undefined when the value is not a usage object. */
export function fromOpenAIUsage(value: unknown): Usage | undefined {
  const parsed = upstreamUsageSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const u = parsed.data;
  const prompt = u.prompt_tokens ?? 0;
  const cached = Math.min(prompt, u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens ?? 0);
  return {
    ...emptyUsage(),
    inputTokens: prompt - cached,
    outputTokens: u.completion_tokens ?? 0,
    cachedInputTokens: cached,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
