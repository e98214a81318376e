import { commonChatRequest } from './common-request';
import type {
  CacheControl,
  ChatMessage,
  ChatRequest,
  ImagePart,
  ResponseFormat,
  TextPart,
  ThinkingConfig,
  ToolChoice,
  ToolDefinition,
} from '../../canonical/types';
import { invalidRequest } from '../../errors/gateway-error';
import { isObject } from '../json-object';
import type { GatewayError } from '../../errors/gateway-error';
import { chatRequestSchema, type OpenAIChatMessage, type OpenAIChatRequest, type OpenAIUserPart } from './request-schema';
import { parseClientBody } from './validation';

/** Called with what cannot be translated; the default throws it. */
type Refuse = (error: GatewayError) => void;
const throwIt: Refuse = (error) => {
  throw error;
};

/** Validates an OpenAI chat.completions body and converts it to the canonical request. */
export function parseChatRequest(body: unknown): ChatRequest {
  return parse(body, throwIt);
}

/**
 * Like parseChatRequest, but what only OpenAI itself understands (n > 1, logprobs, audio and
 * file parts, custom tools and their calls, `allowed_tools`, legacy `functions`) is reported
 * instead of thrown: such a request can still go to an OpenAI-shaped provider untouched.
 */
export function inspectChatRequest(body: unknown): { request: ChatRequest; untranslatable?: GatewayError } {
  let untranslatable: GatewayError | undefined;
  const request = parse(body, (error) => void (untranslatable ??= error));
  return untranslatable === undefined ? { request } : { request, untranslatable };
}

function parse(body: unknown, refuse: Refuse): ChatRequest {
  const req = commonChatRequest(body) ?? parseClientBody(chatRequestSchema, body);
  if (req.n != null && req.n > 1) {
    refuse(invalidRequest('n > 1 is not supported: only one choice can be translated to this provider', 'n', 'untranslatable_content'));
  }
  if (req.functions !== undefined && req.functions !== null) {
    refuse(invalidRequest("The deprecated 'functions' parameter cannot be translated; use 'tools' instead", 'functions', 'untranslatable_content'));
  }
  // The cache's uncacheableReason reads the same condition: a canonical answer has no logprobs.
  if (req.logprobs === true || (req.top_logprobs != null && req.top_logprobs > 0)) {
    const param = req.logprobs === true ? 'logprobs' : 'top_logprobs';
    refuse(invalidRequest(`'${param}' is not supported: log probabilities cannot be translated to this provider`, param, 'untranslatable_content'));
  }

  const { system, messages } = convertMessages(req.messages, refuse);
  const out: ChatRequest = {
    model: req.model,
    system,
    messages,
    stream: req.stream === true,
    streamUsage: req.stream === true && req.stream_options?.include_usage === true,
  };
  if (req.tools != null && req.tools.length > 0) {
    const tools = convertTools(req.tools, refuse);
    if (tools.length > 0) out.tools = tools;
  }
  if (req.tool_choice != null) {
    const toolChoice = convertToolChoice(req.tool_choice, refuse);
    if (toolChoice !== undefined) out.toolChoice = toolChoice;
  }
  if (req.parallel_tool_calls != null) out.parallelToolCalls = req.parallel_tool_calls;
  const maxTokens = req.max_completion_tokens ?? req.max_tokens;
  if (maxTokens != null) out.maxTokens = maxTokens;
  if (req.temperature != null) out.temperature = req.temperature;
  if (req.top_p != null) out.topP = req.top_p;
  if (req.stop != null) out.stop = typeof req.stop === 'string' ? [req.stop] : req.stop;
  if (req.seed != null) out.seed = req.seed;
  if (req.frequency_penalty != null) out.frequencyPenalty = req.frequency_penalty;
  if (req.presence_penalty != null) out.presencePenalty = req.presence_penalty;
  if (req.response_format != null) out.responseFormat = convertResponseFormat(req.response_format);
  const thinking = convertEffort(req.reasoning_effort);
  if (thinking !== undefined) out.thinking = thinking;
  if (req.user != null) out.user = req.user;
  if (req.metadata != null) out.metadata = req.metadata;
  return out;
}

function convertMessages(input: OpenAIChatMessage[], refuse: Refuse): { system: TextPart[]; messages: ChatMessage[] } {
  const system: TextPart[] = [];
  const messages: ChatMessage[] = [];
  // Tool results carry only the call id; Gemini needs the function name, so remember it.
  const toolNames = new Map<string, string>();
  // Legacy `function` messages answer the latest unanswered `function_call` with that name.
  const pendingFunctionCalls = new Map<string, string>();

  input.forEach((message, i) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        // OpenAI lets instructions appear mid-conversation; canonical keeps them in one place.
        system.push(...textParts(message.content));
        return;
      case 'user': {
        const out: ChatMessage = { role: 'user', content: userContent(message.content, i, refuse) };
        if (message.name != null) out.name = message.name;
        messages.push(out);
        return;
      }
      case 'assistant': {
        const out: ChatMessage = { role: 'assistant', content: [] };
        if (typeof message.content === 'string') {
          if (message.content !== '') out.content.push({ type: 'text', text: message.content });
        } else if (message.content != null) {
          // Refusal parts are the model's own earlier words; there is no canonical refusal part.
          for (const part of message.content) if (part.type === 'text') out.content.push(textPart(part));
        }
        message.tool_calls?.forEach((call, j) => {
          if (call.type === 'custom') {
            refuse(invalidRequest(`Invalid 'messages.${i}.tool_calls.${j}': custom tool calls cannot be translated to this provider`, `messages.${i}.tool_calls.${j}`, 'untranslatable_content'));
            return;
          }
          toolNames.set(call.id, call.function.name);
          out.content.push({ type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments });
        });
        if (message.function_call != null) {
          const id = `call_fn_${i}`;
          pendingFunctionCalls.set(message.function_call.name, id);
          toolNames.set(id, message.function_call.name);
          out.content.push({ type: 'tool-call', id, name: message.function_call.name, arguments: message.function_call.arguments });
        }
        if (message.name != null) out.name = message.name;
        messages.push(out);
        return;
      }
      case 'tool':
        pushToolResult(messages, message.tool_call_id, toolNames.get(message.tool_call_id), textParts(message.content));
        return;
      case 'function': {
        const id = pendingFunctionCalls.get(message.name);
        if (id === undefined) {
          throw invalidRequest(`Invalid 'messages.${i}': a function message must follow an assistant function_call named '${message.name}'`, `messages.${i}`);
        }
        pendingFunctionCalls.delete(message.name);
        pushToolResult(messages, id, message.name, message.content == null ? [] : [{ type: 'text', text: message.content }]);
        return;
      }
    }
  });
  return { system, messages };
}

/** Consecutive tool messages answer one assistant turn, so they share one user message. */
function pushToolResult(messages: ChatMessage[], toolCallId: string, name: string | undefined, content: TextPart[]): void {
  const part = { type: 'tool-result' as const, toolCallId, content, ...(name === undefined ? {} : { name }) };
  const last = messages[messages.length - 1];
  if (last !== undefined && last.role === 'user' && last.content.length > 0 && last.content.every((p) => p.type === 'tool-result')) {
    last.content.push(part);
  } else {
    messages.push({ role: 'user', content: [part] });
  }
}

type MarkedText = { type: 'text'; text: string; cache_control?: unknown };

function textParts(content: string | MarkedText[]): TextPart[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content.map(textPart);
}

/** A text part, with its prompt-cache marker (`cache_control`) when it has one. */
function textPart(part: MarkedText): TextPart {
  const cache = cacheMarker(part.cache_control);
  return cache ? { type: 'text', text: part.text, cacheControl: cache } : { type: 'text', text: part.text };
}

/** `cache_control: {type: "ephemeral", ttl?}` as the canonical marker; anything else means nothing, and a TTL Anthropic does not take (only 5m and 1h) is left out. */
function cacheMarker(marker: unknown): CacheControl | undefined {
  if (!isObject(marker) || marker.type !== 'ephemeral') return undefined;
  return marker.ttl === '5m' || marker.ttl === '1h' ? { type: 'ephemeral', ttl: marker.ttl } : { type: 'ephemeral' };
}

function userContent(content: string | OpenAIUserPart[], i: number, refuse: Refuse): Array<TextPart | ImagePart> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  const parts: Array<TextPart | ImagePart> = [];
  content.forEach((part, j) => {
    const converted = convertUserPart(part, () => `messages.${i}.content.${j}`, refuse);
    if (converted !== undefined) parts.push(converted);
  });
  return parts;
}

/** `path` is a function so the dotted path is only built for an error (it runs for every part). */
function convertUserPart(part: OpenAIUserPart, path: () => string, refuse: Refuse): TextPart | ImagePart | undefined {
  switch (part.type) {
    case 'text':
      return textPart(part);
    case 'image_url': {
      const ref = typeof part.image_url === 'string' ? { url: part.image_url } : part.image_url;
      const image: ImagePart = { type: 'image', source: imageSource(ref.url, () => `${path()}.image_url.url`) };
      if ('detail' in ref && ref.detail != null) image.detail = ref.detail;
      const cache = cacheMarker(part.cache_control);
      if (cache) image.cacheControl = cache;
      return image;
    }
    case 'input_audio':
      refuse(invalidRequest(`Invalid '${path()}': audio input parts cannot be translated to this provider`, path(), 'untranslatable_content'));
      return undefined;
    case 'file':
      refuse(invalidRequest(`Invalid '${path()}': file parts cannot be translated to this provider`, path(), 'untranslatable_content'));
      return undefined;
  }
}

const dataUrl = /^data:([^;,]+)((?:;[^;,]*)*?);base64,(.*)$/s;

/** An image URL as OpenAI clients send it (http(s) or a base64 data URL), canonically. */
export function imageSource(url: string, path: () => string): ImagePart['source'] {
  if (url.startsWith('data:')) {
    const match = dataUrl.exec(url);
    if (match === null) throw invalidRequest(`Invalid '${path()}': image data URLs must be base64 (data:<type>;base64,...)`, path());
    return { kind: 'base64', mediaType: match[1] ?? 'application/octet-stream', data: match[3] ?? '' };
  }
  if (!/^https?:\/\//i.test(url)) throw invalidRequest(`Invalid '${path()}': expected an http(s) URL or a base64 data URL`, path());
  return { kind: 'url', url };
}

/** Function tools; custom (free-form) tools take text no other provider's tools can, so they are refused. */
function convertTools(tools: NonNullable<OpenAIChatRequest['tools']>, refuse: Refuse): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  tools.forEach((tool, i) => {
    if (tool.type === 'custom') {
      refuse(invalidRequest(`Invalid 'tools.${i}': custom tools cannot be translated to this provider`, `tools.${i}`, 'untranslatable_content'));
      return;
    }
    const fn = tool.function;
    // OpenAI allows omitting parameters (a function without arguments); others want a schema.
    const definition: ToolDefinition = { name: fn.name, parameters: fn.parameters ?? { type: 'object', properties: {} } };
    if (fn.description != null) definition.description = fn.description;
    if (fn.strict != null) definition.strict = fn.strict;
    out.push(definition);
  });
  return out;
}

function convertToolChoice(choice: NonNullable<OpenAIChatRequest['tool_choice']>, refuse: Refuse): ToolChoice | undefined {
  if (typeof choice === 'string') return { type: choice };
  if (choice.type === 'function') return { type: 'tool', name: choice.function.name };
  const what = choice.type === 'custom' ? 'a custom tool choice' : 'an allowed_tools tool choice';
  refuse(invalidRequest(`Invalid 'tool_choice': ${what} cannot be translated to this provider`, 'tool_choice', 'untranslatable_content'));
  return undefined;
}

function convertResponseFormat(format: NonNullable<OpenAIChatRequest['response_format']>): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const spec = format.json_schema;
  // A json_schema without a schema constrains nothing beyond "JSON", which is json_object.
  if (spec.schema == null) return { type: 'json_object' };
  const out: ResponseFormat = { type: 'json_schema', name: spec.name, schema: spec.schema };
  if (spec.strict != null) out.strict = spec.strict;
  if (spec.description != null) out.description = spec.description;
  return out;
}

/** `none` means "do not reason", which canonically is no thinking config; xhigh/max cap at high. */
function convertEffort(effort: OpenAIChatRequest['reasoning_effort']): ThinkingConfig | undefined {
  if (effort == null || effort === 'none') return undefined;
  if (effort === 'xhigh' || effort === 'max') return { effort: 'high' };
  return { effort };
}
