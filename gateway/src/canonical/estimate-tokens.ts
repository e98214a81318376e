import type { ChatRequest, ContentPart, ImagePart } from './types';

/**
 * A fast estimate of a request's prompt tokens, with no tokenizer: for routing rules
 * (`promptTokens > 4000`), context-window checks, rate-limit accounting before the provider
 * reports usage, and `/v1/messages/count_tokens` when the provider cannot count.
 *
 * Accuracy: tokenizers differ by provider and model generation, so no single count is right.
 * The heuristics follow the providers' published rules of thumb — about 4 characters per token
 * for English prose and code, about 3 for JSON, one token per CJK character — and land within
 * roughly ±25% for ordinary English text and code. Expect an undercount for newer Claude
 * tokenizers (Anthropic says they yield up to ~30% more tokens for the same text) and for
 * dense non-English scripts. Images are a fixed cost (the size of an image is not known
 * without decoding it), taken near the top of Anthropic's range so the estimate errs high.
 * Earlier turns' reasoning is not counted: providers drop it from the context.
 */

/** Turn delimiters and role markers, per message. */
const PER_MESSAGE = 4;
/** The reply's priming tokens and the request framing. */
const PER_REQUEST = 3;
/** Name/description framing of one tool definition. */
const PER_TOOL = 8;
/** The tool-use instructions providers add to the system prompt when tools are present. */
const TOOLS_PREAMBLE = 150;
/** One tool call or tool result: ids, names and delimiters. */
const PER_TOOL_BLOCK = 10;
/** Anthropic: about (width × height) / 750, capped near 1,600 for a ~1.15-megapixel image. */
const IMAGE_TOKENS = 1600;
/** OpenAI's fixed cost of a `detail: "low"` image. */
const LOW_DETAIL_IMAGE_TOKENS = 85;

const isWide = (c: number): boolean =>
  (c >= 0x3040 && c <= 0x30ff) || // Hiragana, Katakana
  (c >= 0x3400 && c <= 0x4dbf) || // CJK Extension A
  (c >= 0x4e00 && c <= 0x9fff) || // CJK Unified Ideographs
  (c >= 0xac00 && c <= 0xd7af) || // Hangul syllables
  (c >= 0xff00 && c <= 0xffef) || // Full-width forms
  (c >= 0x3000 && c <= 0x303f); // CJK punctuation

/**
 * Tokens of a piece of text: ASCII at ~4 characters a token, CJK at one token a character,
 * other scripts (accented Latin, Cyrillic, Arabic, ...) at ~2, astral characters (emoji) at 2.
 */
export function estimateTextTokens(text: string): number {
  let ascii = 0;
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) ascii++;
    else if (c >= 0xd800 && c <= 0xdbff) {
      units += 2;
      i++;
    } else if (isWide(c)) units += 1;
    else units += 0.5;
  }
  return Math.ceil(ascii / 4 + units);
}

/** JSON (schemas, tool arguments) splits on its punctuation: ~3 characters a token. */
const jsonTokens = (json: string): number => Math.ceil(json.length / 3);

const imageTokens = (part: ImagePart): number => (part.detail === 'low' ? LOW_DETAIL_IMAGE_TOKENS : IMAGE_TOKENS);

function partTokens(part: ContentPart): number {
  switch (part.type) {
    case 'text':
      return estimateTextTokens(part.text);
    case 'image':
      return imageTokens(part);
    case 'tool-call':
      return PER_TOOL_BLOCK + estimateTextTokens(part.name) + jsonTokens(part.arguments);
    case 'tool-result':
      return PER_TOOL_BLOCK + part.content.reduce((sum, p) => sum + (p.type === 'text' ? estimateTextTokens(p.text) : imageTokens(p)), 0);
    case 'thinking':
    case 'redacted-thinking':
      return 0;
  }
}

/** Estimated prompt tokens of a canonical request: system, messages and tool definitions. */
export function estimateTokens(request: ChatRequest): number {
  let total = PER_REQUEST;
  if (request.system.length > 0) total += PER_MESSAGE;
  for (const part of request.system) total += estimateTextTokens(part.text);
  for (const message of request.messages) {
    total += PER_MESSAGE;
    for (const part of message.content) total += partTokens(part);
  }
  const tools = request.tools ?? [];
  if (tools.length > 0) total += TOOLS_PREAMBLE;
  for (const tool of tools) {
    total += PER_TOOL + estimateTextTokens(tool.name) + estimateTextTokens(tool.description ?? '') + jsonTokens(JSON.stringify(tool.parameters));
  }
  if (request.responseFormat?.type === 'json_schema') total += jsonTokens(JSON.stringify(request.responseFormat.schema));
  return total;
}
