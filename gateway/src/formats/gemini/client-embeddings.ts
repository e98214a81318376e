import { z } from 'zod';
import type { EmbeddingTask } from '../../canonical/types';
import { fieldErrors, type Path } from '../field-errors';
import { camelKeys, paramOf } from './request-path';

/**
 * Gemini's embedding methods as clients call them: `:embedContent` (`{ content }`) and
 * `:batchEmbedContents` (`{ requests: [{ model, content }] }`), read as the texts to embed, and
 * the vectors rendered back as `{ embedding }` or `{ embeddings }`. `taskType` and `title` tune
 * Gemini's own models only: they go on to a Gemini target, per input, and no further.
 */
const { invalidAt, parseAt } = fieldErrors(paramOf, 'Gemini');

const partSchema = z.preprocess(camelKeys, z.looseObject({ text: z.string().optional() }));
const embedSchema = z.preprocess(
  camelKeys,
  z.looseObject({
    content: z.preprocess(camelKeys, z.looseObject({ parts: z.array(partSchema).min(1) })),
    outputDimensionality: z.number().int().positive().optional(),
    taskType: z.string().optional(),
    title: z.string().optional(),
  }),
);
const batchSchema = z.looseObject({ requests: z.array(z.unknown()).min(1) });

export interface GeminiEmbedAsk {
  input: string[];
  dimensions?: number;
  /** Per input, when any request named a task type or title. */
  tasks?: EmbeddingTask[];
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
  const ask: GeminiEmbedAsk = dimensions === undefined ? { input } : { input, dimensions };
  if (requests.some((request) => request.taskType !== undefined || request.title !== undefined)) {
    ask.tasks = requests.map(({ taskType, title }) => ({ ...(taskType === undefined ? {} : { taskType }), ...(title === undefined ? {} : { title }) }));
  }
  return ask;
}

/** The vectors as Gemini answers them. */
export function renderGeminiEmbedding(embeddings: number[][], batch: boolean): unknown {
  return batch ? { embeddings: embeddings.map((values) => ({ values })) } : { embedding: { values: embeddings[0] ?? [] } };
}
