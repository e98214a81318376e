import type { Usage } from '../../../canonical/types';
import { isObject } from '../../json-object';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);
const detail = (details: unknown, key: string): number => (isObject(details) ? count(details[key]) : 0);

/**
 * A Responses API `usage` object → canonical; undefined when it is none. `input_tokens` counts
 * every input token and reports the cached share inside it (`input_tokens_details.cached_tokens`);
 * `output_tokens` includes `output_tokens_details.reasoning_tokens`, as canonical output does.
 */
export function fromResponsesUsage(value: unknown): Usage | undefined {
  if (!isObject(value)) return undefined;
  const input = count(value.input_tokens);
  const cached = Math.min(input, detail(value.input_tokens_details, 'cached_tokens'));
  return {
    inputTokens: input - cached,
    outputTokens: count(value.output_tokens),
    cachedInputTokens: cached,
    cacheWriteTokens: 0,
    reasoningTokens: detail(value.output_tokens_details, 'reasoning_tokens'),
  };
}
