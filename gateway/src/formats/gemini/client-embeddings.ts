import { z } from 'zod';
import { fieldErrors, type Path } from '../field-errors';
import { camelKeys, paramOf } from './request-path';

/**
 * Gemini's embedding methods as clients call them: `:embedContent` (`{ content }`) and
 * `:batchEmbedContents` (`{ requests: [{ model, content }] }`), read as the texts to embed, and
 * the vectors rendered back as `{ embedding }` or `{ embeddings }`. `taskType` and `title` tune
 * Gemini's own model only, and are not sent on.
 */
const { invalidAt, parseAt } = fieldErrors(paramOf, 'Gemini');

const partSchema = z.preprocess(camelKeys, z.looseObject({ text: z.string().optional() }));
const embedSchema = z.preprocess(
  camelKeys,
  z.looseObject({
    content: z.preprocess(camelKeys, z.looseObject({ parts: z.array(partSchema).min(1) })),
    outputDimensionality: z.number().int().positive().optional(),
  }),
);
const batchSchema = z.looseObject({ requests: z.array(z.unknown()).min(1) });

export interface GeminiEmbedAsk {
  input: string[];
  dimensions?: number;
}

/** The texts a Gemini embedding call asks for: one per content, its text parts joined. */
export function parseGeminiEmbedding(body: unknown, batch: boolean): GeminiEmbedAsk {
  const requests = batch ? parseAt(batchSchema, body, []).requests.map((request, i) => parseAt(embedSchema, request, ['requests', i])) : [parseAt(embedSchema, body, [])];
  const base = (i: number): Path => (batch ? ['requests', i, 'content'] : ['content']);
  const input = requests.map((request, i) =>
    request.content.parts
      .map((part, j) => {
        if (part.text === undefined) throw invalidAt([...base(i), 'parts', j], 'only text can be embedded through this gateway', 'untranslatable_content');
        return part.text;
      })
      .join(''),
  );
  const dimensions = requests[0]?.outputDimensionality;
  if (requests.some((request) => request.outputDimensionality !== dimensions)) {
    throw invalidAt(['requests'], 'every request of a batch must ask for the same outputDimensionality here');
  }
  return dimensions === undefined ? { input } : { input, dimensions };
}

/** The vectors as Gemini answers them. */
export function renderGeminiEmbedding(embeddings: number[][], batch: boolean): unknown {
  return batch ? { embeddings: embeddings.map((values) => ({ values })) } : { embedding: { values: embeddings[0] ?? [] } };
}
