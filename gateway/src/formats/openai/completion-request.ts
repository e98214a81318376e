import { z } from 'zod';
import { estimateTextTokens } from '../../canonical/estimate-tokens';
import { parseClientBody } from './validation';

/**
 * OpenAI's legacy text completions (`POST /v1/completions`), as far as the gateway reads them:
 * what routing, limits and the log need. The body goes to the provider as the client sent it,
 * its model aside, so every other field (`suffix`, `echo`, `logprobs`, a server's own
 * sampling options) reaches the server that understands it.
 */
const completionRequestSchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()), z.array(z.number().int()), z.array(z.array(z.number().int()))], {
    error: 'expected a string, an array of strings, or token arrays',
  }),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().min(0).nullish(),
  n: z.number().int().min(1).nullish(),
  best_of: z.number().int().min(1).nullish(),
  suffix: z.string().nullish(),
  user: z.string().nullish(),
});

export interface CompletionRequest {
  model: string;
  stream: boolean;
  /** The client asked for the usage chunk (`stream_options.include_usage`). */
  streamUsage: boolean;
  /** The prompts' (and suffix's) tokens, estimated. */
  promptTokens: number;
  /** The output the client allows, across its completions (`max_tokens`, 16 unless given, for each); unset for a FIM call that sets none. */
  maxTokens: number | undefined;
  user?: string;
}

/** OpenAI's default `max_tokens` for a completion. */
const DEFAULT_MAX_TOKENS = 16;

/** Validates an OpenAI `/v1/completions` body; throws an invalid_request GatewayError naming the field. */
export function parseCompletionRequest(body: unknown): CompletionRequest {
  const req = parseClientBody(completionRequestSchema, body);
  const prompts = typeof req.prompt === 'string' ? [req.prompt] : req.prompt;
  // Token arrays count a token each; text is estimated as everywhere else.
  let promptTokens = 0;
  for (const prompt of prompts) promptTokens += typeof prompt === 'string' ? estimateTextTokens(prompt) : typeof prompt === 'number' ? 1 : prompt.length;
  if (req.suffix != null) promptTokens += estimateTextTokens(req.suffix);
  // Every prompt gets `best_of` (at least `n`) completions of up to max_tokens each.
  const completions = Math.max(1, prompts.length) * Math.max(req.n ?? 1, req.best_of ?? 1);
  const maxTokens = (req.max_tokens ?? DEFAULT_MAX_TOKENS) * completions;
  const out: CompletionRequest = {
    model: req.model,
    stream: req.stream === true,
    streamUsage: req.stream_options?.include_usage === true,
    promptTokens,
    maxTokens,
  };
  if (req.user != null) out.user = req.user;
  return out;
}
