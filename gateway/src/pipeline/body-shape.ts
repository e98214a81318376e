/**
 * The shape a request body is in, which is not always its endpoint's. Cursor, with its OpenAI base
 * URL overridden, sends to `/v1/chat/completions`:
 * - Responses API bodies (`input`, `reasoning`, `include`, `text`);
 * - Anthropic Messages bodies, for a model whose name says `claude` (a top-level `system`, tools
 *   declared with `input_schema`, `tool_choice: {type: 'auto'}`, `tool_use`/`tool_result` blocks);
 * and reads the answer as Chat Completions either way.
 *
 * Such a body is read as what it is (guardrail, routing, cache key). It goes as sent only to a
 * provider's endpoint for its own shape (OpenAI's Responses API, Anthropic's Messages API), and
 * its answer is always read back and rendered in the endpoint's shape: passed through, it would
 * reach a Chat Completions server that refuses it, or come back in a shape the client cannot read.
 */
import { isObject } from '../formats/json-object';
import type { ClientShape } from '../providers/types';

export function bodyShapeOf(endpointShape: ClientShape, body: unknown): ClientShape {
  if (endpointShape !== 'openai' || !isObject(body)) return endpointShape;
  if (body.messages === undefined && body.input !== undefined) return 'openai-responses';
  return isAnthropicBody(body) ? 'anthropic' : endpointShape;
}

/**
 * A Chat Completions body has no top-level `system` and declares tools as `{type: 'function',
 * function}`; only an Anthropic body has either of Anthropic's markers. A body that mixes them
 * with a role only Chat Completions has (`system`, `developer`, `tool`) is left to the Chat
 * Completions reader, which says what is wrong with it in its own terms.
 */
function isAnthropicBody(body: Record<string, unknown>): boolean {
  const { tools, messages } = body;
  const marked = body.system !== undefined || (Array.isArray(tools) && tools.some((tool) => isObject(tool) && tool.input_schema !== undefined && tool.function === undefined));
  if (!marked) return false;
  return !Array.isArray(messages) || messages.every((message) => !isObject(message) || message.role === 'user' || message.role === 'assistant');
}

/** Cursor's `tool_choice` for Chat Completions: `{type: 'auto'}` for `'auto'` (and so on). */
const TOOL_CHOICE_OBJECTS = new Set(['auto', 'none', 'required']);

/**
 * The body with what a Chat Completions server would refuse, but whose meaning is plain, said
 * the standard way: `tool_choice: {type: 'auto' | 'none' | 'required'}` (Cursor sends it, as
 * LiteLLM found, BerriAI/litellm#12098) becomes the string. The body itself when nothing changes.
 */
export function normalisedBody(shape: ClientShape, body: unknown): unknown {
  if (shape !== 'openai' || !isObject(body)) return body;
  const choice = body.tool_choice;
  if (!isObject(choice) || typeof choice.type !== 'string' || !TOOL_CHOICE_OBJECTS.has(choice.type) || Object.keys(choice).length !== 1) return body;
  // A spread, not Object.assign: an own "__proto__" key from JSON.parse must stay data.
  return { ...body, tool_choice: choice.type };
}
