import type { FinishReason } from '../../canonical/types';

export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/**
 * The Anthropic stop_reason for a canonical finish. Some OpenAI-compatible servers finish a
 * tool-calling turn with `stop`; agents such as Claude Code only run tools on `tool_use`, so
 * a turn that produced tool calls always reports `tool_use`.
 */
export function toAnthropicStopReason(reason: FinishReason, hasToolCalls: boolean): AnthropicStopReason {
  if (hasToolCalls && (reason === 'stop' || reason === 'tool_calls')) return 'tool_use';
  switch (reason) {
    case 'stop':
    case 'error':
      return 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
    case 'refusal':
      return 'refusal';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'pause_turn':
      return 'pause_turn';
  }
}

/** The canonical finish for an Anthropic stop_reason; unknown future values read as `stop`. */
export function fromAnthropicStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'stop_sequence':
      return 'stop_sequence';
    case 'tool_use':
      return 'tool_calls';
    case 'pause_turn':
      return 'pause_turn';
    case 'refusal':
      return 'refusal';
    default:
      return 'stop';
  }
}
