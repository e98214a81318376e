import { emptyUsage, type Usage } from '../../canonical/types';
import { isObject } from '../json-object';

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

/**
 * One counter, read leniently: compatible servers omit counters or send nulls, and a counter
 * that is not a non-negative number counts as 0 rather than voiding the whole usage. Absent
 * stays undefined, so a reported cached count of 0 is not mistaken for a missing one.
 */
function counter(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** `details[key]`, when the details are an object at all (servers send null or nothing). */
const detail = (details: unknown, key: string): number | undefined => (isObject(details) ? counter(details[key]) : undefined);

/**
 * OpenAI (or compatible) usage → canonical; undefined when the value is not a usage object.
 * Read by hand rather than with zod: it runs on every answer, twice when the cache stores it.
 */
export function fromOpenAIUsage(value: unknown): Usage | undefined {
  if (!isObject(value)) return undefined;
  const prompt = counter(value.prompt_tokens) ?? 0;
  // DeepSeek reports its context cache as prompt_cache_hit_tokens instead of prompt_tokens_details.
  const cached = Math.min(prompt, detail(value.prompt_tokens_details, 'cached_tokens') ?? counter(value.prompt_cache_hit_tokens) ?? 0);
  // OpenRouter reports a cache write (Claude's, dearer than input) inside prompt_tokens too.
  const written = Math.min(prompt - cached, detail(value.prompt_tokens_details, 'cache_write_tokens') ?? 0);
  const completion = counter(value.completion_tokens) ?? 0;
  const reasoning = detail(value.completion_tokens_details, 'reasoning_tokens') ?? 0;
  // OpenAI counts reasoning inside completion_tokens; xAI counts it beside them, and says so in
  // a total_tokens of all three. Either way canonical output includes it, billed once.
  const beside = reasoning > 0 && counter(value.total_tokens) === prompt + completion + reasoning;
  return {
    inputTokens: prompt - cached - written,
    outputTokens: beside ? completion + reasoning : completion,
    cachedInputTokens: cached,
    cacheWriteTokens: written,
    reasoningTokens: reasoning,
  };
}
