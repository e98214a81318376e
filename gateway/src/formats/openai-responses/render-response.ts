import type { ChatResponse } from '../../canonical/types';
import type { RenderContext } from '../types';
import { encryptedContent, itemId, responseObject, statusOf, toResponsesUsage } from './response-object';
import type { OutputItem } from './response-object';

/**
 * Canonical response → a Responses API `response` object. Output items follow the canonical
 * content in order: thinking as a reasoning item (its text as the summary; its signature, when
 * the client asked for `reasoning.encrypted_content`, as the encrypted content it sends back so
 * the provider can go on from it), consecutive text as
 * one assistant message, each tool call as a function_call item whose `call_id` is the
 * provider's call id (the client sends it back with the function's output).
 */
export function renderResponse(response: ChatResponse, ctx: RenderContext): Record<string, unknown> {
  const { status, incomplete } = statusOf(response.finishReason);
  const output: OutputItem[] = [];
  const itemStatus = status === 'incomplete' ? 'incomplete' : 'completed';
  const signatures = ctx.request?.includeSignatures === true;
  for (const part of response.content) {
    const last = output.at(-1);
    switch (part.type) {
      case 'text':
        if (part.text === '') break;
        if (last?.type === 'message') {
          const text = last.content[0];
          if (text) text.text += part.text;
        } else {
          output.push({ id: itemId('msg'), type: 'message', status: itemStatus, role: 'assistant', content: [{ type: 'output_text', text: part.text, annotations: [], logprobs: [] }] });
        }
        break;
      case 'thinking': {
        // As the API does, encrypted content only for a client that asked to keep it.
        const signature = signatures ? part.signature : undefined;
        if (part.text === '' && signature === undefined) break;
        const item: OutputItem = { id: itemId('rs'), type: 'reasoning', summary: [{ type: 'summary_text', text: part.text }] };
        if (signature !== undefined) item.encrypted_content = encryptedContent(signature);
        output.push(item);
        break;
      }
      case 'tool-call':
        output.push({ id: itemId('fc'), type: 'function_call', status: 'completed', call_id: part.id, name: part.name, arguments: part.arguments });
        break;
      default:
        // Redacted thinking is opaque to everyone but its provider; nothing else is assistant output.
        break;
    }
  }
  const state = { id: itemId('resp'), status, output, usage: toResponsesUsage(response.usage), incomplete };
  if (status === 'failed') Object.assign(state, { error: { code: 'server_error', message: 'The provider reported that the generation failed' } });
  return responseObject(state, ctx);
}
