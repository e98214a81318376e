import type { ToolChoice, ToolDefinition } from '../../canonical/types';
import { invalidRequest } from '../../errors/gateway-error';
import { parseAt } from './parse-at';
import type { Refuse } from './parse-at';
import { functionTool } from './request-schema';
import type { ResponsesRequest } from './request-schema';

/**
 * Function tools → canonical. Hosted tools (web search, file search, MCP, code interpreter…) run
 * on OpenAI's servers and custom (free-form) tools take raw text no other provider's tools can:
 * both go natively to OpenAI only.
 */
export function convertTools(tools: ResponsesRequest['tools'], refuse: Refuse): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  (tools ?? []).forEach((raw, i) => {
    if (raw.type !== 'function') {
      const why = raw.type === 'custom'
        ? "custom (free-form) tools take raw text that no other provider's tools can; declare it as a 'function' tool"
        : `'${String(raw.type)}' is one of OpenAI's built-in tools, which run on OpenAI's servers or only with its own models; other providers take only 'function' tools`;
      refuse(invalidRequest(`Invalid 'tools.${i}.type': ${why}`, `tools.${i}.type`, 'untranslatable_content'));
      return;
    }
    const tool = parseAt(functionTool, raw, `tools.${i}`);
    // A function without arguments may omit its schema; other providers want one.
    const definition: ToolDefinition = { name: tool.name, parameters: tool.parameters ?? { type: 'object', properties: {} } };
    if (tool.description != null) definition.description = tool.description;
    if (tool.strict != null) definition.strict = tool.strict;
    out.push(definition);
  });
  return out;
}

/** A choice of a function, or of a mode; a hosted tool or an allowed-tools list is OpenAI's alone. */
export function convertToolChoice(choice: NonNullable<ResponsesRequest['tool_choice']>, refuse: Refuse): ToolChoice | undefined {
  if (typeof choice === 'string') return { type: choice };
  if (choice.type === 'function' && typeof choice.name === 'string' && choice.name !== '') return { type: 'tool', name: choice.name };
  if (choice.type === 'function') throw invalidRequest("Invalid 'tool_choice.name': a function tool choice needs the function's name", 'tool_choice.name');
  refuse(invalidRequest(`Invalid 'tool_choice': '${choice.type}' cannot be translated to this provider; only OpenAI (type: openai, or azure with nativeResponses) takes it`, 'tool_choice', 'untranslatable_content'));
  return undefined;
}

