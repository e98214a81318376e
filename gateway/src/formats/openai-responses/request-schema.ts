import { z } from 'zod';

/**
 * The parts of OpenAI's Responses API request (`POST /v1/responses`) the gateway translates.
 * A native call to OpenAI sends the body as it came, every member included; translated, members
 * it does not model (`truncation`, `prompt_cache_key`, `max_tool_calls`, `top_logprobs`,
 * `reasoning.summary`…) are stripped by zod and have no effect. What only OpenAI can take is
 * noted in parse-request.ts with a message that says why.
 */

const inputText = z.object({ type: z.literal('input_text'), text: z.string() });
const inputImage = z.object({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(['auto', 'low', 'high']).nullish(),
});
const inputFile = z.object({ type: z.literal('input_file') });
/** Assistant history as the API itself returned it. */
const outputText = z.object({ type: z.literal('output_text'), text: z.string() });
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() });

const contentPart = z.discriminatedUnion('type', [inputText, inputImage, inputFile, outputText, refusal]);
export type ResponsesContentPart = z.infer<typeof contentPart>;

export const messageItem = z.object({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(contentPart)]),
});

export const functionCallItem = z.object({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

export const functionCallOutputItem = z.object({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(z.discriminatedUnion('type', [inputText, inputImage, inputFile]))]),
});

/** Earlier reasoning: its summary, and the encrypted content that may hold a provider's signature. */
export const reasoningItem = z.object({
  type: z.literal('reasoning'),
  summary: z.array(z.object({ type: z.literal('summary_text'), text: z.string() })).optional(),
  encrypted_content: z.string().nullish(),
});

export const functionTool = z.object({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

/** A mode, a function by name, or one of OpenAI's own choices (hosted tools, allowed_tools), told apart in parse-request.ts. */
const toolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.string().min(1), name: z.string().optional() }),
]);

const textFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().nullish(),
    description: z.string().nullish(),
  }),
]);

/**
 * Items are checked one by one in parse-request.ts (their `type` picks the schema, and a
 * message may omit it), so a bad item is reported at its own path.
 */
export const responsesRequestSchema = z.object({
  model: z.string().min(1),
  /** Optional as OpenAI has it (a stored prompt or response may hold the whole input); a translation needs one. */
  input: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]).optional(),
  instructions: z.string().nullish(),
  /** Function tools are checked one by one against `functionTool`; others are OpenAI's own. */
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  text: z.object({ format: textFormat.nullish(), verbosity: z.enum(['low', 'medium', 'high']).nullish() }).nullish(),
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullish(),
  reasoning: z.object({ effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullish() }).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  include: z.array(z.string()).nullish(),
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
