import { isRecord, mapIfArray, setField } from './copy-on-write';
import type { TextVisitor } from './text-visitor';

/**
 * OpenAI Responses requests: `instructions`, `input` as a string, and in input items the message
 * text (input_text, output_text, refusal), function-call arguments and function outputs. What
 * only OpenAI takes (a native call sends it as is) too: a stored prompt's `variables`, custom
 * tools' calls and outputs, MCP calls' arguments and output, shell and patch outputs.
 * Reasoning summaries stay as the model wrote them, like thinking blocks elsewhere.
 */
export function walkResponses(body: unknown, visitor: TextVisitor): unknown {
  if (!isRecord(body)) return body;
  let out = body;
  if (typeof body.instructions === 'string') out = setField(out, 'instructions', visitor.text(body.instructions, 'instructions'));
  if (isRecord(body.prompt) && isRecord(body.prompt.variables)) out = setField(out, 'prompt', setField(body.prompt, 'variables', variables(body.prompt.variables, visitor)));
  if (typeof body.input === 'string') return setField(out, 'input', visitor.text(body.input, 'input'));
  return setField(out, 'input', mapIfArray(body.input, (item, i) => inputItem(item, visitor, `input.${i}`)));
}

/** A stored prompt's variables: text, or an input_text part (images and files are left alone). */
function variables(values: Record<string, unknown>, visitor: TextVisitor): Record<string, unknown> {
  let out = values;
  for (const [name, value] of Object.entries(values)) {
    const path = `prompt.variables.${name}`;
    if (typeof value === 'string') out = setField(out, name, visitor.text(value, path));
    else if (isRecord(value) && value.type === 'input_text' && typeof value.text === 'string') out = setField(out, name, setField(value, 'text', visitor.text(value.text, `${path}.text`)));
  }
  return out;
}

/** `item[field]` as free text, when it is a string. */
function textField(item: Record<string, unknown>, field: string, visitor: TextVisitor, path: string): Record<string, unknown> {
  const value = item[field];
  return typeof value === 'string' ? setField(item, field, visitor.text(value, `${path}.${field}`)) : item;
}

function inputItem(item: unknown, visitor: TextVisitor, path: string): unknown {
  if (!isRecord(item)) return item;
  switch (item.type ?? 'message') {
    case 'message':
      return setField(item, 'content', content(item.content, visitor, `${path}.content`));
    case 'function_call':
      return typeof item.arguments === 'string' ? setField(item, 'arguments', visitor.jsonText(item.arguments, `${path}.arguments`)) : item;
    case 'function_call_output':
    case 'custom_tool_call_output':
      return setField(item, 'output', content(item.output, visitor, `${path}.output`));
    case 'custom_tool_call':
      return textField(item, 'input', visitor, path);
    case 'mcp_call': {
      const called = typeof item.arguments === 'string' ? setField(item, 'arguments', visitor.jsonText(item.arguments, `${path}.arguments`)) : item;
      return textField(called, 'output', visitor, path);
    }
    case 'mcp_approval_request':
      return typeof item.arguments === 'string' ? setField(item, 'arguments', visitor.jsonText(item.arguments, `${path}.arguments`)) : item;
    case 'local_shell_call_output':
    case 'apply_patch_call_output':
      return textField(item, 'output', visitor, path);
    case 'shell_call_output':
      return setField(item, 'output', mapIfArray(item.output, (chunk, i) => (isRecord(chunk) ? textField(textField(chunk, 'stdout', visitor, `${path}.output.${i}`), 'stderr', visitor, `${path}.output.${i}`) : chunk)));
    default:
      return item;
  }
}

function content(value: unknown, visitor: TextVisitor, path: string): unknown {
  if (typeof value === 'string') return visitor.text(value, path);
  return mapIfArray(value, (part, i) => {
    if (!isRecord(part)) return part;
    if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text === 'string') return setField(part, 'text', visitor.text(part.text, `${path}.${i}.text`));
    if (part.type === 'refusal' && typeof part.refusal === 'string') return setField(part, 'refusal', visitor.text(part.refusal, `${path}.${i}.refusal`));
    return part; // input_image, input_file
  });
}
