import type { z } from 'zod';
import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  ImagePart,
  ResponseFormat,
  TextPart,
  ThinkingConfig,
  ToolChoice,
  ToolDefinition,
} from '../../canonical/types';
import { GatewayError, invalidRequest } from '../../errors/gateway-error';
import { isObject } from '../json-object';
import { imageSource } from '../openai/parse-request';
import { parseClientBody } from '../openai/validation';
import { functionCallItem, functionCallOutputItem, messageItem, reasoningItem, responsesRequestSchema } from './request-schema';
import type { ResponsesContentPart, ResponsesRequest } from './request-schema';
import { signatureIn } from './response-object';

/** A 400 for something the gateway does not do, saying what to do instead. */
const unsupported = (param: string, message: string): GatewayError => invalidRequest(message, param, 'unsupported_parameter');

const NOT_STORED = 'this gateway stores no responses, so send the whole conversation in `input` (with `store: false`)';

/**
 * Validates a Responses API body and converts it to the canonical request. The gateway is a
 * stateless bridge: anything that needs OpenAI's servers (stored responses, conversations,
 * hosted tools, background runs, stored prompts) is refused with a 400 that says so.
 */
export function parseResponsesRequest(body: unknown): ChatRequest {
  refuseStateful(body);
  const req = parseClientBody(responsesRequestSchema, body);
  const system: TextPart[] = [];
  if (req.instructions != null && req.instructions !== '') system.push({ type: 'text', text: req.instructions });
  const messages = convertInput(req.input, system);
  if (messages.length === 0) throw invalidRequest("Invalid 'input': it must hold at least one user or assistant message", 'input');
  const stream = req.stream === true;
  // Responses always report usage, streamed or not.
  const out: ChatRequest = { model: req.model, system, messages, stream, streamUsage: stream };
  if (req.tools != null && req.tools.length > 0) out.tools = req.tools.map(convertTool);
  if (req.tool_choice != null) out.toolChoice = convertToolChoice(req.tool_choice);
  if (req.parallel_tool_calls != null) out.parallelToolCalls = req.parallel_tool_calls;
  if (req.max_output_tokens != null) out.maxTokens = req.max_output_tokens;
  if (req.temperature != null) out.temperature = req.temperature;
  if (req.top_p != null) out.topP = req.top_p;
  const format = req.text?.format;
  if (format != null && format.type !== 'text') out.responseFormat = convertFormat(format);
  const thinking = convertEffort(req.reasoning?.effort);
  if (thinking !== undefined) out.thinking = thinking;
  // safety_identifier replaces the deprecated `user`; both name the end user.
  const user = req.safety_identifier ?? req.user;
  if (user != null) out.user = user;
  if (req.metadata != null) out.metadata = req.metadata;
  if (req.include?.includes('reasoning.encrypted_content') === true) out.includeSignatures = true;
  return out;
}

/** Members that only make sense against OpenAI's own stored state or servers. */
function refuseStateful(body: unknown): void {
  if (!isObject(body)) return;
  if (body.previous_response_id != null) throw unsupported('previous_response_id', `'previous_response_id' is not supported: ${NOT_STORED}`);
  if (body.conversation != null) throw unsupported('conversation', `'conversation' is not supported: ${NOT_STORED}`);
  if (body.background === true) throw unsupported('background', "'background: true' is not supported: this gateway answers in the request itself; leave it out and use `stream: true` for long answers");
  if (body.prompt != null) throw unsupported('prompt', "'prompt' (a stored prompt template) is not supported: send the prompt text in `instructions` and `input`");
  if (Array.isArray(body.tools)) {
    body.tools.forEach((tool, i) => {
      const type = isObject(tool) ? tool.type : undefined;
      if (typeof type !== 'string' || type === 'function') return;
      const why = type === 'custom'
        ? "custom (free-form) tools take raw text that no other provider's tools can; declare it as a 'function' tool"
        : `'${type}' is one of OpenAI's built-in tools, which run on OpenAI's servers or only with its own models; only 'function' tools are supported`;
      throw unsupported(`tools.${i}.type`, `Invalid 'tools.${i}.type': ${why}`);
    });
  }
}

/** Items in order → canonical system text and alternating messages. */
function convertInput(input: ResponsesRequest['input'], system: TextPart[]): ChatMessage[] {
  if (typeof input === 'string') return input === '' ? [] : [{ role: 'user', content: [{ type: 'text', text: input }] }];
  const messages: ChatMessage[] = [];
  // Tool results carry only the call id; Gemini needs the function name too.
  const callNames = new Map<string, string>();
  input.forEach((raw, i) => {
    const type = raw.type ?? 'message';
    switch (type) {
      case 'message': {
        const item = parseItem(messageItem, raw, i);
        if (item.role === 'system' || item.role === 'developer') {
          // Instructions may come mid-conversation; canonical keeps them in one place.
          for (const part of content(item.content, i)) if (part.type === 'text') system.push(part);
          break;
        }
        append(messages, item.role, content(item.content, i));
        break;
      }
      case 'function_call': {
        const item = parseItem(functionCallItem, raw, i);
        callNames.set(item.call_id, item.name);
        append(messages, 'assistant', [{ type: 'tool-call', id: item.call_id, name: item.name, arguments: item.arguments }]);
        break;
      }
      case 'function_call_output': {
        const item = parseItem(functionCallOutputItem, raw, i);
        const output = typeof item.output === 'string' ? [{ type: 'text' as const, text: item.output }] : content(item.output, i, 'output');
        const results = output.filter((part): part is TextPart | ImagePart => part.type === 'text' || part.type === 'image');
        appendToolResult(messages, { type: 'tool-result', toolCallId: item.call_id, name: callNames.get(item.call_id), content: results });
        break;
      }
      case 'reasoning': {
        // Only reasoning the gateway signed goes back (a provider verifies the signature over its
        // text, and needs it to go on thinking through a tool loop); other reasoning, OpenAI's own
        // included, is dropped, as providers drop earlier turns' reasoning anyway.
        const item = parseItem(reasoningItem, raw, i);
        const signature = signatureIn(item.encrypted_content);
        if (signature !== undefined) append(messages, 'assistant', [{ type: 'thinking', text: (item.summary ?? []).map((part) => part.text).join(''), signature }]);
        break;
      }
      case 'item_reference':
        // The AI SDK sends these for earlier output unless told not to store.
        throw unsupported(`input.${i}`, `Invalid 'input.${i}': item references are not supported: ${NOT_STORED}; in the AI SDK, set providerOptions: { openai: { store: false } }`);
      default:
        throw unsupported(`input.${i}.type`, `Invalid 'input.${i}.type': '${String(type)}' items are not supported; this gateway takes message, function_call, function_call_output and reasoning items`);
    }
  });
  return messages;
}

/** One item against its schema, with errors pointing into `input`. */
function parseItem<T extends z.ZodType>(schema: T, item: unknown, i: number): z.output<T> {
  try {
    return parseClientBody(schema, item);
  } catch (error) {
    if (!(error instanceof GatewayError) || error.kind !== 'invalid_request') throw error;
    const inner = error.param;
    const param = inner === undefined ? `input.${i}` : `input.${i}.${inner}`;
    const message = inner === undefined ? error.message.replace('Invalid request body', `Invalid '${param}'`) : error.message.replace(`'${inner}'`, `'${param}'`);
    throw invalidRequest(message, param);
  }
}

function content(value: string | ResponsesContentPart[], i: number, field = 'content'): Array<TextPart | ImagePart> {
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  return value.map((part, j) => convertPart(part, () => `input.${i}.${field}.${j}`));
}

function convertPart(part: ResponsesContentPart, path: () => string): TextPart | ImagePart {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: part.text };
    case 'refusal':
      return { type: 'text', text: part.refusal };
    case 'input_image': {
      if (part.image_url == null) throw unsupported(path(), `Invalid '${path()}': images by file_id are not supported (the gateway holds no files); send image_url as a URL or a base64 data URL`);
      const image: ImagePart = { type: 'image', source: imageSource(part.image_url, () => `${path()}.image_url`) };
      if (part.detail != null) image.detail = part.detail;
      return image;
    }
    case 'input_file':
      throw unsupported(path(), `Invalid '${path()}': input_file parts are not supported by this gateway; send the file's text as input_text`);
  }
}

/** Consecutive assistant items (a message, then its function calls) form one canonical turn. */
function append(messages: ChatMessage[], role: 'user' | 'assistant', parts: ContentPart[]): void {
  if (parts.length === 0) return;
  const last = messages.at(-1);
  if (last !== undefined && last.role === role && (role === 'assistant' || !onlyToolResults(last))) last.content.push(...parts);
  else messages.push({ role, content: parts });
}

/** Results of one assistant turn's calls share one user message, as they do in Anthropic's model. */
function appendToolResult(messages: ChatMessage[], part: ContentPart): void {
  const last = messages.at(-1);
  if (last !== undefined && last.role === 'user' && onlyToolResults(last)) last.content.push(part);
  else messages.push({ role: 'user', content: [part] });
}

const onlyToolResults = (message: ChatMessage): boolean => message.content.length > 0 && message.content.every((p) => p.type === 'tool-result');

function convertTool(tool: NonNullable<ResponsesRequest['tools']>[number]): ToolDefinition {
  // A function without arguments may omit its schema; other providers want one.
  const out: ToolDefinition = { name: tool.name, parameters: tool.parameters ?? { type: 'object', properties: {} } };
  if (tool.description != null) out.description = tool.description;
  if (tool.strict != null) out.strict = tool.strict;
  return out;
}

function convertToolChoice(choice: NonNullable<ResponsesRequest['tool_choice']>): ToolChoice {
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', name: choice.name };
}

function convertFormat(format: Exclude<NonNullable<NonNullable<ResponsesRequest['text']>['format']>, { type: 'text' }>): ResponseFormat {
  if (format.type === 'json_object') return { type: 'json_object' };
  const out: ResponseFormat = { type: 'json_schema', name: format.name, schema: format.schema };
  if (format.strict != null) out.strict = format.strict;
  if (format.description != null) out.description = format.description;
  return out;
}

/** `none` means "do not reason", canonically no thinking config; xhigh caps at high. */
function convertEffort(effort: NonNullable<ResponsesRequest['reasoning']>['effort']): ThinkingConfig | undefined {
  if (effort == null || effort === 'none') return undefined;
  return { effort: effort === 'xhigh' ? 'high' : effort };
}
