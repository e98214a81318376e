import type { ChatResponse, ContentPart } from '../../canonical/types';
import type { RenderContext } from '../types';
import { toAnthropicStopReason } from './stop-reason';
import { renderUsage } from './usage';

/** Anthropic message ids start with `msg_`; ids from other providers get the prefix. */
export const messageId = (id: string): string => (id.startsWith('msg_') ? id : `msg_${id}`);

/**
 * A tool call's `input` must be a JSON object. Arguments that are not (a model that stopped
 * mid-call, a provider that sent garbage) become `{}` so the client still gets a well-formed
 * message and can report the tool error itself.
 */
export function toolInput(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(args);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function renderBlock(part: ContentPart): Record<string, unknown> | undefined {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'thinking':
      // Reasoning from other providers has no signature; the field is still required here.
      return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
    case 'redacted-thinking':
      return { type: 'redacted_thinking', data: part.data };
    case 'tool-call':
      return { type: 'tool_use', id: part.id, name: part.name, input: toolInput(part.arguments) };
    default:
      // Images and tool results are inputs; they never belong in an assistant message.
      return undefined;
  }
}

/** A canonical response as a Messages API `message` object. */
export function renderAnthropicResponse(response: ChatResponse, ctx: RenderContext): Record<string, unknown> {
  const content = response.content.flatMap((part) => renderBlock(part) ?? []);
  const hasToolCalls = response.content.some((p) => p.type === 'tool-call');
  return {
    id: messageId(response.id),
    type: 'message',
    role: 'assistant',
    model: ctx.model,
    content,
    stop_reason: toAnthropicStopReason(response.finishReason, hasToolCalls),
    stop_sequence: response.stopSequence ?? null,
    usage: renderUsage(response.usage),
  };
}
