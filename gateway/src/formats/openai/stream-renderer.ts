import type { StreamEvent, Usage } from '../../canonical/types';
import { sseFrame } from '../../sse/decoder';
import type { GatewayError } from '../../errors/gateway-error';
import type { RenderContext, StreamRenderer } from '../types';
import { renderOpenAIError } from './errors';
import { toOpenAIFinishReason } from './finish-reason';
import { completionId } from './render-response';
import { toOpenAIUsage } from './usage';

type Delta = Record<string, unknown>;

/**
 * Canonical events → `chat.completion.chunk` frames, in the order OpenAI sends them: a role
 * chunk, content/tool-call deltas, a chunk carrying finish_reason with an empty delta, the usage
 * chunk (`choices: []`) when the client asked for it, then `data: [DONE]`.
 */
export function createChatStreamRenderer(ctx: RenderContext): StreamRenderer {
  let id: string | undefined;
  let closed = false;
  let finished = false;
  let usage: Partial<Usage> = {};
  // Canonical indices may have gaps (Anthropic counts text blocks too); OpenAI clients index an
  // array by tool_calls[].index, so calls are renumbered 0, 1, 2… in order of appearance.
  const toolIndex = new Map<number, number>();

  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string => {
    const body: Record<string, unknown> = {
      id,
      object: 'chat.completion.chunk',
      created: ctx.created,
      model: ctx.model,
      choices,
    };
    // With include_usage OpenAI adds `"usage": null` to every chunk but the usage chunk.
    if (ctx.includeUsage) body.usage = null;
    return sseFrame(JSON.stringify({ ...body, ...extra }));
  };
  const deltaChunk = (delta: Delta, finishReason: string | null = null): string =>
    chunk([{ index: 0, delta, logprobs: null, finish_reason: finishReason }]);

  /** The role chunk opens every stream, even if a parser never sent `start`. */
  const open = (eventId?: string): string => {
    if (id !== undefined) return '';
    id = completionId(eventId ?? '');
    return deltaChunk({ role: 'assistant', content: '', refusal: null });
  };

  const finish = (reason: Parameters<typeof toOpenAIFinishReason>[0]): string => {
    if (finished) return '';
    finished = true;
    return deltaChunk({}, toOpenAIFinishReason(reason, toolIndex.size > 0));
  };

  return {
    push(event: StreamEvent): string {
      if (closed) return '';
      if (event.type === 'start') {
        if (event.usage !== undefined) usage = { ...usage, ...event.usage };
        return open(event.id);
      }
      let out = open();
      switch (event.type) {
        case 'text':
          if (event.text !== '') out += deltaChunk({ content: event.text });
          break;
        case 'thinking':
          // DeepSeek's field, which LiteLLM, vLLM and most OpenAI-shaped clients understand.
          if (event.text !== '') out += deltaChunk({ reasoning_content: event.text });
          break;
        case 'tool-call-start': {
          if (toolIndex.has(event.index)) break;
          const index = toolIndex.size;
          toolIndex.set(event.index, index);
          out += deltaChunk({
            tool_calls: [{ index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }],
          });
          break;
        }
        case 'tool-call-delta': {
          const index = toolIndex.get(event.index);
          // A delta for a call that never started has no id or name a client could use.
          if (index !== undefined && event.argumentsDelta !== '') {
            out += deltaChunk({ tool_calls: [{ index, function: { arguments: event.argumentsDelta } }] });
          }
          break;
        }
        case 'usage':
          usage = { ...usage, ...event.usage };
          break;
        case 'finish':
          out += finish(event.finishReason);
          break;
        default:
          // thinking-signature and redacted-thinking have no place in an OpenAI chunk.
          break;
      }
      return out;
    },

    end(): string {
      if (closed) return '';
      let out = open();
      out += finish('stop');
      closed = true;
      if (ctx.includeUsage) out += chunk([], { usage: toOpenAIUsage(usage) });
      return out + sseFrame('[DONE]');
    },

    /**
     * OpenAI reports a failure inside an open stream as a data frame holding `{"error": …}`.
     * openai-node (`Stream.fromSSEResponse`) and openai-python both throw an APIError when a
     * chunk has an `error` key, so SDK users get an exception rather than a silently short
     * answer. No `[DONE]` follows: the stream simply ends.
     */
    error(error: GatewayError): string {
      if (closed) return '';
      closed = true;
      return sseFrame(JSON.stringify(renderOpenAIError(error)));
    },
  };
}
