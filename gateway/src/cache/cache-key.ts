/**
 * The exact-cache key: sha256 over a canonical JSON of everything that shapes the answer —
 * the normalised request, the scope, an optional client namespace, and the parts of the raw
 * request the canonical shape does not model (they still reach the provider on a native call).
 * Things that do not change the answer (stream, streamUsage, user, metadata, prompt-cache
 * markers) are left out, so a streamed and a non-streamed ask share one entry.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ChatMessage, ChatRequest, ContentPart, ToolDefinition } from '../canonical/types';
import type { ClientShape } from '../providers/types';

/** Bumped whenever key material changes meaning, so old entries simply stop matching. */
const KEY_VERSION = 1;

export interface CacheKeyInput {
  request: ChatRequest;
  /** From `scopeFor`. */
  scope: string;
  /** `x-switchboard-cache-namespace`, when the client sent one. */
  namespace?: string;
  /** From `nativeExtras`: raw request fields outside the canonical shape. */
  extras?: Record<string, unknown>;
}

/** The hex sha256 key of one request in one scope. */
export function cacheKey(input: CacheKeyInput): string {
  return sha256(
    canonicalJson({
      v: KEY_VERSION,
      scope: input.scope,
      namespace: input.namespace,
      request: keyMaterial(input.request),
      extras: input.extras,
    }),
  );
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The output-relevant fields of a request, normalised: prompt-cache markers dropped (they
 * change billing, not output), empty `stop`/`tools` lists treated as absent. Provider defaults
 * are *not* filled in — an absent temperature and `temperature: 1` stay different, because the
 * default differs between providers.
 */
export function keyMaterial(request: ChatRequest): Record<string, unknown> {
  return {
    model: request.model,
    system: request.system.map((part) => part.text),
    messages: request.messages.map(normaliseMessage),
    tools: request.tools?.length ? request.tools.map(normaliseTool) : undefined,
    toolChoice: request.toolChoice,
    parallelToolCalls: request.parallelToolCalls,
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    topK: request.topK,
    stop: request.stop?.length ? request.stop : undefined,
    seed: request.seed,
    frequencyPenalty: request.frequencyPenalty,
    presencePenalty: request.presencePenalty,
    responseFormat: request.responseFormat,
    thinking: request.thinking,
  };
}

function normaliseMessage(message: ChatMessage): Record<string, unknown> {
  return { role: message.role, name: message.name, content: message.content.map(normalisePart) };
}

function normalisePart(part: ContentPart): unknown {
  switch (part.type) {
    case 'text':
      return { type: part.type, text: part.text };
    case 'image':
      return { type: part.type, source: part.source, detail: part.detail };
    case 'tool-call':
      return { type: part.type, id: part.id, name: part.name, arguments: part.arguments };
    case 'tool-result':
      return { type: part.type, toolCallId: part.toolCallId, name: part.name, isError: part.isError, content: part.content.map(normalisePart) };
    default:
      return part;
  }
}

function normaliseTool(tool: ToolDefinition): Record<string, unknown> {
  return { name: tool.name, description: tool.description, parameters: tool.parameters, strict: tool.strict };
}

/**
 * Raw body fields the canonical request already covers (or that never change the answer).
 * Anything else a client sends goes upstream untouched on a native call, so it must be keyed:
 * `reasoning_effort: "xhigh"` and `"high"` are one canonical effort but two different asks.
 */
const covered: Record<ClientShape, ReadonlySet<string>> = {
  openai: new Set([
    'model', 'messages', 'tools', 'tool_choice', 'parallel_tool_calls', 'max_tokens', 'max_completion_tokens', 'temperature',
    'top_p', 'stop', 'seed', 'frequency_penalty', 'presence_penalty', 'response_format', 'stream', 'stream_options', 'user', 'metadata',
  ]),
  anthropic: new Set(['model', 'messages', 'system', 'tools', 'tool_choice', 'max_tokens', 'stop_sequences', 'temperature', 'top_p', 'top_k', 'stream', 'metadata']),
};

/** Request headers that change an Anthropic answer (beta features, API version). */
const ANTHROPIC_HEADERS = ['anthropic-beta', 'anthropic-version'];

/** Output-affecting raw fields (and headers) outside the canonical shape; undefined when none. */
export function nativeExtras(shape: ClientShape, raw: Record<string, unknown>, headers: IncomingHttpHeaders = {}): Record<string, unknown> | undefined {
  const extras: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(raw)) {
    // SDKs serialise unset options as null: null and absent are the same ask.
    if (value !== null && value !== undefined && !covered[shape].has(field)) extras[field] = value;
  }
  if (shape === 'anthropic') {
    for (const name of ANTHROPIC_HEADERS) {
      const value = headers[name];
      if (value !== undefined) extras[`header:${name}`] = value;
    }
  }
  return Object.keys(extras).length > 0 ? extras : undefined;
}

/**
 * Why a request's answer cannot be cached as a canonical response, if it cannot: the answer
 * would carry things the canonical shape drops (several choices, logprobs, audio, MCP blocks),
 * and a replay would silently lose them.
 */
export function uncacheableReason(shape: ClientShape, raw: Record<string, unknown>): string | undefined {
  if (shape === 'openai') {
    if (typeof raw.n === 'number' && raw.n > 1) return 'n';
    if (raw.logprobs === true || (typeof raw.top_logprobs === 'number' && raw.top_logprobs > 0)) return 'logprobs';
    if (raw.audio != null || (Array.isArray(raw.modalities) && raw.modalities.includes('audio'))) return 'audio';
    return undefined;
  }
  if (Array.isArray(raw.mcp_servers) && raw.mcp_servers.length > 0) return 'mcp_servers';
  if (raw.container != null) return 'container';
  return undefined;
}

/**
 * JSON with object keys sorted at every depth, so two objects that differ only in key order
 * serialise identically. `undefined` members are dropped and non-finite numbers become null,
 * exactly as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    members.push(`${JSON.stringify(key)}:${canonicalJson(item)}`);
  }
  return `{${members.join(',')}}`;
}
