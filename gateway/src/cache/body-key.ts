/**
 * The exact-cache key of a call that goes upstream as sent, its model aside (completions, FIM,
 * embeddings): the body itself, every field but those that do not change the answer (`model`,
 * keyed as the alias; `stream`, `stream_options`, `user`). A streamed and a non-streamed ask
 * share an entry, as for chat.
 */
import { canonicalJson, sha256 } from './cache-key';

/** Bumped whenever key material changes meaning, so old entries simply stop matching. */
const KEY_VERSION = 1;

/** Body fields that never change the answer; `model` is keyed as the alias asked for. */
const NOT_KEYED = new Set(['model', 'stream', 'stream_options', 'user']);

export interface BodyKeyInput {
  /** The path called: calls to different endpoints never share an entry. */
  endpoint: string;
  /** The alias the body names. */
  model: string;
  body: Record<string, unknown>;
  /** What else reaches the provider and changes the answer (a Gemini caller's task types and titles). */
  extras?: unknown;
  scope: string;
  namespace?: string;
  targets?: string;
}

/** The hex sha256 key of one such call in one scope. */
export function bodyKey(input: BodyKeyInput): string {
  const asked: Record<string, unknown> = {};
  for (const field of Object.keys(input.body)) {
    const value = input.body[field];
    // SDKs serialise unset options as null: null and absent are the same ask.
    if (value !== null && value !== undefined && !NOT_KEYED.has(field)) asked[field] = value;
  }
  const { endpoint, model, extras, namespace, scope, targets } = input;
  return sha256(canonicalJson({ body: asked, endpoint, extras, model, namespace, scope, targets, v: KEY_VERSION }));
}

/**
 * Why a completion's answer cannot be cached, if it cannot: one that holds several completions
 * (`n`, `best_of`, a list of prompts) or logprobs, which a replay of one canonical answer would lose.
 */
export function uncacheableCompletion(body: Record<string, unknown>): string | undefined {
  if ((typeof body.n === 'number' && body.n > 1) || (typeof body.best_of === 'number' && body.best_of > 1)) return 'n';
  if (body.logprobs != null && body.logprobs !== false) return 'logprobs';
  // One completion per prompt: a list of strings or of token lists (a list of tokens is one prompt).
  const { prompt } = body;
  if (Array.isArray(prompt) && (prompt.length === 0 || (prompt.length > 1 && !prompt.every((token) => typeof token === 'number')))) return 'prompts';
  return undefined;
}
