import { z } from 'zod';
import { jsonObjectSchema } from '../json-object';

/**
 * zod schemas for an OpenAI `POST /v1/chat/completions` body, as clients send it. Optional
 * fields accept `null` because the official SDKs and LangChain serialise unset options as null.
 * Unknown fields pass through (OpenAI keeps adding parameters; we ignore what we cannot map).
 */

/**
 * Anthropic's prompt-cache marker on a part, as LiteLLM and OpenRouter take it in OpenAI bodies
 * (Cursor, aider and Continue send it for Claude models). Taken as anything, as before it was
 * read: only `{type: "ephemeral"}` means something (parse-request.ts), and only to a provider
 * that caches by marker.
 */
const cacheControl = z.unknown().optional();

const textPart = z.object({ type: z.literal('text'), text: z.string(), cache_control: cacheControl });

const imagePart = z.object({
  type: z.literal('image_url'),
  cache_control: cacheControl,
  // Some clients send the URL as a bare string; OpenAI wants {url}. Accept both.
  image_url: z.union([
    z.string(),
    z.object({ url: z.string(), detail: z.enum(['auto', 'low', 'high']).nullish() }),
  ], { error: 'expected an object {url, detail}' }),
});

// Parts we recognise but cannot translate: validated loosely so conversion can name them.
const audioPart = z.looseObject({ type: z.literal('input_audio') });
const filePart = z.looseObject({ type: z.literal('file') });
const refusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() });

const userPart = z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart]);
const assistantPart = z.discriminatedUnion('type', [textPart, refusalPart]);

const textContent = z.union([z.string(), z.array(textPart)], {
  error: 'expected a string or an array of text parts',
});

const functionToolCall = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
// A call to a GPT-5 custom (free-form) tool: recognised but untranslatable, so checked loosely.
const customToolCall = z.looseObject({
  id: z.string(),
  type: z.literal('custom'),
  custom: z.looseObject({ name: z.string(), input: z.string() }),
});
const toolCall = z.discriminatedUnion('type', [functionToolCall, customToolCall]);

const name = z.string().nullish();

const systemMessage = z.object({ role: z.literal('system'), content: textContent, name });
const developerMessage = z.object({ role: z.literal('developer'), content: textContent, name });
const userMessage = z.object({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(userPart)], {
    error: 'expected a string or an array of content parts',
  }),
  name,
});
const assistantMessage = z.object({
  role: z.literal('assistant'),
  content: z
    .union([z.string(), z.array(assistantPart)], { error: 'expected a string, an array of text parts or null' })
    .nullish(),
  tool_calls: z.array(toolCall).nullish(),
  function_call: z.object({ name: z.string(), arguments: z.string() }).nullish(),
  refusal: z.string().nullish(),
  name,
});
const toolMessage = z.object({ role: z.literal('tool'), tool_call_id: z.string(), content: textContent });
/** The deprecated predecessor of `tool`: answers the latest `function_call` of that name. */
const functionMessage = z.object({ role: z.literal('function'), name: z.string(), content: z.string().nullable() });

export const chatMessageSchema = z.discriminatedUnion('role', [
  systemMessage,
  developerMessage,
  userMessage,
  assistantMessage,
  toolMessage,
  functionMessage,
]);
export type OpenAIChatMessage = z.infer<typeof chatMessageSchema>;
export type OpenAIUserPart = z.infer<typeof userPart>;

const functionTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: jsonObjectSchema.nullish(),
    strict: z.boolean().nullish(),
  }),
});
// GPT-5 custom tools (free-form text or grammar input): only OpenAI runs them, so only the name is checked.
const customTool = z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string().min(1) }) });
const toolSchema = z.discriminatedUnion('type', [functionTool, customTool]);

const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
    // Untranslatable, like custom tools: checked loosely and left to OpenAI.
    z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string() }) }),
    z.looseObject({ type: z.literal('allowed_tools'), allowed_tools: z.looseObject({}) }),
  ]),
], { error: "expected 'auto', 'none', 'required', {type: 'function', function: {name}}, {type: 'custom', custom: {name}} or {type: 'allowed_tools', allowed_tools}" });

const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string(),
      schema: jsonObjectSchema.nullish(),
      strict: z.boolean().nullish(),
      description: z.string().nullish(),
    }),
  }),
]);

const tokenCount = z.number().int().min(1);

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(chatMessageSchema).min(1, { error: 'at least one message is required' }),
  tools: z.array(toolSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_tokens: tokenCount.nullish(),
  max_completion_tokens: tokenCount.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string())], { error: 'expected a string or an array of strings' }).nullish(),
  seed: z.number().int().nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  response_format: responseFormatSchema.nullish(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  user: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  n: z.number().int().min(1).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).nullish(),
  // The deprecated `functions` list is refused (see parse-request) rather than silently dropped.
  functions: z.unknown().optional(),
});
export type OpenAIChatRequest = z.infer<typeof chatRequestSchema>;
