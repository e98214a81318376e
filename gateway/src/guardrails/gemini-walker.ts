import { camelKeys } from '../formats/gemini';
import { isRecord, mapIfArray, setField } from './copy-on-write';
import type { TextVisitor } from './text-visitor';

/**
 * Gemini `generateContent` requests: `systemInstruction` and every content's text parts (thought
 * summaries too: Gemini signs no text, and a client may mark any part a thought), function calls'
 * `args` and function responses' `response` (string values, like `tool_use.input`). Thought
 * signatures, inline and file data, tools and generation config are left as they are. Read in
 * either spelling Google's parser takes (`system_instruction`, `function_call`), as the request
 * parser reads them: a snake_case body is scrubbed, and sent on, in camelCase.
 */
export function walkGemini(raw: unknown, visitor: TextVisitor): unknown {
  const body = camelKeys(raw);
  if (!isRecord(body)) return raw;
  const out = setField(body, 'systemInstruction', systemInstruction(body.systemInstruction, visitor));
  return unchanged(raw, body, setField(out, 'contents', mapIfArray(body.contents, (content, i) => geminiContent(content, visitor, `contents.${i}`))));
}

/** Nothing found where only the spelling changed (`camel` is `raw` camelCased): the client's own goes on. */
const unchanged = (raw: unknown, camel: unknown, walked: unknown): unknown => (walked === camel ? raw : walked);

/** Clients send a Content (with or without a role), and some SDK callers a bare string. */
function systemInstruction(value: unknown, visitor: TextVisitor): unknown {
  if (typeof value === 'string') return visitor.text(value, 'systemInstruction');
  return geminiContent(value, visitor, 'systemInstruction');
}

function geminiContent(raw: unknown, visitor: TextVisitor, path: string): unknown {
  const content = camelKeys(raw);
  if (!isRecord(content)) return raw;
  return unchanged(raw, content, setField(content, 'parts', mapIfArray(content.parts, (part, i) => geminiPart(part, visitor, `${path}.parts.${i}`))));
}

function geminiPart(raw: unknown, visitor: TextVisitor, path: string): unknown {
  const part = camelKeys(raw);
  if (!isRecord(part)) return raw;
  if (typeof part.text === 'string') return unchanged(raw, part, setField(part, 'text', visitor.text(part.text, `${path}.text`)));
  const call = camelKeys(part.functionCall);
  if (isRecord(call)) return unchanged(raw, part, setField(part, 'functionCall', unchanged(part.functionCall, call, setField(call, 'args', visitor.json(call.args, `${path}.functionCall.args`)))));
  const response = camelKeys(part.functionResponse);
  if (isRecord(response)) {
    return unchanged(raw, part, setField(part, 'functionResponse', unchanged(part.functionResponse, response, setField(response, 'response', visitor.json(response.response, `${path}.functionResponse.response`)))));
  }
  return raw; // inlineData, fileData, executableCode, codeExecutionResult
}
