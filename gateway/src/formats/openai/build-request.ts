import { hash } from 'node:crypto';
import type {
  ChatMessage,
  ChatRequest,
  ImagePart,
  ResponseFormat,
  TextPart,
  ToolChoice,
  ToolResultPart,
} from '../../canonical/types';
import type { ClientShape } from '../../providers/types';
import { checkStopLimit } from '../stop-limit';

export interface OpenAIRequestOptions {
  /**
   * Where the output limit goes. api.openai.com deprecated `max_tokens` and its reasoning models
   * refuse it; most OpenAI-compatible servers (Ollama, vLLM, Groq, LM Studio…) only know it.
   */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** The most stop sequences the server takes: OpenAI and Azure take 4; unset, no limit is known. */
  maxStopSequences?: number;
  /**
   * False for a server that refuses OpenAI's `stream_options` and `user` (Mistral answers 422
   * extra_forbidden to both, and puts usage on its last stream chunk unasked). Default true.
   */
  openaiExtras?: boolean;
  /** The sampling seed's field: `seed` by default; Mistral calls it `random_seed`. */
  seedField?: string;
  /** Rewrites a tool-call id the server would refuse (Mistral takes 9 letters and digits only). */
  toolCallId?: (id: string) => string;
  /**
   * Send the server's own reasoning back as `reasoning_content` on the assistant turns that carry
   * it. DeepSeek's thinking mode refuses a tool-calling turn without it (400 "Missing
   * `reasoning_content` field"); Groq, Cerebras and OpenAI refuse the field itself, hence opt-in.
   */
  replayReasoning?: boolean;
  /**
   * OpenAI's chat fields beyond the common ones that the server takes: `verbosity` (GPT-5 models,
   * told by name: an Azure deployment named otherwise goes without it) and `service_tier`.
   * Servers not listed take neither (Azure offers service tiers only in an invitation preview,
   * and refuses arguments it does not know; compatible servers name their tiers otherwise).
   */
  openaiFields?: ReadonlyArray<'verbosity' | 'service_tier'>;
}

/** GPT-5 models (`gpt-5`, `gpt-5.1`, `gpt-5-mini`…), the ones that take `verbosity`. */
const GPT5 = /^gpt-5(?:$|[.-])/;

type WireMessage = Record<string, unknown>;
type WirePart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } };

/**
 * Canonical request → OpenAI chat.completions body for `model`. Throws GatewayError
 * (untranslatable_content) for what this server cannot take, so a fallback route moves on.
 */
export function buildChatRequest(
  request: ChatRequest,
  model: string,
  options: OpenAIRequestOptions,
  // Only an Anthropic client's body is translated to OpenAI's own API (an OpenAI-shaped one goes natively).
  client: ClientShape = 'anthropic',
): Record<string, unknown> {
  if (options.maxStopSequences !== undefined) checkStopLimit(request, options.maxStopSequences, client);
  const body: Record<string, unknown> = { model, messages: buildMessages(request, options.toolCallId ?? sameId, options.replayReasoning === true) };
  const hasTools = request.tools !== undefined && request.tools.length > 0;
  if (hasTools) {
    body.tools = request.tools?.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      },
    }));
  }
  if (request.toolChoice !== undefined) body.tool_choice = toolChoice(request.toolChoice);
  // OpenAI answers 400 to parallel_tool_calls without tools.
  if (request.parallelToolCalls !== undefined && hasTools) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.maxTokens !== undefined) body[options.maxTokensField] = Math.min(request.maxTokens, outputCap(model) ?? request.maxTokens);
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  if (request.seed !== undefined) body[options.seedField ?? 'seed'] = request.seed;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.responseFormat !== undefined) body.response_format = responseFormat(request.responseFormat);
  // Only an explicit effort maps: a bare token budget (Anthropic clients) sent to a model that
  // does not reason would be refused, and guessing an effort from a budget is arbitrary.
  if (request.thinking?.effort !== undefined) body.reasoning_effort = request.thinking.effort;
  const fields = options.openaiFields;
  if (request.verbosity !== undefined && fields?.includes('verbosity') === true && GPT5.test(model)) body.verbosity = request.verbosity;
  if (request.serviceTier !== undefined && fields?.includes('service_tier') === true) body.service_tier = request.serviceTier;
  const extras = options.openaiExtras !== false;
  if (request.user !== undefined && extras) body.user = endUserId(request.user);
  if (request.stream) {
    body.stream = true;
    // Always: the gateway needs the usage chunk for costs even when the client did not ask.
    if (extras) body.stream_options = { include_usage: true };
  }
  return body;
}

/**
 * OpenAI models whose output cap is below what clients of other providers ask for (Claude Code
 * asks for 32000): more is a 400 "max_tokens is too large". A limit is only an upper bound, so
 * asking for the cap instead loses nothing. Caps from platform.openai.com/docs/models.
 */
const OUTPUT_CAPS: ReadonlyArray<readonly [RegExp, number]> = [
  [/(?:^|\/)(?:gpt-4o|chatgpt-4o)/, 16384],
  [/(?:^|\/)gpt-4\.1/, 32768],
  [/(?:^|\/)(?:gpt-4-turbo|gpt-3\.5-turbo)/, 4096],
];

function outputCap(model: string): number | undefined {
  for (const [pattern, cap] of OUTPUT_CAPS) if (pattern.test(model)) return cap;
  return undefined;
}

// Longer `user` values are reported refused by OpenAI (other gateways hash them for it too); the
// API reference states no limit, so this keeps to the reported one.
const MAX_USER_LENGTH = 64;

/**
 * An end-user id that fits OpenAI's `user`. Anthropic clients' `metadata.user_id` can be far
 * longer (Claude Code's are ~120 characters): such an id is sent as its SHA-256 in hex (64
 * characters), which still tells one end user from another and is the same on every request.
 */
function endUserId(user: string): string {
  return user.length <= MAX_USER_LENGTH ? user : hash('sha256', user, 'hex');
}

const sameId = (id: string): string => id;

function buildMessages(request: ChatRequest, toolCallId: (id: string) => string, replayReasoning: boolean): WireMessage[] {
  const out: WireMessage[] = [];
  if (request.system.length > 0) out.push({ role: 'system', content: request.system.map((p) => p.text).join('\n\n') });
  for (const message of request.messages) {
    if (message.role === 'assistant') out.push(assistantMessage(message, toolCallId, replayReasoning));
    else out.push(...userMessages(message, toolCallId));
  }
  return out;
}

function assistantMessage(message: ChatMessage, toolCallId: (id: string) => string, replayReasoning: boolean): WireMessage {
  const text: string[] = [];
  const toolCalls: unknown[] = [];
  let reasoning = '';
  for (const part of message.content) {
    if (part.type === 'text') text.push(part.text);
    // Unsigned reasoning is an OpenAI-compatible server's own; Claude's and Gemini's are signed.
    else if (part.type === 'thinking' && replayReasoning && !part.signature) reasoning += part.text;
    else if (part.type === 'tool-call') {
      toolCalls.push({
        id: toolCallId(part.id),
        type: 'function',
        // Servers parse arguments as JSON; a call without arguments is the empty object.
        function: { name: part.name, arguments: part.arguments === '' ? '{}' : part.arguments },
      });
    }
    // Otherwise thinking parts are dropped: chat.completions has no input field for them.
  }
  const out: WireMessage = { role: 'assistant', content: text.length > 0 ? text.join('') : toolCalls.length > 0 ? null : '' };
  if (reasoning !== '') out.reasoning_content = reasoning;
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  if (message.name !== undefined) out.name = message.name;
  return out;
}

/**
 * Tool results become `role: tool` messages, which must directly follow the assistant turn
 * that made the calls, so they go first; the user's own content follows in a user message.
 * Tool messages carry text only, so images a tool returned join that user message.
 */
function userMessages(message: ChatMessage, toolCallId: (id: string) => string): WireMessage[] {
  const tools: WireMessage[] = [];
  const parts: WirePart[] = [];
  for (const part of message.content) {
    if (part.type === 'tool-result') {
      tools.push({ role: 'tool', tool_call_id: toolCallId(part.toolCallId), content: toolResultText(part) });
      for (const item of part.content) if (item.type === 'image') parts.push(imagePart(item));
    } else if (part.type === 'text') {
      parts.push({ type: 'text', text: part.text });
    } else if (part.type === 'image') {
      parts.push(imagePart(part));
    }
  }
  if (parts.length === 0) return tools;
  const first = parts[0];
  const content = parts.length === 1 && first?.type === 'text' ? first.text : parts;
  const user: WireMessage = { role: 'user', content };
  if (message.name !== undefined) user.name = message.name;
  return [...tools, user];
}

/**
 * A tool message has no failure flag, so a failed call says so in its text, the way Gemini's
 * `functionResponse` carries `{error: …}`: otherwise the model reads the error as the result.
 */
function toolResultText(part: ToolResultPart): string {
  const text = part.content.filter((c): c is TextPart => c.type === 'text').map((c) => c.text).join('\n');
  if (part.isError !== true) return text;
  return text === '' ? 'Error' : `Error: ${text}`;
}

function imagePart(part: ImagePart): WirePart {
  const url = part.source.kind === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`;
  return { type: 'image_url', image_url: part.detail === undefined ? { url } : { url, detail: part.detail } };
}

function toolChoice(choice: ToolChoice): unknown {
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
}

function responseFormat(format: ResponseFormat): unknown {
  if (format.type !== 'json_schema') return { type: format.type };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name,
      schema: format.schema,
      ...(format.strict === undefined ? {} : { strict: format.strict }),
      ...(format.description === undefined ? {} : { description: format.description }),
    },
  };
}
