import { isRecord, mapIfArray, setField } from './copy-on-write';
import type { TextVisitor } from './text-visitor';

/**
 * Gemini `generateContent` requests: `systemInstruction` and every content's text parts, function
 * calls' `args` and function responses' `response` (string values, like `tool_use.input`).
 * Thought parts (`thought: true`) stay as the model wrote them, like thinking blocks elsewhere,
 * and so do thought signatures, inline and file data, tools and generation config.
 */
export function walkGemini(body: unknown, visitor: TextVisitor): unknown {
  if (!isRecord(body)) return body;
  const out = setField(body, 'systemInstruction', systemInstruction(body.systemInstruction, visitor));
  return setField(out, 'contents', mapIfArray(body.contents, (content, i) => geminiContent(content, visitor, `contents.${i}`)));
}

/** Clients send a Content (with or without a role), and some SDK callers a bare string. */
function systemInstruction(value: unknown, visitor: TextVisitor): unknown {
  if (typeof value === 'string') return visitor.text(value, 'systemInstruction');
  return geminiContent(value, visitor, 'systemInstruction');
}

function geminiContent(content: unknown, visitor: TextVisitor, path: string): unknown {
  if (!isRecord(content)) return content;
  return setField(content, 'parts', mapIfArray(content.parts, (part, i) => geminiPart(part, visitor, `${path}.parts.${i}`)));
}

function geminiPart(part: unknown, visitor: TextVisitor, path: string): unknown {
  if (!isRecord(part) || part.thought === true) return part;
  if (typeof part.text === 'string') return setField(part, 'text', visitor.text(part.text, `${path}.text`));
  const { functionCall: call, functionResponse: response } = part;
  if (isRecord(call)) return setField(part, 'functionCall', setField(call, 'args', visitor.json(call.args, `${path}.functionCall.args`)));
  if (isRecord(response)) return setField(part, 'functionResponse', setField(response, 'response', visitor.json(response.response, `${path}.functionResponse.response`)));
  return part; // inlineData, fileData, executableCode, codeExecutionResult
}
