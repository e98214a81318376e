import type { CacheControl, ChatMessage, ContentPart, ImagePart, TextPart } from '../../canonical/types';
import { geminiSignature } from '../gemini/signatures';
import { toolInput } from './render-response';

export type Block = Record<string, unknown>;
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: Block[];
}

export const cacheControl = (cc: CacheControl | undefined): Block =>
  cc === undefined ? {} : { cache_control: cc.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: cc.ttl } };

/** `data:image/png;base64,...` URLs (what OpenAI clients send) become base64 sources. */
function imageSource(part: ImagePart): Block {
  const { source } = part;
  if (source.kind === 'base64') return { type: 'base64', media_type: source.mediaType, data: source.data };
  const dataUrl = /^data:([^;,]+)(?:;[^,;]+)*;base64,(.*)$/s.exec(source.url);
  if (dataUrl) return { type: 'base64', media_type: dataUrl[1], data: dataUrl[2] };
  return { type: 'url', url: source.url };
}

const TOOL_ID = /^[a-zA-Z0-9_-]+$/;
const NOT_IN_TOOL_ID = /[^a-zA-Z0-9_-]/g;

/**
 * A tool id as Anthropic takes it (`^[a-zA-Z0-9_-]+$`; anything else is a 400). Ids other
 * providers made (Kimi's `functions.Bash:0`) reach it in a conversation moved here; their other
 * characters become `_`, the same way every time, so a call and its result still pair up.
 */
export function anthropicToolId(id: string): string {
  return TOOL_ID.test(id) ? id : id.replace(NOT_IN_TOOL_ID, '_') || '_';
}

function textOrImage(part: TextPart | ImagePart): Block | undefined {
  if (part.type === 'text') {
    // Anthropic refuses empty text blocks; other providers emit them freely.
    return part.text === '' ? undefined : { type: 'text', text: part.text, ...cacheControl(part.cacheControl) };
  }
  return { type: 'image', source: imageSource(part), ...cacheControl(part.cacheControl) };
}

function block(part: ContentPart, role: ChatMessage['role']): Block | undefined {
  switch (part.type) {
    case 'text':
    case 'image':
      return textOrImage(part);
    case 'tool-call':
      return { type: 'tool_use', id: anthropicToolId(part.id), name: part.name, input: toolInput(part.arguments), ...cacheControl(part.cacheControl) };
    case 'tool-result': {
      const content = part.content.flatMap((p) => textOrImage(p) ?? []);
      return {
        type: 'tool_result',
        tool_use_id: anthropicToolId(part.toolCallId),
        ...(content.length > 0 ? { content } : {}),
        ...(part.isError ? { is_error: true } : {}),
        ...cacheControl(part.cacheControl),
      };
    }
    case 'thinking':
      // Anthropic verifies the signature of every thinking block it is sent back; reasoning
      // from another provider has none, or Gemini's, and would be refused, so it is left out.
      return role === 'assistant' && part.signature && geminiSignature(part.signature) === undefined ? { type: 'thinking', thinking: part.text, signature: part.signature } : undefined;
    case 'redacted-thinking':
      return role === 'assistant' ? { type: 'redacted_thinking', data: part.data } : undefined;
  }
}

/** In a user turn that answers tool calls, Anthropic wants every tool_result before other content. */
function toolResultsFirst(content: Block[]): Block[] {
  const results = content.filter((b) => b.type === 'tool_result');
  return results.length === 0 ? content : [...results, ...content.filter((b) => b.type !== 'tool_result')];
}

/**
 * Canonical messages as Anthropic `messages`: turns left empty by dropped parts are removed and
 * consecutive turns of one role merged, since Anthropic expects user and assistant to alternate.
 */
export function buildMessages(messages: ChatMessage[]): AnthropicMessage[] {
  const out: AnthropicMessage[] = [];
  for (const message of messages) {
    const content = message.content.flatMap((part): Block[] => {
      const converted = block(part, message.role);
      return converted === undefined ? [] : [converted];
    });
    if (content.length === 0) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.role === message.role) last.content.push(...content);
    else out.push({ role: message.role, content });
  }
  for (const message of out) if (message.role === 'user') message.content = toolResultsFirst(message.content);
  return out;
}
