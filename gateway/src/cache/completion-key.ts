/**
 * The exact-cache key of a completion call (`/v1/completions`, `/v1/fim/completions`). These
 * bodies go upstream as sent, their model aside, so the key is the body itself: every field
 * but those that do not change the answer (`model`, keyed as the alias; `stream`,
 * `stream_options`, `user`). A streamed and a non-streamed ask share an entry, as for chat.
 */
import { canonicalJson, sha256 } from './cache-key';

/** Bumped whenever key material changes meaning, so old entries simply stop matching. */
const KEY_VERSION = 1;

/** Body fields that never change a completion's answer; `model` is keyed as the alias asked for. */
const NOT_KEYED = new Set(['model', 'stream', 'stream_options', 'user']);

export interface CompletionKeyInput {
  /** The path called: calls to different endpoints never share an entry. */
  endpoint: string;
  /** The alias the body names. */
  model: string;
  body: Record<string, unknown>;
  scope: string;
  namespace?: string;
  targets?: string;
}

export function completionKey(input: CompletionKeyInput): string {
  const asked: Record<string, unknown> = {};
  for (const field of Object.keys(input.body)) {
    const value = input.body[field];
    // SDKs serialise unset options as null: null and absent are the same ask.
    if (value !== null && value !== undefined && !NOT_KEYED.has(field)) asked[field] = value;
  }
  return sha256(canonicalJson({ body: asked, endpoint: input.endpoint, model: input.model, namespace: input.namespace, scope: input.scope, targets: input.targets, v: KEY_VERSION }));
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
