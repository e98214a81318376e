import { isRecord } from '../core/json';
import type { Rendered, RequestContext } from '../core/route';
import { estimateTokens, fakeEmbedding, toBase64Floats } from '../core/text';
import type { ContentBehaviour } from '../core/types';

/** OpenAI accepts a string, strings, a token array or token arrays; tokens are hashed as "1,2,3". */
export function embeddingInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((item) => typeof item === 'number')) return [input.join(',')];
  return input.map((item) => (Array.isArray(item) ? item.join(',') : String(item)));
}

export function renderEmbeddings(ctx: RequestContext, behaviour: ContentBehaviour, model: string): Rendered {
  const body = isRecord(ctx.recorded.body) ? ctx.recorded.body : {};
  const inputs = embeddingInputs(body.input);
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : 8;
  // The openai SDK asks for base64 unless the caller chose a format, then decodes it itself.
  const base64 = body.encoding_format === 'base64';
  const promptTokens =
    behaviour.usage?.inputTokens ?? inputs.reduce((sum, text) => sum + Math.max(1, estimateTokens(text)), 0);
  return {
    type: 'json',
    body: {
      object: 'list',
      data: inputs.map((text, index) => {
        const vector = behaviour.vectors?.[index] ?? fakeEmbedding(text, dimensions);
        return { object: 'embedding', index, embedding: base64 ? toBase64Floats(vector) : vector };
      }),
      model: behaviour.model ?? model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    },
  };
}
