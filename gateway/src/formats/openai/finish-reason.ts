import type { FinishReason } from '../../canonical/types';

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/**
 * Canonical → OpenAI. OpenAI has no refusal, pause or error reasons: an Anthropic `refusal` is a
 * safety stop, which OpenAI clients know as content_filter; `pause_turn` and `error` end the
 * turn with what was produced, so `stop`. A turn that produced tool calls reports `tool_calls`
 * even when the provider said "stop" (Gemini does), because agents loop on that value.
 */
export function toOpenAIFinishReason(reason: FinishReason, hasToolCalls: boolean): OpenAIFinishReason {
  switch (reason) {
    case 'length':
    case 'content_filter':
    case 'tool_calls':
      return reason;
    case 'refusal':
      return 'content_filter';
    default:
      return hasToolCalls ? 'tool_calls' : 'stop';
  }
}

/** OpenAI or compatible server → canonical. Unknown values (`eos`, `abort`…) count as a stop. */
export function fromOpenAIFinishReason(reason: string | null | undefined, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'length':
    case 'content_filter':
    case 'tool_calls':
    case 'error':
      return reason;
    case 'function_call':
      return 'tool_calls';
    default:
      return hasToolCalls ? 'tool_calls' : 'stop';
  }
}
