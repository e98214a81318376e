import { describe, expect, it } from 'vitest';
import { geminiEmbeddingFormat, geminiPaths, parseGeminiEmbeddingResponse } from './index';

describe('Gemini embeddings', () => {
  it('builds one batchEmbedContents request per input with the model resource name', () => {
    const body = geminiEmbeddingFormat.buildEmbeddingRequest(
      { model: 'embed', input: ['first text', 'second'], dimensions: 768 },
      'gemini-embedding-001',
    );
    expect(body).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'first text' }] }, outputDimensionality: 768 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'second' }] }, outputDimensionality: 768 },
      ],
    });
    const plain = geminiEmbeddingFormat.buildEmbeddingRequest({ model: 'embed', input: ['x'] }, 'models/text-embedding-004');
    expect(plain).toEqual({ requests: [{ model: 'models/text-embedding-004', content: { parts: [{ text: 'x' }] } }] });
  });

  it("gives each request its own input's task type and title", () => {
    const body = geminiEmbeddingFormat.buildEmbeddingRequest(
      { model: 'embed', input: ['a doc', 'a query'], tasks: [{ taskType: 'RETRIEVAL_DOCUMENT', title: 'Doc' }, { taskType: 'RETRIEVAL_QUERY' }] },
      'gemini-embedding-001',
    );
    expect(body).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a doc' }] }, taskType: 'RETRIEVAL_DOCUMENT', title: 'Doc' },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a query' }] }, taskType: 'RETRIEVAL_QUERY' },
      ],
    });
  });

  it('says batchEmbedContents takes at most 100 inputs, so the pipeline splits larger ones', () => {
    expect(geminiEmbeddingFormat.maxInputsPerCall).toBe(100);
  });

  it('reads the vectors and the token count newer models report', () => {
    const response = geminiEmbeddingFormat.parseEmbeddingResponse({
      embeddings: [{ values: [0.51, 0.85] }, { values: [-0.5, -0.86] }],
      usageMetadata: { promptTokenCount: 12 },
    });
    expect(response.embeddings).toEqual([[0.51, 0.85], [-0.5, -0.86]]);
    expect(response.usage.inputTokens).toBe(12);
  });

  it('estimates tokens at four characters each when Gemini reports none and the input is known', () => {
    const body = { embeddings: [{ values: [0.1] }, { values: [0.2] }] };
    expect(parseGeminiEmbeddingResponse(body, ['12345678', '123']).usage.inputTokens).toBe(3);
    expect(geminiEmbeddingFormat.parseEmbeddingResponse(body).usage.inputTokens).toBe(0);
  });

  it('throws on an error body and on a body without embeddings', () => {
    expect(() =>
      geminiEmbeddingFormat.parseEmbeddingResponse({
        error: { code: 400, message: '* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch\n', status: 'INVALID_ARGUMENT' },
      }),
    ).toThrow(expect.objectContaining({ kind: 'invalid_request', upstreamType: 'INVALID_ARGUMENT' }));
    expect(() => geminiEmbeddingFormat.parseEmbeddingResponse({ embedding: { values: [1] } })).toThrow(
      expect.objectContaining({ code: 'bad_upstream_response' }),
    );
  });
});

describe('Gemini paths', () => {
  it('builds chat, streaming and embedding paths with or without the models/ prefix', () => {
    expect(geminiPaths('gemini-2.5-flash')).toEqual({
      chat: 'models/gemini-2.5-flash:generateContent',
      embeddings: 'models/gemini-2.5-flash:batchEmbedContents',
    });
    expect(geminiPaths('models/gemini-2.5-flash', true).chat).toBe('models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(geminiPaths('tunedModels/my-model-x1', false).chat).toBe('tunedModels/my-model-x1:generateContent');
  });

  it.each(['../files', 'models/../../v1/files', 'gemini flash', 'a:b', ''])('refuses the model name %j', (name) => {
    expect(() => geminiPaths(name)).toThrow(expect.objectContaining({ kind: 'invalid_request', param: 'model' }));
  });
});
