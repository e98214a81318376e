import { describe, expect, it } from 'vitest';
import { openaiEmbeddingFormat, parseEmbeddingRequest, renderEmbeddingResponse } from './embeddings';

describe('parseEmbeddingRequest', () => {
  it('accepts a string or an array of strings with the optional fields', () => {
    expect(parseEmbeddingRequest({ model: 'embed', input: 'hello' })).toEqual({ model: 'embed', input: ['hello'] });
    expect(parseEmbeddingRequest({ model: 'embed', input: ['a', 'b'], dimensions: 256, encoding_format: 'base64', user: 'u' }))
      .toEqual({ model: 'embed', input: ['a', 'b'], dimensions: 256, encodingFormat: 'base64', user: 'u' });
  });

  it.each([
    ['token arrays', { model: 'e', input: [1, 2, 3] }, /token arrays are not supported/],
    ['arrays of token arrays', { model: 'e', input: [[1, 2]] }, /token arrays are not supported/],
    ['an empty list', { model: 'e', input: [] }, /at least one input/],
    ['a number', { model: 'e', input: 5 }, /expected a string or an array of strings/],
  ])('refuses %s naming input', (_label, body, message) => {
    expect(() => parseEmbeddingRequest(body)).toThrow(expect.objectContaining({ status: 400, param: 'input', message: expect.stringMatching(message) }));
  });
});

describe('renderEmbeddingResponse', () => {
  const res = { model: 'text-embedding-3-small', embeddings: [[0.5, -1], [0.25, 2]], usage: { inputTokens: 8 } };

  it('renders an OpenAI embedding list', () => {
    expect(renderEmbeddingResponse(res, 'embed')).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5, -1] },
        { object: 'embedding', index: 1, embedding: [0.25, 2] },
      ],
      model: 'embed',
      usage: { prompt_tokens: 8, total_tokens: 8 },
    });
  });

  it('encodes base64 as little-endian float32, which the upstream parser decodes back', () => {
    const wire = renderEmbeddingResponse(res, 'embed', 'base64');
    // 0.5 = 0x3f000000 and -1 = 0xbf800000, least significant byte first.
    expect(Buffer.from(wire.data[0]?.embedding as string, 'base64')).toEqual(Buffer.from([0, 0, 0, 0x3f, 0, 0, 0x80, 0xbf]));
    expect(openaiEmbeddingFormat.parseEmbeddingResponse(wire).embeddings).toEqual([[0.5, -1], [0.25, 2]]);
  });

  it('rounds base64 values to float32, as OpenAI sends them', () => {
    const wire = renderEmbeddingResponse({ model: '', embeddings: [[0.1, -0.123456789]], usage: { inputTokens: 1 } }, 'embed', 'base64');
    expect(openaiEmbeddingFormat.parseEmbeddingResponse(wire).embeddings[0]).toEqual([Math.fround(0.1), Math.fround(-0.123456789)]);
  });
});

describe('openaiEmbeddingFormat', () => {
  it('builds a request for the target model', () => {
    expect(openaiEmbeddingFormat.buildEmbeddingRequest({ model: 'alias', input: ['x'], dimensions: 64, encodingFormat: 'base64' }, 'text-embedding-3-large'))
      .toEqual({ model: 'text-embedding-3-large', input: ['x'], dimensions: 64 });
  });

  it('orders embeddings by index and reads usage', () => {
    const out = openaiEmbeddingFormat.parseEmbeddingResponse({
      object: 'list',
      data: [{ object: 'embedding', index: 1, embedding: [2] }, { object: 'embedding', index: 0, embedding: [1] }],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
    expect(out).toEqual({ model: 'text-embedding-3-small', embeddings: [[1], [2]], usage: { inputTokens: 4 } });
  });

  it('refuses an unusable body as a bad upstream response', () => {
    expect(() => openaiEmbeddingFormat.parseEmbeddingResponse({ data: 'x' })).toThrow(expect.objectContaining({ code: 'bad_upstream_response' }));
  });
});
