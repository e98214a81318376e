import { z } from 'zod';
import type { ChatRequest, ThinkingConfig, ToolChoice, ToolDefinition } from '../../canonical/types';
import type { GatewayError } from '../../errors/gateway-error';
import { type ParseContext, cacheControlOf, parseMessages, parseSystem } from './parse-content';
import {
  customToolSchema,
  outputConfigSchema,
  requestSchema,
  thinkingConfigSchema,
  toolChoiceSchema,
} from './request-schemas';
import { isObject } from '../json-object';
import { type Path, invalidAt, parseAt, untranslatableAt } from './validate';

const toolTypeSchema = z.object({ type: z.string().nullish() });

/** A tool's `type`, checked by hand (as toolTypeSchema would) since every tool of every request has one. */
function toolType(value: unknown, path: Path): string | null | undefined {
  if (isObject(value) && (value.type == null || typeof value.type === 'string')) return value.type;
  return parseAt(toolTypeSchema, value, path).type;
}

function parseTools(values: unknown[], ctx: ParseContext): ToolDefinition[] {
  const tools: ToolDefinition[] = [];
  values.forEach((value, i) => {
    const path = ['tools', i];
    const kind = toolType(value, path);
    // Anthropic-defined tools (web_search_20250305, bash_20250124, text_editor_..., memory_...)
    // run on Anthropic's servers or carry a built-in schema: no other provider has them.
    if (typeof kind === 'string' && kind !== 'custom') {
      ctx.refuse(untranslatableAt(path, `the Anthropic tool type "${kind.slice(0, 64)}"`));
      return;
    }
    const tool = parseAt(customToolSchema, value, path);
    tools.push({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.input_schema,
      ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      ...cacheControlOf(tool.cache_control),
    });
  });
  return tools;
}

function parseToolChoice(value: unknown): { toolChoice?: ToolChoice; parallelToolCalls?: boolean } {
  if (value === undefined) return {};
  const choice = parseAt(toolChoiceSchema, value, ['tool_choice']);
  const parallel = 'disable_parallel_tool_use' in choice && choice.disable_parallel_tool_use === true ? { parallelToolCalls: false } : {};
  switch (choice.type) {
    case 'auto':
      return { toolChoice: { type: 'auto' }, ...parallel };
    case 'any':
      return { toolChoice: { type: 'required' }, ...parallel };
    case 'tool':
      return { toolChoice: { type: 'tool', name: choice.name }, ...parallel };
    case 'none':
      return { toolChoice: { type: 'none' } };
  }
}

/** Anthropic's effort levels onto the canonical (OpenAI) scale, which tops out at `high`. */
const effortOf = { low: 'low', medium: 'medium', high: 'high', xhigh: 'high', max: 'high' } as const;

function parseThinking(thinking: unknown, outputConfig: unknown): { thinking?: ThinkingConfig } {
  const effortLevel = outputConfig === undefined ? undefined : parseAt(outputConfigSchema, outputConfig, ['output_config']).effort;
  const effort = effortLevel ? { effort: effortOf[effortLevel] } : {};
  if (thinking === undefined) return effortLevel ? { thinking: effort } : {};
  const config = parseAt(thinkingConfigSchema, thinking, ['thinking']);
  switch (config.type) {
    case 'disabled':
      return {};
    case 'enabled':
      return { thinking: { budgetTokens: config.budget_tokens, ...effort } };
    default:
      // Adaptive: thinking is on and the provider decides how much; an empty config says so.
      return { thinking: effort };
  }
}

function parseResponseFormat(outputConfig: unknown): Pick<ChatRequest, 'responseFormat'> {
  if (outputConfig === undefined) return {};
  const format = parseAt(outputConfigSchema, outputConfig, ['output_config']).format;
  if (!format) return {};
  // Anthropic's JSON outputs are always schema-constrained, hence strict.
  return { responseFormat: { type: 'json_schema', name: 'response', schema: format.schema, strict: true } };
}

function parse(body: unknown, ctx: ParseContext): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidAt([], 'The request body must be a JSON object');
  }
  const req = parseAt(requestSchema, body, []);
  if (req.mcp_servers !== undefined && req.mcp_servers.length > 0) {
    ctx.refuse(untranslatableAt(['mcp_servers'], 'the MCP connector'));
  }
  const conversation = parseMessages(req.messages, ['messages'], ctx);
  const request: ChatRequest = {
    model: req.model,
    system: [...parseSystem(req.system, ['system']), ...conversation.system],
    messages: conversation.messages,
    maxTokens: req.max_tokens,
    stream: req.stream ?? false,
    // Anthropic streams always carry usage (message_start and message_delta).
    streamUsage: true,
    ...(req.tools === undefined ? {} : { tools: parseTools(req.tools, ctx) }),
    ...parseToolChoice(req.tool_choice),
    ...parseThinking(req.thinking, req.output_config),
    ...parseResponseFormat(req.output_config),
  };
  if (req.stop_sequences !== undefined && req.stop_sequences.length > 0) request.stop = req.stop_sequences;
  if (req.temperature !== undefined) request.temperature = req.temperature;
  if (req.top_p !== undefined) request.topP = req.top_p;
  if (req.top_k !== undefined) request.topK = req.top_k;
  if (req.metadata?.user_id) request.user = req.metadata.user_id;
  return request;
}

/**
 * Validates a Messages API request body and converts it to the canonical shape. Content only
 * Anthropic understands (documents, server tools, Files API images, MCP servers) is a 400
 * with code `untranslatable_content` and the path of the offending field.
 */
export function parseAnthropicRequest(body: unknown): ChatRequest {
  return parse(body, {
    refuse: (error) => {
      throw error;
    },
  });
}

/**
 * Like parseAnthropicRequest, for a request that may yet go to Anthropic untouched: content
 * the canonical shape cannot carry is left out of `request` and reported as `untranslatable`
 * (the first such 400), to be thrown only if the request must be translated after all.
 * Malformed requests still throw.
 */
export function inspectAnthropicRequest(body: unknown): { request: ChatRequest; untranslatable?: GatewayError } {
  let untranslatable: GatewayError | undefined;
  const request = parse(body, { refuse: (error) => void (untranslatable ??= error) });
  return untranslatable === undefined ? { request } : { request, untranslatable };
}
