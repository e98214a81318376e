import { describe, expect, it } from 'vitest';
import type { GatewayError } from '../../errors/gateway-error';
import { parseGeminiEmbedding, renderGeminiEmbedding } from './client-embeddings';

describe('Gemini embedding calls from clients', () => {
  it('reads one content or a batch as texts, parts joined, in either spelling', () => {
    expect(parseGeminiEmbedding({ content: { parts: [{ text: 'a ' }, { text: 'b' }] } }, false)).toEqual({ input: ['a b'] });
    const batch = { requests: [{ model: 'models/x', content: { parts: [{ text: 'one' }] }, output_dimensionality: 8 }, { content: { parts: [{ text: 'two' }] }, outputDimensionality: 8 }] };
    expect(parseGeminiEmbedding(batch, true)).toEqual({ input: ['one', 'two'], dimensions: 8 });
  });

  it('keeps each request’s task type and title, in either spelling, for a Gemini target', () => {
    expect(parseGeminiEmbedding({ content: { parts: [{ text: 'q' }] }, task_type: 'RETRIEVAL_QUERY' }, false)).toEqual({ input: ['q'], tasks: [{ taskType: 'RETRIEVAL_QUERY' }] });
    const batch = { requests: [{ content: { parts: [{ text: 'doc' }] }, taskType: 'RETRIEVAL_DOCUMENT', title: 'Manual' }, { content: { parts: [{ text: 'plain' }] } }] };
    expect(parseGeminiEmbedding(batch, true)).toEqual({ input: ['doc', 'plain'], tasks: [{ taskType: 'RETRIEVAL_DOCUMENT', title: 'Manual' }, {}] });
  });

  it('refuses what it cannot embed, naming the field as Google does', () => {
    const refused = (body: unknown, batch: boolean) => {
      try {
        parseGeminiEmbedding(body, batch);
      } catch (error) {
        return error as GatewayError;
      }
      throw new Error('expected a refusal');
    };
    expect(refused({ content: { parts: [{ inlineData: { data: 'AA' } }] } }, false)).toMatchObject({ status: 400, param: 'content.parts[0]' });
    expect(refused({ requests: [] }, true).param).toBe('requests');
    const mixed = { requests: [{ content: { parts: [{ text: 'a' }] }, outputDimensionality: 8 }, { content: { parts: [{ text: 'b' }] } }] };
    expect(refused(mixed, true).message).toContain('same outputDimensionality');
  });

  it('answers one vector as { embedding } and a batch as { embeddings }', () => {
    expect(renderGeminiEmbedding([[1, 2]], false)).toEqual({ embedding: { values: [1, 2] } });
    expect(renderGeminiEmbedding([[1], [2]], true)).toEqual({ embeddings: [{ values: [1] }, { values: [2] }] });
  });
});
