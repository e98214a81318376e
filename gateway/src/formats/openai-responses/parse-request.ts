import type { z } from 'zod';
import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  ImagePart,
  ResponseFormat,
  TextPart,
  ThinkingConfig,
} from '../../canonical/types';
import { invalidRequest } from '../../errors/gateway-error';
import type { GatewayError } from '../../errors/gateway-error';
import { isObject } from '../json-object';
import { imageSource } from '../openai/parse-request';
import { parseClientBody } from '../openai/validation';
import { parseAt } from './parse-at';
import type { Refuse } from './parse-at';
import { convertToolChoice, convertTools } from './parse-tools';
import { functionCallItem, functionCallOutputItem, messageItem, reasoningItem, responsesRequestSchema } from './request-schema';
import type { ResponsesContentPart, ResponsesRequest } from './request-schema';
import { signatureIn } from './response-object';

/**
 * What only OpenAI itself can do with a request: the reason, for a target it would have to be
 * translated for. The request can still go natively to an OpenAI provider; the executor skips
 * every other target, and answers with this when no target could take it.
 */
const onlyOpenAI = (param: string, what: string, instead: string): GatewayError =>
  invalidRequest(
    `${what} only works when the request goes to an OpenAI provider (type: openai, or azure with nativeResponses), which takes the Responses API as sent; this route's target is another provider, which gets it translated, so ${instead}`,
    param,
    'untranslatable_content',
  );

const STATELESS = 'send the whole conversation in `input` (with `store: false`)';

/**
 * Validates a Responses API body and converts it to the canonical request, throwing for what
 * cannot be translated. See inspectResponsesRequest.
 */
export function parseResponsesRequest(body: unknown): ChatRequest {
  const { request, untranslatable } = inspectResponsesRequest(body);
  if (untranslatable !== undefined) throw untranslatable;
  return request;
}

/**
 * Validates a Responses API body and converts it to the canonical request. What needs OpenAI's
 * own servers (stored responses and conversations, stored prompts, hosted and custom tools,
 * item references, files) is noted as `untranslatable` rather than refused: it goes natively to
 * an OpenAI provider, and only a target the request must be translated for refuses it.
 */
export function inspectResponsesRequest(body: unknown): { request: ChatRequest; untranslatable?: GatewayError } {
  let untranslatable: GatewayError | undefined;
  const request = parse(body, (error) => void (untranslatable ??= error));
  return untranslatable === undefined ? { request } : { request, untranslatable };
}

function parse(body: unknown, refuseFor: Refuse): ChatRequest {
  let noted = false;
  const refuse: Refuse = (error) => {
    noted = true;
    refuseFor(error);
  };
  noteStateful(body, refuse);
  const req = parseClientBody(responsesRequestSchema, body);
  const system: TextPart[] = [];
  if (req.instructions != null && req.instructions !== '') system.push({ type: 'text', text: req.instructions });
  const messages = convertInput(req.input, system, refuse);
  // Something to answer, unless it is in what only OpenAI reads (a stored response, a hosted tool's output).
  if (messages.length === 0 && !noted) throw invalidRequest("Invalid 'input': it must hold at least one user or assistant message", 'input');
  const stream = req.stream === true;
  // Responses always report usage, streamed or not.
  const out: ChatRequest = { model: req.model, system, messages, stream, streamUsage: stream };
  const tools = convertTools(req.tools, refuse);
  if (tools.length > 0) out.tools = tools;
  if (req.tool_choice != null) {
    const choice = convertToolChoice(req.tool_choice, refuse);
    if (choice !== undefined) out.toolChoice = choice;
  }
  if (req.parallel_tool_calls != null) out.parallelToolCalls = req.parallel_tool_calls;
  if (req.max_output_tokens != null) out.maxTokens = req.max_output_tokens;
  if (req.temperature != null) out.temperature = req.temperature;
  if (req.top_p != null) out.topP = req.top_p;
  const format = req.text?.format;
  if (format != null && format.type !== 'text') out.responseFormat = convertFormat(format);
  if (req.text?.verbosity != null) out.verbosity = req.text.verbosity;
  if (req.service_tier != null) out.serviceTier = req.service_tier;
  const thinking = convertEffort(req.reasoning?.effort);
  if (thinking !== undefined) out.thinking = thinking;
  // safety_identifier replaces the deprecated `user`; both name the end user.
  const user = req.safety_identifier ?? req.user;
  if (user != null) out.user = user;
  if (req.metadata != null) out.metadata = req.metadata;
  if (req.include?.includes('reasoning.encrypted_content') === true) out.includeSignatures = true;
  return out;
}

/**
 * Members that refer to OpenAI's own stored state, or make some. They go natively to OpenAI;
 * translated, there is nothing they could refer to. A background run is OpenAI's too: it is
 * polled by its id, which only the provider that runs it can answer.
 */
function noteStateful(body: unknown, refuse: Refuse): void {
  if (!isObject(body)) return;
  if (body.background === true) refuse(onlyOpenAI('background', "'background: true' (a run OpenAI keeps going, to be polled by its id)", 'leave it out and use `stream: true` for long answers'));
  if (body.previous_response_id != null) refuse(onlyOpenAI('previous_response_id', "'previous_response_id' refers to a response OpenAI stored: it", STATELESS));
  if (body.conversation != null) refuse(onlyOpenAI('conversation', "'conversation' refers to a conversation OpenAI stored: it", STATELESS));
  if (body.prompt != null) refuse(onlyOpenAI('prompt', "'prompt' (a prompt template OpenAI stored)", 'send the prompt text in `instructions` and `input`'));
}

/** Items in order → canonical system text and alternating messages. */
function convertInput(input: ResponsesRequest['input'], system: TextPart[], refuse: Refuse): ChatMessage[] {
  if (input === undefined) return [];
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
          for (const part of content(item.content, i, refuse)) if (part.type === 'text') system.push(part);
          break;
        }
        append(messages, item.role, content(item.content, i, refuse));
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
        const output = typeof item.output === 'string' ? [{ type: 'text' as const, text: item.output }] : content(item.output, i, refuse, 'output');
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
        refuse(onlyOpenAI(`input.${i}`, `Invalid 'input.${i}': an item reference refers to an item OpenAI stored: it`, `${STATELESS}; in the AI SDK, set providerOptions: { openai: { store: false } }`));
        break;
      default:
        // Hosted tools' calls and outputs (web_search_call, computer_call_output…): OpenAI's alone.
        refuse(invalidRequest(`Invalid 'input.${i}.type': '${String(type)}' items cannot be translated to this provider; only OpenAI (type: openai, or azure with nativeResponses) takes them, and other providers take message, function_call, function_call_output and reasoning items`, `input.${i}.type`, 'untranslatable_content'));
        break;
    }
  });
  return messages;
}

/** One item against its schema, with errors pointing into `input`. */
function parseItem<T extends z.ZodType>(schema: T, item: unknown, i: number): z.output<T> {
  return parseAt(schema, item, `input.${i}`);
}

function content(value: string | ResponsesContentPart[], i: number, refuse: Refuse, field = 'content'): Array<TextPart | ImagePart> {
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  const parts: Array<TextPart | ImagePart> = [];
  value.forEach((part, j) => {
    const converted = convertPart(part, () => `input.${i}.${field}.${j}`, refuse);
    if (converted !== undefined) parts.push(converted);
  });
  return parts;
}

/** One content part; undefined for a file, which only OpenAI reads (noted as untranslatable). */
function convertPart(part: ResponsesContentPart, path: () => string, refuse: Refuse): TextPart | ImagePart | undefined {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: part.text };
    case 'refusal':
      return { type: 'text', text: part.refusal };
    case 'input_image': {
      if (part.image_url == null) {
        refuse(invalidRequest(`Invalid '${path()}': an image by file_id (a file OpenAI stored) cannot be translated to this provider; send image_url as a URL or a base64 data URL`, path(), 'untranslatable_content'));
        return undefined;
      }
      const image: ImagePart = { type: 'image', source: imageSource(part.image_url, () => `${path()}.image_url`) };
      if (part.detail != null) image.detail = part.detail;
      return image;
    }
    case 'input_file':
      refuse(invalidRequest(`Invalid '${path()}': input_file parts cannot be translated to this provider; only OpenAI (type: openai, or azure with nativeResponses) reads them; send the file's text as input_text`, path(), 'untranslatable_content'));
      return undefined;
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
