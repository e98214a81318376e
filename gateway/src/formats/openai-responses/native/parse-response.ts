import { emptyUsage } from '../../../canonical/types';
import type { ChatResponse, ContentPart, FinishReason } from '../../../canonical/types';
import { GatewayError } from '../../../errors/gateway-error';
import { isObject } from '../../json-object';
import { fromResponsesUsage } from './usage';

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isObject) : []);

/**
 * OpenAI's own `response` object (a native Responses call) → canonical, for the cache and the
 * log: messages' text and refusals, function calls, and reasoning summaries. Output items only
 * OpenAI's hosted tools make (web search calls, code interpreter…) have no canonical form; a
 * request that could produce them is untranslatable, so its answers are never cached.
 */
export function parseResponsesObject(body: unknown): ChatResponse {
  if (!isObject(body) || body.object !== 'response' || !Array.isArray(body.output)) {
    throw new GatewayError('upstream', 'The provider sent a response this gateway cannot read', { code: 'bad_upstream_response', status: 502, retryable: true });
  }
  const content: ContentPart[] = [];
  for (const item of list(body.output)) {
    if (item.type === 'message') {
      for (const part of list(item.content)) {
        const text = part.type === 'output_text' ? str(part.text) : part.type === 'refusal' ? str(part.refusal) : '';
        if (text !== '') content.push({ type: 'text', text });
      }
    } else if (item.type === 'function_call') {
      content.push({ type: 'tool-call', id: str(item.call_id), name: str(item.name), arguments: str(item.arguments) });
    } else if (item.type === 'reasoning') {
      const text = list(item.summary).map((part) => str(part.text)).join('');
      if (text !== '') content.push({ type: 'thinking', text });
    }
  }
  const calls = content.some((part) => part.type === 'tool-call');
  return {
    id: str(body.id),
    model: str(body.model),
    content,
    finishReason: finishOf(body.status, body.incomplete_details, calls),
    usage: fromResponsesUsage(body.usage) ?? emptyUsage(),
  };
}

/** A response's status (and why it is incomplete) as a canonical finish. */
export function finishOf(status: unknown, incomplete: unknown, calls: boolean): FinishReason {
  if (status === 'failed') return 'error';
  if (status === 'incomplete') {
    const reason = isObject(incomplete) ? incomplete.reason : undefined;
    return reason === 'content_filter' ? 'content_filter' : 'length';
  }
  return calls ? 'tool_calls' : 'stop';
}
