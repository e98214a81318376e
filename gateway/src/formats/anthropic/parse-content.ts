import type { CacheControl, ChatMessage, ContentPart, ImagePart, TextPart } from '../../canonical/types';
import type { GatewayError } from '../../errors/gateway-error';
import {
  imageBlockSchema,
  messageSchema,
  redactedThinkingBlockSchema,
  textBlockSchema,
  thinkingBlockSchema,
  toolResultBlockSchema,
  toolUseBlockSchema,
  typedBlockSchema,
} from './request-schemas';
import { isObject } from '../json-object';
import { type Path, child, invalidAt, parseAt, untranslatableAt } from './validate';

/** Blocks that only Anthropic's servers understand: refused when translating, by name. */
const anthropicOnlyBlocks = new Set([
  'document',
  'search_result',
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'container_upload',
  'mcp_tool_use',
  'mcp_tool_result',
  'tool_reference',
  'compaction',
  'browser_state',
]);

/**
 * What to do with content the canonical shape cannot carry: `refuse` throws the 400 (strict
 * parsing), or records it and lets the block be left out (parsing for routing, where the
 * request may yet go to Anthropic untouched).
 */
export interface ParseContext {
  refuse(error: GatewayError): void;
}

type CacheControlInput = { type: 'ephemeral'; ttl?: string } | null | undefined;

export function cacheControlOf(input: CacheControlInput): { cacheControl?: CacheControl } {
  if (!input) return {};
  return { cacheControl: input.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: input.ttl } };
}

/** Anthropic-only and unknown (newer) block types, refused through `ctx`. */
function refuseBlock(type: string, path: Path, ctx: ParseContext): undefined {
  ctx.refuse(
    anthropicOnlyBlocks.has(type)
      ? untranslatableAt(path, `a "${type}" block`)
      : invalidAt(child(path, 'type'), `unknown content block type "${type.slice(0, 64)}"`, 'untranslatable_content'),
  );
  return undefined;
}

/**
 * A block's `type`. The check is zod's own (an object whose `type` is a string) done by hand,
 * because it runs for every block of every request; zod only words the error when it fails.
 */
function blockType(value: unknown, path: Path): string {
  return isObject(value) && typeof value.type === 'string' ? value.type : parseAt(typedBlockSchema, value, path).type;
}

function parseText(value: unknown, path: Path): TextPart {
  // The common block (text, no cache_control) needs no schema; anything else gets zod's checks.
  if (isObject(value) && value.type === 'text' && typeof value.text === 'string' && value.cache_control == null) {
    return { type: 'text', text: value.text };
  }
  const block = parseAt(textBlockSchema, value, path);
  return { type: 'text', text: block.text, ...cacheControlOf(block.cache_control) };
}

function parseImage(value: unknown, path: Path, ctx: ParseContext): ImagePart | undefined {
  const block = parseAt(imageBlockSchema, value, path);
  const { source } = block;
  if (source.type === 'file') {
    ctx.refuse(untranslatableAt(child(path, 'source'), 'an image from the Files API'));
    return undefined;
  }
  return {
    type: 'image',
    source:
      source.type === 'url'
        ? { kind: 'url', url: source.url }
        : { kind: 'base64', mediaType: source.media_type, data: source.data },
    ...cacheControlOf(block.cache_control),
  };
}

/** `tool_result.content`: a string, or text and image blocks. */
function parseToolResultContent(value: unknown, path: Path, ctx: ParseContext): Array<TextPart | ImagePart> {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw invalidAt(path, 'Input should be a valid string or a list of content blocks');
  const parts: Array<TextPart | ImagePart> = [];
  value.forEach((item: unknown, i) => {
    const at = child(path, i);
    const type = blockType(item, at);
    const part = type === 'text' ? parseText(item, at) : type === 'image' ? parseImage(item, at, ctx) : refuseBlock(type, at, ctx);
    if (part !== undefined) parts.push(part);
  });
  return parts;
}

function parseBlock(value: unknown, path: Path, ctx: ParseContext): ContentPart | undefined {
  const type = blockType(value, path);
  switch (type) {
    case 'text':
      return parseText(value, path);
    case 'image':
      return parseImage(value, path, ctx);
    case 'tool_use': {
      const block = parseAt(toolUseBlockSchema, value, path);
      return {
        type: 'tool-call',
        id: block.id,
        name: block.name,
        arguments: JSON.stringify(block.input ?? {}),
        ...cacheControlOf(block.cache_control),
      };
    }
    case 'tool_result': {
      const block = parseAt(toolResultBlockSchema, value, path);
      return {
        type: 'tool-result',
        toolCallId: block.tool_use_id,
        content: parseToolResultContent(block.content, child(path, 'content'), ctx),
        ...(block.is_error === undefined ? {} : { isError: block.is_error }),
        ...cacheControlOf(block.cache_control),
      };
    }
    case 'thinking': {
      const block = parseAt(thinkingBlockSchema, value, path);
      return block.signature === undefined
        ? { type: 'thinking', text: block.thinking }
        : { type: 'thinking', text: block.thinking, signature: block.signature };
    }
    case 'redacted_thinking':
      return { type: 'redacted-thinking', data: parseAt(redactedThinkingBlockSchema, value, path).data };
    default:
      return refuseBlock(type, path, ctx);
  }
}

/** A message's `content`: a string (one text block) or a list of blocks. */
export function parseContent(value: unknown, path: Path, ctx: ParseContext): ContentPart[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw invalidAt(path, 'Input should be a valid string or a list of content blocks');
  const parts: ContentPart[] = [];
  value.forEach((block: unknown, i) => {
    const part = parseBlock(block, child(path, i), ctx);
    if (part !== undefined) parts.push(part);
  });
  return parts;
}

/** The top-level `system`: a string or a list of text blocks. */
export function parseSystem(value: unknown, path: Path): TextPart[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw invalidAt(path, 'Input should be a valid string or a list of text blocks');
  return value.map((block, i) => parseText(block, child(path, i)));
}

/** Wraps a mid-conversation system message so it keeps its position and its authority. */
const asReminder = (part: TextPart): TextPart => ({
  ...part,
  text: `<system-reminder>\n${part.text}\n</system-reminder>`,
});

type Message = { role: 'user' | 'assistant' | 'system'; content: unknown };

/** A turn's role and content: zod's check done by hand on the hot path, as in blockType. */
function messageOf(value: unknown, path: Path): Message {
  // `content` is required (zod says so when it is missing), though any value passes here.
  if (isObject(value) && value.content !== undefined) {
    const { role } = value;
    if (role === 'user' || role === 'assistant' || role === 'system') return { role, content: value.content };
  }
  return parseAt(messageSchema, value, path);
}

/**
 * `messages`, including `role: "system"` turns (Claude 4.8 and later accept them, and Claude
 * Code sends them). The canonical shape has no system role inside the conversation, so system
 * turns before the first user/assistant turn join the system prompt, and later ones become a
 * user turn holding a `<system-reminder>` text at the same position — the convention Claude
 * Code itself uses — rather than moving them to the front, which would change the prompt.
 */
export function parseMessages(values: unknown[], base: Path, ctx: ParseContext): { system: TextPart[]; messages: ChatMessage[] } {
  const system: TextPart[] = [];
  const messages: ChatMessage[] = [];
  values.forEach((value, i) => {
    const path = child(base, i);
    const message = messageOf(value, path);
    if (message.role === 'system') {
      const parts = parseSystem(message.content, child(path, 'content')).filter((p) => p.text !== '');
      if (messages.length === 0) system.push(...parts);
      else if (parts.length > 0) messages.push({ role: 'user', content: parts.map(asReminder) });
      return;
    }
    messages.push({ role: message.role, content: parseContent(message.content, child(path, 'content'), ctx) });
  });
  return { system, messages };
}
