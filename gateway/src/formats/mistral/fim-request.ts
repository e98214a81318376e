import { z } from 'zod';
import { estimateTextTokens } from '../../canonical/estimate-tokens';
import type { CompletionRequest } from '../openai/completion-request';
import { parseClientBody } from '../openai/validation';

/**
 * Mistral's fill-in-the-middle completions (`POST /v1/fim/completions`), which Codestral serves
 * and Continue's and other editors' autocomplete call: code before the cursor (`prompt`) and
 * after it (`suffix`) in, the code between out, in chat completion shape. Read only as far as
 * routing, limits and the log need; the body goes on as sent, its model aside, so `min_tokens`,
 * `random_seed`, `stop` and whatever Mistral adds next reach it untouched.
 */
const fimRequestSchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.string(),
  suffix: z.string().nullish(),
  stream: z.boolean().nullish(),
  max_tokens: z.number().int().min(0).nullish(),
});

/** Validates a Mistral FIM body; throws an invalid_request GatewayError naming the field. */
export function parseFimRequest(body: unknown): CompletionRequest {
  const req = parseClientBody(fimRequestSchema, body);
  const stream = req.stream === true;
  return {
    model: req.model,
    stream,
    // Mistral puts usage on a stream's last chunk unasked; there is nothing to strip.
    streamUsage: stream,
    promptTokens: estimateTextTokens(req.prompt) + (req.suffix == null ? 0 : estimateTextTokens(req.suffix)),
    // Unset, the model may write up to its context: the budget reserves its usual default.
    maxTokens: req.max_tokens ?? undefined,
  };
}
