import { z } from 'zod';
import { jsonObjectSchema } from '../json-object';

/**
 * zod schemas for the parts of a Messages API request the gateway translates. Objects are
 * not strict: fields we do not translate (`citations`, `caller`, `display`, beta fields that
 * Claude Code sends) are accepted and dropped, as Anthropic's own clients expect.
 */

export const cacheControlSchema = z
  .object({ type: z.literal('ephemeral'), ttl: z.string().optional() })
  .nullish();

export const textBlockSchema = z.object({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControlSchema,
});

export const imageBlockSchema = z.object({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.object({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string().min(1) }),
    z.object({ type: z.literal('url'), url: z.string().min(1) }),
    z.object({ type: z.literal('file'), file_id: z.string() }),
  ]),
  cache_control: cacheControlSchema,
});

export const toolUseBlockSchema = z.object({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
  cache_control: cacheControlSchema,
});

export const toolResultBlockSchema = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.unknown().optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControlSchema,
});

export const thinkingBlockSchema = z.object({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().optional(),
});

export const redactedThinkingBlockSchema = z.object({
  type: z.literal('redacted_thinking'),
  data: z.string(),
});

/** A block's `type` is read first, so an unknown type gets its own clear error. */
export const typedBlockSchema = z.object({ type: z.string() });

export const messageSchema = z.object({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.unknown(),
});

export const customToolSchema = z.object({
  type: z.union([z.literal('custom'), z.null()]).optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: jsonObjectSchema,
  strict: z.boolean().optional(),
  cache_control: cacheControlSchema,
});

export const toolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('none') }),
]);

export const thinkingConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1) }),
  z.object({ type: z.literal('disabled') }),
  // Claude decides how much to think (Claude 4.6 and later); depth comes from output_config.effort.
  z.object({ type: z.literal('adaptive') }),
  z.object({ type: z.literal('between_tools') }),
]);

export const outputConfigSchema = z.object({
  effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullish(),
  format: z
    .object({ type: z.literal('json_schema'), schema: jsonObjectSchema })
    .nullish(),
});

/** The top level. `messages`, `system`, `tools` are walked by hand for precise error paths. */
export const requestSchema = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().min(0),
  messages: z.array(z.unknown()).min(1),
  system: z.unknown().optional(),
  tools: z.array(z.unknown()).optional(),
  tool_choice: z.unknown().optional(),
  stop_sequences: z.array(z.string()).optional(),
  // Removed in API version 2026-10-21 but still sent by clients pinned to 2023-06-01.
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  stream: z.boolean().optional(),
  thinking: z.unknown().optional(),
  output_config: z.unknown().optional(),
  metadata: z.object({ user_id: z.string().nullish() }).optional(),
  mcp_servers: z.array(z.unknown()).optional(),
});
