import type { Usage } from '../../canonical/types';
import type { SseEvent } from '../../sse/decoder';
import type { UsageTap } from '../types';
import { fromOpenAIUsage } from './usage';

const hasUsageObject = /"usage"\s*:\s*\{/;
const emptyChoices = /"choices"\s*:\s*\[\s*\]/;

/**
 * Whether a stream chunk is the usage-only chunk (`"choices": []` plus usage) that
 * `include_usage` adds. A string test, not a parse: it runs on every forwarded chunk. It cannot
 * be fooled by generated text, because quotes inside JSON strings are escaped.
 */
export function isUsageOnlyChunk(data: string): boolean {
  return emptyChoices.test(data) && hasUsageObject.test(data);
}

/** Reads usage from an OpenAI-shaped exchange forwarded untouched. */
export function openaiUsageTap(): UsageTap {
  let usage: Usage | undefined;
  let model: string | undefined;
  let done = false;
  return {
    fromResponse(body: unknown): Usage | undefined {
      if (typeof body !== 'object' || body === null || !('usage' in body)) return undefined;
      return fromOpenAIUsage(body.usage);
    },
    observe(event: SseEvent): void {
      if (event.data === '[DONE]') {
        done = true;
        return;
      }
      // Only chunks that carry usage are worth parsing (most chunks say `"usage": null`).
      if (!hasUsageObject.test(event.data)) return;
      try {
        const chunk: unknown = JSON.parse(event.data);
        usage = usageOf(chunk) ?? usage;
        model = modelOf(chunk) ?? model;
      } catch {
        // A malformed chunk is the client's to notice; the tap only reads what it can.
      }
    },
    usage: () => usage,
    finished: () => done,
    model: () => model,
  };
}

/** The chunk's non-empty `model`. */
function modelOf(chunk: unknown): string | undefined {
  if (typeof chunk !== 'object' || chunk === null || !('model' in chunk)) return undefined;
  return typeof chunk.model === 'string' && chunk.model !== '' ? chunk.model : undefined;
}

/** `usage`, or Groq's `x_groq.usage` on servers that report it there. */
function usageOf(chunk: unknown): Usage | undefined {
  if (typeof chunk !== 'object' || chunk === null) return undefined;
  if ('usage' in chunk && chunk.usage != null) return fromOpenAIUsage(chunk.usage);
  if ('x_groq' in chunk && typeof chunk.x_groq === 'object' && chunk.x_groq !== null && 'usage' in chunk.x_groq) {
    return fromOpenAIUsage(chunk.x_groq.usage);
  }
  return undefined;
}
