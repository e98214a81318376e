import { isRecord, records, str } from '../core/json';
import type { JsonReply } from '../core/route';
import { isDeepSeekThinker } from './chat';
import { openAIError } from './errors';

const ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'];

const bad = (message: string, param: string | null, code: string | null = null): JsonReply =>
  openAIError(400, message, 'invalid_request_error', param, code);

/** The output caps of models that take fewer completion tokens than clients of other providers ask for. */
const OUTPUT_CAPS: Array<[RegExp, number]> = [
  [/^(?:gpt-4o|chatgpt-4o)/, 16384],
  [/^gpt-4\.1/, 32768],
  [/^(?:gpt-4-turbo|gpt-3\.5-turbo)/, 4096],
];

/** o-series and GPT-5 models: `max_completion_tokens` only. */
const REASONING_MODEL = /^(?:o\d|gpt-5)/;

/** What the server knows beyond the body: Azure's deployment model and API version. */
export interface ServedBy {
  model?: string;
  apiVersion?: string;
}

/**
 * The output limit's field as the server takes it. Reasoning models refuse `max_tokens` (400
 * unsupported_parameter, on OpenAI and Azure alike); Azure API versions before 2024-09-01-preview
 * do not know `max_completion_tokens` (openai/openai-python#1724: "Unrecognized request argument
 * supplied: max_completion_tokens", no param, no code).
 */
function validateTokenField(body: Record<string, unknown>, target: ServedBy): JsonReply | undefined {
  const model = target.model ?? (typeof body.model === 'string' ? body.model : '');
  if (body.max_tokens != null && REASONING_MODEL.test(model)) {
    return bad("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'max_tokens', 'unsupported_parameter');
  }
  if (body.max_completion_tokens != null && target.apiVersion !== undefined && target.apiVersion.slice(0, 10) < '2024-09-01') {
    return bad('Unrecognized request argument supplied: max_completion_tokens', null);
  }
  return undefined;
}

/**
 * The checks OpenAI applies to a chat request that a gateway's translation most easily gets wrong:
 * roles, tool-call/tool-result pairing, string-typed arguments, stream_options without stream,
 * the output limit's field, and an output limit above what the model can write.
 */
export function validateChat(body: unknown, requireModel: boolean, target: ServedBy = {}): JsonReply | undefined {
  if (!isRecord(body)) return bad('Invalid request body: expected an object.', null);
  if (requireModel && typeof body.model !== 'string') return bad('you must provide a model parameter', null);
  const tokenField = validateTokenField(body, target);
  if (tokenField) return tokenField;
  if (!Array.isArray(body.messages)) {
    return bad("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  if (body.messages.length === 0) {
    return bad(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  if (body.stream_options != null && body.stream !== true) {
    return bad("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  const cap = typeof body.model === 'string' ? OUTPUT_CAPS.find(([pattern]) => pattern.test(body.model as string))?.[1] : undefined;
  for (const field of ['max_tokens', 'max_completion_tokens']) {
    const asked = body[field];
    if (cap !== undefined && typeof asked === 'number' && asked > cap) {
      return bad(`${field} is too large: ${asked}. This model supports at most ${cap} completion tokens, whereas you provided ${asked}.`, field, 'invalid_value');
    }
  }
  if (typeof body.model === 'string' && isDeepSeekThinker(body.model)) {
    const missing = records(body.messages).findIndex((m) => m.role === 'assistant' && Array.isArray(m.tool_calls) && typeof m.reasoning_content !== 'string');
    // DeepSeek's thinking mode with tool calls needs the reasoning of each tool-calling turn back.
    if (missing >= 0) {
      return bad(`Missing \`reasoning_content\` field in the assistant message at message index ${missing}. For more information, please refer to https://api-docs.deepseek.com/guides/thinking_mode#tool-calls`, null);
    }
  }
  return validateMessages(body.messages);
}

function validateMessages(messages: unknown[]): JsonReply | undefined {
  const pending = new Set<string>();
  let pendingFrom = -1;
  for (const [i, message] of messages.entries()) {
    if (!isRecord(message)) return bad(`Invalid type for 'messages[${i}]': expected an object.`, `messages[${i}]`);
    const role = str(message.role) ?? '';
    if (!ROLES.includes(role)) {
      return bad(
        `Invalid value: '${role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `messages[${i}].role`,
        'invalid_value',
      );
    }
    if (role === 'tool') {
      const id = str(message.tool_call_id);
      if (pendingFrom < 0 || id === undefined || !pending.has(id)) {
        return bad(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${i}].role`,
        );
      }
      pending.delete(id);
      continue;
    }
    if (pending.size > 0) return unanswered(pendingFrom, pending);
    pendingFrom = -1;
    if (role === 'assistant' && Array.isArray(message.tool_calls)) {
      for (const [j, call] of records(message.tool_calls).entries()) {
        // A GPT-5 custom tool call carries free-form `custom.input` instead of function arguments.
        if (call.type === 'custom') {
          const custom = isRecord(call.custom) ? call.custom : {};
          if (typeof custom.input !== 'string') {
            return bad(
              `Invalid type for 'messages[${i}].tool_calls[${j}].custom.input': expected a string, but got ${typeof custom.input} instead.`,
              `messages[${i}].tool_calls[${j}].custom.input`,
              'invalid_type',
            );
          }
          if (typeof call.id === 'string') pending.add(call.id);
          continue;
        }
        const fn = isRecord(call.function) ? call.function : {};
        if (typeof fn.arguments !== 'string') {
          return bad(
            `Invalid type for 'messages[${i}].tool_calls[${j}].function.arguments': expected a string, but got ${typeof fn.arguments} instead.`,
            `messages[${i}].tool_calls[${j}].function.arguments`,
            'invalid_type',
          );
        }
        if (typeof call.id === 'string') pending.add(call.id);
      }
      pendingFrom = i;
    }
  }
  return pending.size > 0 ? unanswered(pendingFrom, pending) : undefined;
}

function unanswered(index: number, ids: Set<string>): JsonReply {
  return bad(
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...ids].join(', ')}`,
    `messages.[${index}].role`,
  );
}

/** Embeddings need a model (unless Azure supplies it) and a non-empty input. */
export function validateEmbeddings(body: unknown, requireModel: boolean): JsonReply | undefined {
  if (!isRecord(body)) return bad('Invalid request body: expected an object.', null);
  if (requireModel && typeof body.model !== 'string') return bad('you must provide a model parameter', null);
  const input = body.input;
  const empty = input === undefined || input === '' || (Array.isArray(input) && input.length === 0);
  if (empty) return bad("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", null);
  return undefined;
}
