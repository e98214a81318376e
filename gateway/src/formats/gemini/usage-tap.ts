import type { Usage } from '../../canonical/types';
import type { SseEvent } from '../../sse/decoder';
import { isObject } from '../json-object';
import type { UsageTap } from '../types';
import { fromGeminiUsage } from './usage';
import { type GeminiUsageMetadata, usageMetadataSchema } from './wire';

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function metadataOf(body: unknown): GeminiUsageMetadata | undefined {
  if (!isObject(body) || !isObject(body.usageMetadata)) return undefined;
  const parsed = usageMetadataSchema.safeParse(body.usageMetadata);
  return parsed.success ? parsed.data : undefined;
}

/** A candidate finished, or the prompt was blocked (no candidates then): how a whole Gemini answer ends. */
function ends(body: Record<string, unknown>): boolean {
  const { candidates, promptFeedback } = body;
  if (Array.isArray(candidates) && candidates.some((candidate) => isObject(candidate) && typeof candidate.finishReason === 'string' && candidate.finishReason !== '')) {
    return true;
  }
  return isObject(promptFeedback) && typeof promptFeedback.blockReason === 'string';
}

/**
 * Reads usage from a native Gemini exchange without touching it. Every stream chunk repeats the
 * running totals in `usageMetadata`, so the last one seen wins; the stream is whole once a chunk
 * carries a finish reason (Gemini has no `[DONE]`).
 */
class GeminiUsageTap implements UsageTap {
  private last: GeminiUsageMetadata | undefined;
  private done = false;
  private modelVersion: string | undefined;

  /** A `generateContent` body, or the JSON array `streamGenerateContent` answers without alt=sse. */
  fromResponse(body: unknown): Usage | undefined {
    let found: GeminiUsageMetadata | undefined;
    for (const item of Array.isArray(body) ? body : [body]) found = metadataOf(item) ?? found;
    return found === undefined ? undefined : fromGeminiUsage(found);
  }

  observe(event: SseEvent): void {
    const data = json(event.data);
    if (!isObject(data)) return;
    this.last = metadataOf(data) ?? this.last;
    if (typeof data.modelVersion === 'string' && data.modelVersion !== '') this.modelVersion = data.modelVersion;
    if (ends(data)) this.done = true;
  }

  usage(): Usage | undefined {
    return this.last === undefined ? undefined : fromGeminiUsage(this.last);
  }

  finished(): boolean {
    return this.done;
  }

  model(): string | undefined {
    return this.modelVersion;
  }
}

export const geminiUsageTap = (): UsageTap => new GeminiUsageTap();
