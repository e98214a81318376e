/**
 * The exact-cache key: sha256 over a canonical JSON of everything that shapes the answer —
 * the normalised request, the scope, an optional client namespace, and the parts of the raw
 * request the canonical shape does not model (they still reach the provider on a native call).
 * Things that do not change the answer (stream, streamUsage, user, metadata, prompt-cache
 * markers) are left out, so a streamed and a non-streamed ask share one entry.
 */
import { hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ChatMessage, ChatRequest, ContentPart, ToolDefinition } from '../canonical/types';
import type { ClientShape } from '../providers/types';
import { isObject } from '../formats/json-object';

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
  /** From `targetsOf`: the targets the route resolved to for this request. */
  targets?: string;
}

/**
 * The hex sha256 key of one request in one scope: the digest of
 * `canonicalJson({ extras, namespace, request: keyMaterial(request), scope, targets, v })`.
 * It is written here member by member, in that sorted order, without building the material
 * objects or sorting their known members; only values of open shape (extras, schemas, tool
 * choice…) go through canonicalJson. A test holds the two to the same text.
 */
export function cacheKey(input: CacheKeyInput): string {
  let out = member('{', '"extras"', input.extras);
  out = member(out, '"namespace"', input.namespace);
  out = written(out, '"request"', requestJson(input.request));
  out = member(out, '"scope"', input.scope);
  out = member(out, '"targets"', input.targets);
  return sha256(`${out},"v":${KEY_VERSION}}`);
}

/** `keyMaterial(request)` as canonical JSON. */
function requestJson(request: ChatRequest): string {
  let out = member('{', '"frequencyPenalty"', request.frequencyPenalty);
  out = member(out, '"maxTokens"', request.maxTokens);
  let messages = '[';
  for (const message of request.messages) {
    if (messages.length > 1) messages += ',';
    let content = '[';
    for (const part of message.content) content += `${content.length > 1 ? ',' : ''}${partJson(part)}`;
    messages += `${member(member(`{"content":${content}]`, '"name"', message.name), '"role"', message.role)}}`;
  }
  out = written(out, '"messages"', `${messages}]`);
  out = member(out, '"model"', request.model);
  out = member(out, '"parallelToolCalls"', request.parallelToolCalls);
  out = member(out, '"presencePenalty"', request.presencePenalty);
  out = member(out, '"responseFormat"', request.responseFormat);
  out = member(out, '"seed"', request.seed);
  out = member(out, '"stop"', request.stop?.length ? request.stop : undefined);
  let system = '[';
  for (const part of request.system) system += `${system.length > 1 ? ',' : ''}${canonicalJson(part.text)}`;
  out = written(out, '"system"', `${system}]`);
  out = member(out, '"temperature"', request.temperature);
  out = member(out, '"thinking"', request.thinking);
  out = member(out, '"toolChoice"', request.toolChoice);
  if (request.tools?.length) {
    let tools = '[';
    for (const tool of request.tools) tools += `${tools.length > 1 ? ',' : ''}${canonicalJson(normaliseTool(tool))}`;
    out = written(out, '"tools"', `${tools}]`);
  }
  out = member(out, '"topK"', request.topK);
  out = member(out, '"topP"', request.topP);
  return `${member(out, '"verbosity"', request.verbosity)}}`;
}

/** `normalisePart(part)` as canonical JSON; the common text part without an object. */
function partJson(part: ContentPart): string {
  return part.type === 'text' && typeof part.text === 'string' ? `{"text":${JSON.stringify(part.text)},"type":"text"}` : canonicalJson(normalisePart(part));
}

/**
 * Appends `"name":value` to an object's text (`out`, open, `{` when empty), skipping what
 * canonicalJson skips. Members must come in sorted order.
 */
function member(out: string, quotedName: string, value: unknown): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return out;
  return written(out, quotedName, canonicalJson(value));
}

/** Appends `"name":json` (already canonical JSON) to an object's text, as `member` does. */
const written = (out: string, quotedName: string, json: string): string => `${out.length > 1 ? `${out},` : out}${quotedName}:${json}`;

/** One-shot `crypto.hash`: no Hash object per call. */
export const sha256 = (text: string): string => hash('sha256', text, 'hex');

/**
 * The output-relevant fields of a request, normalised: prompt-cache markers dropped (they
 * change billing, not output), empty `stop`/`tools` lists treated as absent. Provider defaults
 * are *not* filled in — an absent temperature and `temperature: 1` stay different, because the
 * default differs between providers.
 */
export function keyMaterial(request: ChatRequest): Record<string, unknown> {
  // Members in canonicalJson's (UTF-16) order, its cheap case. cacheKey writes the same
  // members without this object (requestJson): change both together.
  return {
    frequencyPenalty: request.frequencyPenalty,
    maxTokens: request.maxTokens,
    messages: request.messages.map(normaliseMessage),
    model: request.model,
    parallelToolCalls: request.parallelToolCalls,
    presencePenalty: request.presencePenalty,
    responseFormat: request.responseFormat,
    seed: request.seed,
    stop: request.stop?.length ? request.stop : undefined,
    system: request.system.map((part) => part.text),
    temperature: request.temperature,
    thinking: request.thinking,
    toolChoice: request.toolChoice,
    tools: request.tools?.length ? request.tools.map(normaliseTool) : undefined,
    topK: request.topK,
    topP: request.topP,
    verbosity: request.verbosity,
  };
}

function normaliseMessage(message: ChatMessage): Record<string, unknown> {
  return { content: message.content.map(normalisePart), name: message.name, role: message.role };
}

function normalisePart(part: ContentPart): unknown {
  switch (part.type) {
    case 'text':
      return { text: part.text, type: part.type };
    case 'image':
      return { detail: part.detail, source: part.source, type: part.type };
    case 'tool-call':
      return { arguments: part.arguments, id: part.id, name: part.name, type: part.type };
    case 'tool-result':
      return { content: part.content.map(normalisePart), isError: part.isError, name: part.name, toolCallId: part.toolCallId, type: part.type };
    default:
      return part;
  }
}

function normaliseTool(tool: ToolDefinition): Record<string, unknown> {
  return { description: tool.description, name: tool.name, parameters: tool.parameters, strict: tool.strict };
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
  // What the parser reads; the rest (natively sent to OpenAI as is) is keyed rather than trusted to be inert.
  'openai-responses': new Set([
    'model', 'input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'max_output_tokens', 'temperature', 'top_p',
    'text', 'reasoning', 'metadata', 'user', 'safety_identifier', 'stream', 'stream_options', 'store', 'include',
  ]),
  // Vertex's `labels` tag the call for billing; the model and stream flag are in the URL.
  // `toolConfig` is keyed as sent: VALIDATED and AUTO read as one canonical choice.
  gemini: new Set(['contents', 'systemInstruction', 'tools', 'generationConfig', 'labels']),
};

/**
 * Responses members the parser reads only in part: the rest goes to OpenAI as sent on a native
 * call and changes its answer (`reasoning.summary` adds summaries), so it is keyed too.
 */
const PARTLY_READ: Partial<Record<ClientShape, ReadonlyArray<readonly [string, ReadonlySet<string>]>>> = {
  'openai-responses': [
    ['reasoning', new Set(['effort'])],
    ['text', new Set(['format', 'verbosity'])],
  ],
  // Gemini's generation settings the parser reads whole; the rest reach Gemini as sent, so they
  // are keyed as sent: speech, media resolution, and `thinkingConfig` and `responseSchema`,
  // whose canonical reading loses some of what they ask (includeThoughts, propertyOrdering).
  gemini: [
    [
      'generationConfig',
      new Set(['temperature', 'topP', 'topK', 'maxOutputTokens', 'stopSequences', 'candidateCount', 'seed', 'presencePenalty', 'frequencyPenalty', 'responseMimeType', 'responseJsonSchema']),
    ],
  ],
};

/**
 * Request headers that change an Anthropic answer (beta features, API version). They reach
 * Anthropic only on a native call, so the caller passes `headers` only when one can happen: a
 * translated ask is sent with the gateway's own, and then shares an entry with the same ask in
 * the other shape.
 */
const ANTHROPIC_HEADERS = ['anthropic-beta', 'anthropic-version'];

/** Output-affecting raw fields (and headers, when given) outside the canonical shape; undefined when none. */
export function nativeExtras(shape: ClientShape, raw: Record<string, unknown>, headers: IncomingHttpHeaders = {}): Record<string, unknown> | undefined {
  const known = covered[shape];
  // Made only when needed: most requests have no extras.
  let extras: Record<string, unknown> | undefined;
  for (const field of Object.keys(raw)) {
    const value = raw[field];
    // SDKs serialise unset options as null: null and absent are the same ask.
    if (value !== null && value !== undefined && !known.has(field)) (extras ??= {})[field] = value;
  }
  const partly = PARTLY_READ[shape];
  if (partly !== undefined) {
    for (const [field, read] of partly) {
      const value = raw[field];
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const rest = Object.entries(value as Record<string, unknown>).filter(([name, member]) => !read.has(name) && member !== null && member !== undefined);
      if (rest.length > 0) (extras ??= {})[`${field}.rest`] = Object.fromEntries(rest);
    }
  }
  if (shape === 'anthropic') {
    for (const name of ANTHROPIC_HEADERS) {
      const value = headers[name];
      if (value !== undefined) (extras ??= {})[`header:${name}`] = value;
    }
  }
  return extras && Object.keys(extras).length > 0 ? extras : undefined;
}

/**
 * Why a request's answer cannot be cached as a canonical response, if it cannot: the answer
 * would carry things the canonical shape drops (several choices, logprobs, audio, MCP blocks),
 * and a replay would silently lose them.
 */
export function uncacheableReason(shape: ClientShape, raw: Record<string, unknown>, native = false): string | undefined {
  if (shape === 'openai') {
    if (typeof raw.n === 'number' && raw.n > 1) return 'n';
    if (raw.logprobs === true || (typeof raw.top_logprobs === 'number' && raw.top_logprobs > 0)) return 'logprobs';
    if (raw.audio != null || (Array.isArray(raw.modalities) && raw.modalities.includes('audio'))) return 'audio';
    return undefined;
  }
  if (shape === 'openai-responses') {
    // Translated, nothing the canonical answer drops can be asked for (its parser notes it as
    // untranslatable). OpenAI's own answer keeps state a replay would not have: a response it
    // stored (`store` defaults to true) that a later `previous_response_id` names by its id, and
    // what `include` adds (encrypted reasoning, logprobs, sources).
    if (!native) return undefined;
    // A background run answers "queued": there is no answer yet to keep.
    if (raw.background === true) return 'background';
    if (raw.store !== false) return 'store';
    if (Array.isArray(raw.include) && raw.include.length > 0) return 'include';
    return undefined;
  }
  if (shape === 'gemini') return uncacheableGemini(raw);
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
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // What JSON.stringify writes for a number, without the generic call.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default: {
      const text = JSON.stringify(value);
      return text === undefined ? 'null' : text;
    }
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item);
    }
    return `${out}]`;
  }
  let out = '{';
  for (const key of sortedKeys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (out.length > 1) out += ',';
    out += `${quoteKey(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

/** Insertion sort below this many keys (linear when already sorted); the built-in sort above. */
const SMALL_OBJECT = 16;

/** Own enumerable keys in `Array.prototype.sort` order (UTF-16 code units). */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > SMALL_OBJECT) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return keys;
}

/** Characters JSON.stringify never escapes; most keys are made only of these. */
const PLAIN_KEY = /^[\w$.-]*$/;

const quoteKey = (key: string): string => (PLAIN_KEY.test(key) ? `"${key}"` : JSON.stringify(key));

/**
 * A Gemini answer the canonical shape cannot keep: several candidates, logprobs, audio or
 * image output, or what Google's own tools add (search grounding, code execution results).
 */
function uncacheableGemini(raw: Record<string, unknown>): string | undefined {
  const config = isObject(raw.generationConfig) ? raw.generationConfig : {};
  if (typeof config.candidateCount === 'number' && config.candidateCount > 1) return 'candidateCount';
  if (config.responseLogprobs === true) return 'logprobs';
  if (Array.isArray(config.responseModalities) && config.responseModalities.some((modality) => modality !== 'TEXT')) return 'responseModalities';
  if (Array.isArray(raw.tools) && raw.tools.some((tool) => isObject(tool) && Object.keys(tool).some((name) => name !== 'functionDeclarations'))) return 'tools';
  return undefined;
}
