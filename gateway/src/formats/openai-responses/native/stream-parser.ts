import type { StreamEvent } from '../../../canonical/types';
import { GatewayError, streamTruncated } from '../../../errors/gateway-error';
import type { SseEvent } from '../../../sse/decoder';
import { isObject } from '../../json-object';
import { kindForOpenAIError, parseOpenAIError } from '../../openai/errors';
import type { StreamParser } from '../../types';
import { finishOf } from './parse-response';
import { fromResponsesUsage } from './usage';

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * OpenAI's Responses event stream (a native call) → canonical events: what the probe needs to
 * commit the stream, the cache to store its answer, and the relay to read an error. Text and
 * refusal deltas are text, reasoning summary (and reasoning text) deltas thinking, a function
 * call's item and argument deltas a tool call keyed by its output index, and the terminal
 * `response.completed` / `response.incomplete` the usage and finish. `error` and
 * `response.failed` throw, carrying OpenAI's code and message.
 */
export function createResponsesStreamParser(): StreamParser {
  let finished = false;
  return {
    push(event: SseEvent): StreamEvent[] {
      // OpenAI ends with response.completed; a proxy in front of it may add chat's `[DONE]` (LiteLLM does).
      if (event.data === '[DONE]') return [];
      const data = parseData(event.data);
      const type = str(data.type) || (event.event ?? '');
      switch (type) {
        case 'response.created': {
          const response = isObject(data.response) ? data.response : {};
          return [{ type: 'start', id: str(response.id), model: str(response.model) }];
        }
        case 'response.output_text.delta':
        case 'response.refusal.delta':
          return str(data.delta) === '' ? [] : [{ type: 'text', text: str(data.delta) }];
        case 'response.reasoning_summary_text.delta':
        case 'response.reasoning_text.delta':
          return str(data.delta) === '' ? [] : [{ type: 'thinking', text: str(data.delta) }];
        case 'response.output_item.added': {
          const item = isObject(data.item) ? data.item : {};
          if (item.type !== 'function_call') return [];
          const index = typeof data.output_index === 'number' ? data.output_index : 0;
          const events: StreamEvent[] = [{ type: 'tool-call-start', index, id: str(item.call_id), name: str(item.name) }];
          if (str(item.arguments) !== '') events.push({ type: 'tool-call-delta', index, argumentsDelta: str(item.arguments) });
          return events;
        }
        case 'response.function_call_arguments.delta': {
          const index = typeof data.output_index === 'number' ? data.output_index : 0;
          return str(data.delta) === '' ? [] : [{ type: 'tool-call-delta', index, argumentsDelta: str(data.delta) }];
        }
        case 'response.completed':
        case 'response.incomplete': {
          finished = true;
          const response = isObject(data.response) ? data.response : {};
          const calls = Array.isArray(response.output) && response.output.some((item) => isObject(item) && item.type === 'function_call');
          const events: StreamEvent[] = [];
          const usage = fromResponsesUsage(response.usage);
          if (usage !== undefined) events.push({ type: 'usage', usage });
          events.push({ type: 'finish', finishReason: finishOf(response.status, response.incomplete_details, calls) });
          return events;
        }
        case 'response.failed':
          throw failedError(isObject(data.response) ? data.response.error : undefined);
        case 'error':
          throw errorEvent(data);
        default:
          return [];
      }
    },
    end(): StreamEvent[] {
      if (!finished) throw streamTruncated();
      return [];
    },
  };
}

function parseData(data: string): Record<string, unknown> {
  try {
    const json: unknown = JSON.parse(data);
    if (isObject(json)) return json;
  } catch {
    // Reported below.
  }
  throw new GatewayError('upstream', 'The provider sent a stream event this gateway cannot read', { code: 'bad_upstream_response', status: 502 });
}

/** `response.failed`: the generation failed after the stream began; its `error` says why. */
function failedError(error: unknown): GatewayError {
  const info = isObject(error) ? error : {};
  const message = str(info.message) || 'The provider reported that the generation failed';
  return new GatewayError('upstream', message, { code: str(info.code) || 'upstream_generation_failed', status: 502, retryable: true, upstreamShape: 'openai' });
}

/**
 * An `error` event: OpenAI documents `code`, `message` and `param` at the top level, and sends
 * them inside `error` too; either is read.
 */
function errorEvent(data: Record<string, unknown>): GatewayError {
  const info = isObject(data.error)
    ? parseOpenAIError(500, data)
    : { message: str(data.message) || 'The provider reported an error mid-stream', type: undefined, code: str(data.code) || null, param: str(data.param) || null };
  return new GatewayError(kindForOpenAIError(info.type, info.code), info.message, {
    code: info.code ?? 'upstream_stream_error',
    param: info.param ?? undefined,
    upstreamType: info.type,
    upstreamShape: 'openai',
  });
}
