import type { ChatResponse, ContentPart } from '../canonical/types';
import type { ClientShape } from '../providers/types';
import { isRecord, mapIfArray, setField } from './copy-on-write';
import { restoreGeminiBody } from './gemini-restorer';
import { restoreJsonText, restoreJsonValue, restoreText } from './restore';
import { restoreResponsesBody } from './responses-restorer';
import type { Vault } from './vault';

/**
 * Restores a canonical response (translated path): text parts, and tool-call arguments as
 * JSON text. Thinking is left as the model wrote it: its signature covers that text, and the
 * client sends it back next turn.
 */
export function restoreChatResponse(response: ChatResponse, vault: Vault): ChatResponse {
  if (vault.size === 0) return response;
  const content = response.content.map((part): ContentPart => {
    if (part.type === 'text') return { ...part, text: restoreText(part.text, vault) };
    if (part.type === 'tool-call') return { ...part, arguments: restoreJsonText(part.arguments, vault) };
    return part;
  });
  return { ...response, content };
}

/**
 * Restores a provider's own JSON response body (native pass-through) in the client's shape:
 * OpenAI `choices[].message` content, refusal and tool-call arguments; Anthropic text blocks
 * and `tool_use.input`; OpenAI's Responses API output (`responses-restorer.ts`); Gemini
 * candidates (`gemini-restorer.ts`). Returns the same object when the vault is empty.
 */
export function restoreResponseBody(body: unknown, shape: ClientShape, vault: Vault): unknown {
  if (vault.size === 0 || !isRecord(body)) return body;
  if (shape === 'openai-responses') return restoreResponsesBody(body, vault);
  if (shape === 'gemini') return restoreGeminiBody(body, vault);
  if (shape === 'anthropic') {
    return setField(body, 'content', mapIfArray(body.content, (block) => restoreAnthropicBlock(block, vault)));
  }
  return setField(
    body,
    'choices',
    mapIfArray(body.choices, (choice) => (isRecord(choice) && isRecord(choice.message) ? setField(choice, 'message', restoreOpenAiMessage(choice.message, vault)) : choice)),
  );
}

function restoreAnthropicBlock(block: unknown, vault: Vault): unknown {
  if (!isRecord(block)) return block;
  if (block.type === 'text' && typeof block.text === 'string') return setField(block, 'text', restoreText(block.text, vault));
  if (block.type === 'tool_use') return setField(block, 'input', restoreJsonValue(block.input, vault));
  return block;
}

function restoreOpenAiMessage(message: Record<string, unknown>, vault: Vault): Record<string, unknown> {
  let out = message;
  for (const field of ['content', 'refusal']) {
    const value = message[field];
    if (typeof value === 'string') out = setField(out, field, restoreText(value, vault));
  }
  const restoreArguments = (fn: unknown): unknown =>
    isRecord(fn) && typeof fn.arguments === 'string' ? setField(fn, 'arguments', restoreJsonText(fn.arguments, vault)) : fn;
  out = setField(out, 'tool_calls', mapIfArray(message.tool_calls, (call) => (isRecord(call) ? setField(call, 'function', restoreArguments(call.function)) : call)));
  return setField(out, 'function_call', restoreArguments(message.function_call));
}
