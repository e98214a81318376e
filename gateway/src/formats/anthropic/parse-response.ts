import { z } from 'zod';
import type { ChatResponse, ContentPart } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { fromAnthropicStopReason } from './stop-reason';
import { anthropicUsageSchema, usageFrom } from './usage';

const blockSchema = z.looseObject({ type: z.string() });

export const messageSchema = z.object({
  // Some Anthropic-compatible servers leave out the id or the model.
  id: z.string().default(''),
  model: z.string().default(''),
  content: z.array(blockSchema),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});

const textSchema = z.object({ text: z.string() });
const thinkingSchema = z.object({ thinking: z.string(), signature: z.string().nullish() });
const redactedSchema = z.object({ data: z.string() });
const toolUseSchema = z.object({ id: z.string(), name: z.string(), input: z.unknown() });

/**
 * One response block in canonical form. Server-tool blocks (web search results and the like)
 * only appear when server tools were requested, which translation refuses, so they are skipped,
 * as are block types newer than this code.
 */
export function partFromBlock(block: z.infer<typeof blockSchema>): ContentPart | undefined {
  switch (block.type) {
    case 'text': {
      const b = textSchema.safeParse(block);
      return b.success ? { type: 'text', text: b.data.text } : undefined;
    }
    case 'thinking': {
      const b = thinkingSchema.safeParse(block);
      if (!b.success) return undefined;
      return b.data.signature ? { type: 'thinking', text: b.data.thinking, signature: b.data.signature } : { type: 'thinking', text: b.data.thinking };
    }
    case 'redacted_thinking': {
      const b = redactedSchema.safeParse(block);
      return b.success ? { type: 'redacted-thinking', data: b.data.data } : undefined;
    }
    case 'tool_use': {
      const b = toolUseSchema.safeParse(block);
      return b.success ? { type: 'tool-call', id: b.data.id, name: b.data.name, arguments: JSON.stringify(b.data.input ?? {}) } : undefined;
    }
    default:
      return undefined;
  }
}

/** An Anthropic `message` body as a canonical response. Throws a 502 GatewayError when unreadable. */
export function parseAnthropicResponse(body: unknown): ChatResponse {
  const parsed = messageSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError('upstream', 'The provider returned a response that is not a valid Anthropic message', {
      code: 'invalid_upstream_response',
    });
  }
  const message = parsed.data;
  const response: ChatResponse = {
    id: message.id,
    model: message.model,
    content: message.content.flatMap((b) => partFromBlock(b) ?? []),
    finishReason: fromAnthropicStopReason(message.stop_reason),
    usage: usageFrom(message.usage ?? {}),
  };
  if (message.stop_sequence) response.stopSequence = message.stop_sequence;
  return response;
}
