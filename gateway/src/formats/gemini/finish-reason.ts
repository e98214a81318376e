import type { FinishReason } from '../../canonical/types';

// The candidate was withheld or cut by a filter (safety, recitation/copyright, blocklists, PII).
const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'LANGUAGE',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

// Generation failed rather than ended: the output is not a usable answer.
const FAILED = new Set([
  'MALFORMED_FUNCTION_CALL',
  'UNEXPECTED_TOOL_CALL',
  'TOO_MANY_TOOL_CALLS',
  'MISSING_THOUGHT_SIGNATURE',
  'MALFORMED_RESPONSE',
  'OTHER',
  'IMAGE_OTHER',
  'NO_IMAGE',
]);

/**
 * Gemini `finishReason` → canonical. Gemini says STOP after function calls too, so a turn that
 * produced calls reports `tool_calls` (agents loop on that). An absent, unspecified or future
 * reason counts as a stop. `error` never reaches a client as a finish: the response and stream
 * parsers throw `generationFailed` for it instead.
 */
export function fromGeminiFinishReason(reason: string | null | undefined, hasToolCalls: boolean): FinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason != null && FILTERED.has(reason)) return 'content_filter';
  if (reason != null && FAILED.has(reason)) return 'error';
  return hasToolCalls ? 'tool_calls' : 'stop';
}
