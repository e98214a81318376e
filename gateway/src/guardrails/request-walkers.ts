import { isRecord, mapArray, mapIfArray, setField } from './copy-on-write';
import type { TextVisitor } from './text-visitor';

/**
 * Where prompt text lives in each request shape. Only those fields are visited: model names,
 * tool schemas, participant names, image and file data and thinking blocks are never touched.
 * Thinking blocks stay as they are on purpose: their signature covers their text, and
 * Anthropic refuses a modified one.
 */

/** OpenAI chat completions: message content for every role, tool-call arguments, predicted output. */
export function walkOpenAiChat(body: unknown, visitor: TextVisitor): unknown {
  if (!isRecord(body)) return body;
  let out = setField(body, 'messages', mapIfArray(body.messages, (message, i) => openAiMessage(message, visitor, `messages.${i}`)));
  if (isRecord(body.prediction)) {
    out = setField(out, 'prediction', setField(body.prediction, 'content', openAiContent(body.prediction.content, visitor, 'prediction.content')));
  }
  return out;
}

function openAiMessage(message: unknown, visitor: TextVisitor, path: string): unknown {
  if (!isRecord(message)) return message;
  let out = setField(message, 'content', openAiContent(message.content, visitor, `${path}.content`));
  if (Array.isArray(message.tool_calls)) {
    out = setField(out, 'tool_calls', mapArray(message.tool_calls, (call, i) => openAiFunction(call, visitor, `${path}.tool_calls.${i}`)));
  }
  // The deprecated single function_call still appears in older clients' histories.
  if (isRecord(message.function_call)) out = setField(out, 'function_call', functionArguments(message.function_call, visitor, `${path}.function_call`));
  return out;
}

function openAiFunction(call: unknown, visitor: TextVisitor, path: string): unknown {
  if (!isRecord(call) || !isRecord(call.function)) return call;
  return setField(call, 'function', functionArguments(call.function, visitor, `${path}.function`));
}

function functionArguments(fn: Record<string, unknown>, visitor: TextVisitor, path: string): Record<string, unknown> {
  return typeof fn.arguments === 'string' ? setField(fn, 'arguments', visitor.jsonText(fn.arguments, `${path}.arguments`)) : fn;
}

function openAiContent(content: unknown, visitor: TextVisitor, path: string): unknown {
  if (typeof content === 'string') return visitor.text(content, path);
  return mapIfArray(content, (part, i) => {
    if (!isRecord(part)) return part;
    if (part.type === 'text' && typeof part.text === 'string') return setField(part, 'text', visitor.text(part.text, `${path}.${i}.text`));
    if (part.type === 'refusal' && typeof part.refusal === 'string') return setField(part, 'refusal', visitor.text(part.refusal, `${path}.${i}.refusal`));
    return part; // image_url, input_audio, file
  });
}

/** Anthropic messages: system, and message content including tool use, tool results and text documents. */
export function walkAnthropicMessages(body: unknown, visitor: TextVisitor): unknown {
  if (!isRecord(body)) return body;
  const out = setField(body, 'system', anthropicContent(body.system, visitor, 'system'));
  return setField(
    out,
    'messages',
    mapIfArray(body.messages, (message, i) => (isRecord(message) ? setField(message, 'content', anthropicContent(message.content, visitor, `messages.${i}.content`)) : message)),
  );
}

function anthropicContent(content: unknown, visitor: TextVisitor, path: string): unknown {
  if (typeof content === 'string') return visitor.text(content, path);
  return mapIfArray(content, (block, i) => anthropicBlock(block, visitor, `${path}.${i}`));
}

function anthropicBlock(block: unknown, visitor: TextVisitor, path: string): unknown {
  if (!isRecord(block)) return block;
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? setField(block, 'text', visitor.text(block.text, `${path}.text`)) : block;
    case 'tool_use':
      return setField(block, 'input', visitor.json(block.input, `${path}.input`));
    case 'tool_result':
    case 'search_result':
      return textFields(setField(block, 'content', anthropicContent(block.content, visitor, `${path}.content`)), ['title', 'source'], visitor, path);
    case 'document':
      return textFields(documentBlock(block, visitor, path), ['title', 'context'], visitor, path);
    default:
      return block; // image, thinking, redacted_thinking, server tool blocks
  }
}

/** `block` with each of its string `fields` (a document's title and context…) visited as text. */
function textFields(block: unknown, fields: readonly string[], visitor: TextVisitor, path: string): unknown {
  if (!isRecord(block)) return block;
  let out = block;
  for (const field of fields) {
    const value = out[field];
    if (typeof value === 'string') out = setField(out, field, visitor.text(value, `${path}.${field}`));
  }
  return out;
}

/** Plain-text and content-block documents carry prompt text; PDF and file sources do not. */
function documentBlock(block: Record<string, unknown>, visitor: TextVisitor, path: string): unknown {
  const source = block.source;
  if (!isRecord(source)) return block;
  if (source.type === 'text' && typeof source.data === 'string') {
    return setField(block, 'source', setField(source, 'data', visitor.text(source.data, `${path}.source.data`)));
  }
  if (source.type === 'content') {
    return setField(block, 'source', setField(source, 'content', anthropicContent(source.content, visitor, `${path}.source.content`)));
  }
  return block;
}

/** OpenAI embeddings: `input` as a string or strings; token arrays pass through. */
export function walkEmbeddings(body: unknown, visitor: TextVisitor): unknown {
  if (!isRecord(body)) return body;
  const { input } = body;
  if (typeof input === 'string') return setField(body, 'input', visitor.text(input, 'input'));
  return setField(body, 'input', mapIfArray(input, (item, i) => (typeof item === 'string' ? visitor.text(item, `input.${i}`) : item)));
}

/** OpenAI legacy completions: `prompt` as a string or strings, and the `suffix` of a fill-in-the-middle; token arrays pass through. */
export function walkCompletions(body: unknown, visitor: TextVisitor): unknown {
  if (!isRecord(body)) return body;
  const { prompt, suffix } = body;
  const prompted =
    typeof prompt === 'string'
      ? setField(body, 'prompt', visitor.text(prompt, 'prompt'))
      : setField(body, 'prompt', mapIfArray(prompt, (item, i) => (typeof item === 'string' ? visitor.text(item, `prompt.${i}`) : item)));
  return typeof suffix === 'string' ? setField(prompted, 'suffix', visitor.text(suffix, 'suffix')) : prompted;
}
