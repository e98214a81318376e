import { isRecord, mapIfArray, setField } from './copy-on-write';
import type { TextVisitor } from './text-visitor';

/**
 * OpenAI Responses requests: `instructions`, `input` as a string, and in input items the message
 * text (input_text, output_text, refusal), function-call arguments and function outputs.
 * Reasoning summaries stay as the model wrote them, like thinking blocks elsewhere.
 */
export function walkResponses(body: unknown, visitor: TextVisitor): unknown {
  if (!isRecord(body)) return body;
  let out = body;
  if (typeof body.instructions === 'string') out = setField(out, 'instructions', visitor.text(body.instructions, 'instructions'));
  if (typeof body.input === 'string') return setField(out, 'input', visitor.text(body.input, 'input'));
  return setField(out, 'input', mapIfArray(body.input, (item, i) => inputItem(item, visitor, `input.${i}`)));
}

function inputItem(item: unknown, visitor: TextVisitor, path: string): unknown {
  if (!isRecord(item)) return item;
  switch (item.type ?? 'message') {
    case 'message':
      return setField(item, 'content', content(item.content, visitor, `${path}.content`));
    case 'function_call':
      return typeof item.arguments === 'string' ? setField(item, 'arguments', visitor.jsonText(item.arguments, `${path}.arguments`)) : item;
    case 'function_call_output':
      return setField(item, 'output', content(item.output, visitor, `${path}.output`));
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
