import { z } from 'zod';
import type { EmbeddingRequest, EmbeddingResponse } from '../../canonical/types';
import { GatewayError, invalidRequest } from '../../errors/gateway-error';
import type { EmbeddingFormat } from '../types';
import { parseClientBody } from './validation';

const embeddingRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union(
    [z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))],
    { error: 'expected a string or an array of strings' },
  ),
  dimensions: z.number().int().min(1).nullish(),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  user: z.string().nullish(),
});

/** Validates an OpenAI `/v1/embeddings` body. Token-array inputs are refused: only OpenAI's own tokenizer could read them. */
export function parseEmbeddingRequest(body: unknown): EmbeddingRequest {
  const req = parseClientBody(embeddingRequestSchema, body);
  const input = typeof req.input === 'string' ? [req.input] : req.input;
  if (input.length === 0) throw invalidRequest("Invalid 'input': at least one input is required", 'input');
  const texts: string[] = [];
  for (const item of input) {
    if (typeof item !== 'string') {
      throw invalidRequest("Invalid 'input': token arrays are not supported by this gateway; send the text instead", 'input', 'unsupported_parameter');
    }
    texts.push(item);
  }
  const out: EmbeddingRequest = { model: req.model, input: texts };
  if (req.dimensions != null) out.dimensions = req.dimensions;
  if (req.encoding_format != null) out.encodingFormat = req.encoding_format;
  if (req.user != null) out.user = req.user;
  return out;
}

export interface OpenAIEmbeddingList {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/**
 * Canonical embeddings → OpenAI's list. `base64` matters: openai-node asks for it by default
 * and decodes the little-endian float32 bytes itself.
 */
export function renderEmbeddingResponse(res: EmbeddingResponse, model: string, encodingFormat: 'float' | 'base64' = 'float'): OpenAIEmbeddingList {
  return {
    object: 'list',
    data: res.embeddings.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: encodingFormat === 'base64' ? encodeBase64(vector) : vector,
    })),
    model,
    usage: { prompt_tokens: res.usage.inputTokens, total_tokens: res.usage.inputTokens },
  };
}

const embeddingResponseSchema = z.looseObject({
  model: z.string().nullish(),
  data: z.array(z.looseObject({
    index: z.number().int().nullish(),
    embedding: z.union([z.array(z.number()), z.string()]),
  })),
  usage: z.looseObject({ prompt_tokens: z.number().nullish(), total_tokens: z.number().nullish() }).nullish().catch(undefined),
});

/**
 * OpenAI's base64 embedding: the vector as float32, little-endian, whatever this machine's byte
 * order (a Float32Array's buffer would be in the host's).
 */
function encodeBase64(vector: number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i] as number, i * 4);
  return bytes.toString('base64');
}

function decodeBase64(data: string): number[] {
  const bytes = Buffer.from(data, 'base64');
  const vector = new Array<number>(Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
  return vector;
}

export const openaiEmbeddingFormat: EmbeddingFormat = {
  buildEmbeddingRequest(request, model) {
    // encoding_format is left out: float is the default everywhere, and some servers reject the field.
    const body: Record<string, unknown> = { model, input: request.input };
    if (request.dimensions !== undefined) body.dimensions = request.dimensions;
    if (request.user !== undefined) body.user = request.user;
    return body;
  },

  parseEmbeddingResponse(body) {
    const parsed = embeddingResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new GatewayError('upstream', 'The provider returned an embeddings response this gateway cannot read', {
        code: 'bad_upstream_response',
        retryable: false,
      });
    }
    const { data, usage, model } = parsed.data;
    const ordered = data.map((item, i) => ({ index: item.index ?? i, embedding: item.embedding })).sort((a, b) => a.index - b.index);
    return {
      model: model ?? '',
      embeddings: ordered.map((item) => (typeof item.embedding === 'string' ? decodeBase64(item.embedding) : item.embedding)),
      usage: { inputTokens: usage?.prompt_tokens ?? usage?.total_tokens ?? 0 },
    };
  },
};
