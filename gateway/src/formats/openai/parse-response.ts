import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { emptyUsage, type ChatResponse, type ContentPart } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { isObject, isOptionalString } from '../json-object';
import { fromOpenAIFinishReason } from './finish-reason';
import { fromOpenAIUsage } from './usage';

/** Tool-call arguments: a JSON string per the spec, but a few servers send the object itself. */
export const argumentsSchema = z.union([z.string(), z.record(z.string(), z.unknown())]).nullish()
  .transform((value) => (value == null ? '' : typeof value === 'string' ? value : JSON.stringify(value)));

/**
 * Message (or stream delta) content: text, or, from Mistral's reasoning models (Magistral), an
 * array of typed parts, `text` ones and `thinking` ones holding text parts of their own.
 */
export const textLike = z.union([
  z.string(),
  z.array(z.object({
    type: z.string(),
    text: z.string().optional(),
    thinking: z.array(z.object({ text: z.string().optional() })).optional().catch(undefined),
  })),
]).nullish().catch(undefined);

type ContentParts = Extract<z.output<typeof textLike>, unknown[]>;

/** The text and the reasoning in content given as typed parts. */
export function partsText(parts: ContentParts): { text: string; thinking: string } {
  let text = '';
  let thinking = '';
  for (const part of parts) {
    if (part.type === 'text') text += part.text ?? '';
    else if (part.type === 'thinking') for (const inner of part.thinking ?? []) thinking += inner.text ?? '';
  }
  return { text, thinking };
}

/**
 * Only the fields read below. Plain (stripping) objects, not loose ones: unknown fields such as
 * `annotations`, `logprobs` or `service_tier` are accepted and skipped instead of copied.
 */
export const completionSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(z.object({
    finish_reason: z.string().nullish(),
    message: z.object({
      content: textLike,
      reasoning_content: z.string().nullish().catch(undefined),
      reasoning: z.string().nullish().catch(undefined),
      refusal: z.string().nullish().catch(undefined),
      tool_calls: z.array(z.object({
        id: z.string().nullish(),
        function: z.object({ name: z.string(), arguments: argumentsSchema }),
      })).nullish(),
      function_call: z.object({ name: z.string(), arguments: argumentsSchema }).nullish(),
    }),
  })).min(1),
  usage: z.unknown().optional(),
});

type Completion = z.output<typeof completionSchema>;

/**
 * The common answer read by hand: one choice, text content (or none), no tool calls. It runs
 * on every cached answer, and zod's generic walk measured about a tenth of a whole cache-miss
 * request in place (little in a micro-benchmark). Undefined for anything else, which zod
 * then reads, so what is accepted and what it becomes never differ from the schema's.
 */
export function commonCompletion(body: unknown): Completion | undefined {
  if (!isObject(body) || !isOptionalString(body.id) || !isOptionalString(body.model)) return undefined;
  const { choices } = body;
  if (!Array.isArray(choices) || choices.length !== 1) return undefined;
  const choice: unknown = choices[0];
  if (!isObject(choice) || !isOptionalString(choice.finish_reason) || !isObject(choice.message)) return undefined;
  const { content, reasoning_content, reasoning, refusal, tool_calls, function_call } = choice.message;
  if (!isOptionalString(content) || !isOptionalString(reasoning_content) || !isOptionalString(reasoning) || !isOptionalString(refusal)) return undefined;
  if (tool_calls != null || function_call != null) return undefined;
  return {
    id: body.id,
    model: body.model,
    choices: [{ finish_reason: choice.finish_reason, message: { content, reasoning_content, reasoning, refusal } }],
    usage: body.usage,
  };
}

/** An upstream `chat.completion` body → canonical response. */
export function parseChatCompletion(body: unknown): ChatResponse {
  let completion = commonCompletion(body);
  if (completion === undefined) {
    const parsed = completionSchema.safeParse(body);
    if (!parsed.success) {
      throw new GatewayError('upstream', 'The provider returned a chat completion this gateway cannot read', {
        code: 'bad_upstream_response',
        retryable: false,
      });
    }
    completion = parsed.data;
  }
  const { id, model, choices, usage } = completion;
  // n is always 1 on the way out, so the first choice is the answer.
  const choice = choices[0];
  if (choice === undefined) throw new Error('unreachable: choices has min(1)');
  const message = choice.message;
  const content: ContentPart[] = [];

  const parts = typeof message.content === 'string' || message.content == null ? undefined : partsText(message.content);
  const reasoning = message.reasoning_content ?? message.reasoning ?? parts?.thinking;
  if (reasoning != null && reasoning !== '') content.push({ type: 'thinking', text: reasoning });
  const text = typeof message.content === 'string' ? message.content : (parts?.text ?? '');
  if (text !== '') content.push({ type: 'text', text });
  // A structured-output refusal arrives instead of content; it is what the model said.
  const refused = message.refusal != null && message.refusal !== '';
  if (refused && text === '') content.push({ type: 'text', text: message.refusal ?? '' });
  (message.tool_calls ?? []).forEach((call, i) => {
    content.push({ type: 'tool-call', id: call.id ?? `call_${i}`, name: call.function.name, arguments: call.function.arguments });
  });
  if (message.function_call != null) {
    content.push({ type: 'tool-call', id: 'call_0', name: message.function_call.name, arguments: message.function_call.arguments });
  }

  const hasToolCalls = content.some((p) => p.type === 'tool-call');
  return {
    id: id ?? `chatcmpl-${randomUUID().replaceAll('-', '')}`,
    model: model ?? '',
    content,
    finishReason: refused ? 'refusal' : fromOpenAIFinishReason(choice.finish_reason, hasToolCalls),
    usage: fromOpenAIUsage(usage) ?? emptyUsage(),
  };
}
