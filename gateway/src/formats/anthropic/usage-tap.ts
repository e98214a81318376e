import { z } from 'zod';
import { type Usage, emptyUsage } from '../../canonical/types';
import type { SseEvent } from '../../sse/decoder';
import type { UsageTap } from '../types';
import { anthropicUsageSchema, partialUsageFrom, usageFrom } from './usage';
import { isObject } from '../json-object';

const withUsage = z.object({ usage: anthropicUsageSchema });
const startSchema = z.object({ type: z.literal('message_start'), message: withUsage });
const deltaSchema = z.object({ type: z.literal('message_delta'), usage: anthropicUsageSchema });

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads usage from a native Anthropic exchange without touching it: the body's `usage`, or
 * `message_start` (input and cache counts) overlaid by `message_delta` (cumulative totals:
 * output always, input counts when Anthropic re-reports them).
 */
class AnthropicUsageTap implements UsageTap {
  private seen: Partial<Usage> | undefined;
  private stopped = false;

  fromResponse(body: unknown): Usage | undefined {
    const parsed = withUsage.safeParse(body);
    return parsed.success ? usageFrom(parsed.data.usage) : undefined;
  }

  observe(event: SseEvent): void {
    const data = json(event.data);
    if (!isObject(data)) return;
    // Switch on the type first: most events are content deltas, which no schema needs to see.
    switch (data.type) {
      case 'message_start': {
        const start = startSchema.safeParse(data);
        if (start.success) this.seen = { ...this.seen, ...partialUsageFrom(start.data.message.usage) };
        return;
      }
      case 'message_delta': {
        const delta = deltaSchema.safeParse(data);
        if (delta.success) this.seen = { ...this.seen, ...partialUsageFrom(delta.data.usage) };
        return;
      }
      case 'message_stop':
        this.stopped = true;
    }
  }

  usage(): Usage | undefined {
    return this.seen === undefined ? undefined : { ...emptyUsage(), ...this.seen };
  }

  finished(): boolean {
    return this.stopped;
  }
}

export const anthropicUsageTap = (): UsageTap => new AnthropicUsageTap();
