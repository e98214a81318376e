import type { Usage } from '../../canonical/types';
import type { GeminiUsageMetadata } from './wire';

/**
 * Gemini usageMetadata → canonical usage. `promptTokenCount` includes cached tokens and
 * `candidatesTokenCount` excludes thoughts, while canonical input excludes cache reads and
 * canonical output includes reasoning. Tool-use prompt tokens (built-in tools) bill as input.
 */
export function fromGeminiUsage(metadata: GeminiUsageMetadata | null | undefined): Usage {
  const cached = metadata?.cachedContentTokenCount ?? 0;
  const thoughts = metadata?.thoughtsTokenCount ?? 0;
  const prompt = (metadata?.promptTokenCount ?? 0) + (metadata?.toolUsePromptTokenCount ?? 0);
  return {
    inputTokens: Math.max(0, prompt - cached),
    outputTokens: (metadata?.candidatesTokenCount ?? 0) + thoughts,
    cachedInputTokens: cached,
    cacheWriteTokens: 0,
    reasoningTokens: thoughts,
  };
}
