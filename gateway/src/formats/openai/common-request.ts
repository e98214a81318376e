/**
 * The common chat request checked by hand: text messages and plain options. zod's generic walk
 * over a request measured several times its micro-benchmark cost in place, on every request.
 * Anything outside this subset (parts, tools, stop lists, response formats…) returns
 * undefined and goes to the schema, so the fast path only ever accepts what the schema
 * accepts, and never words an error: refusals are the schema's.
 */
import { isObject, isOptionalString } from '../json-object';
import type { OpenAIChatRequest } from './request-schema';

type Check = (value: unknown) => boolean;

const absent = (value: unknown): boolean => value === undefined || value === null;
const optional = (check: Check): Check => (value) => absent(value) || check(value);
const inRange = (min: number, max: number): Check => (value) => typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isSafeInteger: Check = (value) => Number.isSafeInteger(value);
const isTokenCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 1;
const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
// Made once: it runs on every request.
const optionalBoolean = optional(isBoolean);
const isStreamOptions: Check = (value) => isObject(value) && optionalBoolean(value.include_usage);
const isStringRecord: Check = (value) => isObject(value) && Object.values(value).every(isString);

/** The schema's own fields this subset takes, each with a check no stricter than the schema's. */
const OPTIONS = new Map<string, Check>(Object.entries({
  parallel_tool_calls: optionalBoolean,
  max_tokens: optional(isTokenCount),
  max_completion_tokens: optional(isTokenCount),
  temperature: optional(inRange(0, 2)),
  top_p: optional(inRange(0, 1)),
  seed: optional(isSafeInteger),
  frequency_penalty: optional(inRange(-2, 2)),
  presence_penalty: optional(inRange(-2, 2)),
  stream: optionalBoolean,
  stream_options: optional(isStreamOptions),
  user: isOptionalString,
  metadata: optional(isStringRecord),
  n: optional(isTokenCount),
  logprobs: optionalBoolean,
  top_logprobs: optional(isCount),
}));

/** Schema fields this subset leaves to the schema whenever they are set (`functions` even to null). */
const LEFT_TO_SCHEMA = new Set(['tools', 'tool_choice', 'stop', 'response_format', 'reasoning_effort', 'functions']);

const TEXT_ROLES = new Set(['system', 'developer', 'user', 'assistant']);

function isTextMessage(message: unknown): boolean {
  if (!isObject(message) || typeof message.role !== 'string' || !TEXT_ROLES.has(message.role)) return false;
  if (typeof message.content !== 'string' || !isOptionalString(message.name)) return false;
  return message.role !== 'assistant' || (absent(message.tool_calls) && absent(message.function_call) && absent(message.refusal));
}

/** `body` as the schema would read it, when it is a common request; undefined to ask the schema. */
export function commonChatRequest(body: unknown): OpenAIChatRequest | undefined {
  if (!isObject(body) || typeof body.model !== 'string' || body.model === '') return undefined;
  const { messages } = body;
  if (!Array.isArray(messages) || messages.length === 0 || !messages.every(isTextMessage)) return undefined;
  // The body's own fields, not every field there could be: a request sets a few of the twenty.
  for (const field of Object.keys(body)) {
    const value = body[field];
    if (value === undefined) continue;
    if (LEFT_TO_SCHEMA.has(field)) {
      if (value !== null || field === 'functions') return undefined;
      continue;
    }
    const check = OPTIONS.get(field);
    if (check !== undefined && !check(value)) return undefined;
    // Unknown fields pass through, as the schema's loose object lets them.
  }
  return body as OpenAIChatRequest;
}
