import { describe, expect, it } from 'vitest';
import { fromGeminiFinishReason, geminiProviderFormat } from './index';

const parse = (body: unknown) => geminiProviderFormat.parseResponse(body);

// Shaped like a real gemini-2.5-flash answer with includeThoughts on.
const thinkingAnswer = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { text: '**Counting letters**\n\nI will spell the word out.', thought: true },
          { text: 'There are **3** "r"s in strawberry.', thoughtSignature: 'EvsFCvgFAb4+9vtg' },
        ],
      },
      finishReason: 'STOP',
      index: 0,
      safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' }],
    },
  ],
  usageMetadata: {
    promptTokenCount: 1200,
    candidatesTokenCount: 29,
    cachedContentTokenCount: 1000,
    thoughtsTokenCount: 282,
    totalTokenCount: 1511,
  },
  modelVersion: 'gemini-2.5-flash',
  responseId: 'YH6LaZT7ENmPxN8P-r2J8Aw',
};

describe('Gemini response parsing', () => {
  it('reads thought parts as thinking and keeps a text part signature, marked as Gemini\'s, just before that text', () => {
    const response = parse(thinkingAnswer);
    expect(response.id).toBe('YH6LaZT7ENmPxN8P-r2J8Aw');
    expect(response.model).toBe('gemini-2.5-flash');
    expect(response.content).toEqual([
      { type: 'thinking', text: '**Counting letters**\n\nI will spell the word out.' },
      { type: 'thinking', text: '', signature: 'gemini:EvsFCvgFAb4+9vtg' },
      { type: 'text', text: 'There are **3** "r"s in strawberry.' },
    ]);
    expect(response.finishReason).toBe('stop');
  });

  it('counts cached tokens apart from input and thoughts inside output', () => {
    expect(parse(thinkingAnswer).usage).toEqual({
      inputTokens: 200,
      cachedInputTokens: 1000,
      cacheWriteTokens: 0,
      outputTokens: 311,
      reasoningTokens: 282,
    });
  });

  it('turns function calls into tool calls with generated ids and reports tool_calls on STOP', () => {
    const response = parse({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'SIG' },
              { functionCall: { name: 'get_time' } },
            ],
          },
          finishReason: 'STOP',
        },
      ],
      usageMetadata: { promptTokenCount: 29, candidatesTokenCount: 15, totalTokenCount: 44 },
      modelVersion: 'gemini-3-pro-preview',
    });
    expect(response.finishReason).toBe('tool_calls');
    const [signature, first, second] = response.content;
    expect(signature).toEqual({ type: 'thinking', text: '', signature: 'gemini:SIG' });
    expect(first).toMatchObject({ type: 'tool-call', name: 'get_weather', arguments: '{"city":"Paris"}' });
    expect(second).toMatchObject({ type: 'tool-call', name: 'get_time', arguments: '{}' });
    const ids = [first, second].map((part) => (part?.type === 'tool-call' ? part.id : ''));
    expect(ids[0]).toMatch(/^call_[0-9a-f]{24}$/);
    expect(ids[1]).not.toBe(ids[0]);
    expect(response.usage).toMatchObject({ inputTokens: 29, outputTokens: 15, reasoningTokens: 0 });
  });

  it('keeps the id Gemini gives a function call', () => {
    const response = parse({
      candidates: [{ content: { parts: [{ functionCall: { id: 'fc-7', name: 'ls', args: {} } }] }, finishReason: 'STOP' }],
    });
    expect(response.content[0]).toMatchObject({ type: 'tool-call', id: 'fc-7' });
  });

  it.each([
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['BLOCKLIST', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['SPII', 'content_filter'],
    ['FINISH_REASON_UNSPECIFIED', 'stop'],
    ['SOMETHING_NEW', 'stop'],
  ])('maps finishReason %s to %s', (finishReason, expected) => {
    const response = parse({ candidates: [{ content: { parts: [{ text: 'partial' }] }, finishReason }] });
    expect(response.finishReason).toBe(expected);
  });

  const failed = (finishReason: string, message?: string) =>
    expect.objectContaining({
      kind: 'upstream',
      status: 502,
      code: 'upstream_generation_failed',
      retryable: true,
      provider: 'gemini',
      message: expect.stringContaining(message ?? `finishReason ${finishReason}`),
    });

  it.each(['MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS', 'MISSING_THOUGHT_SIGNATURE', 'MALFORMED_RESPONSE', 'OTHER', 'IMAGE_OTHER', 'NO_IMAGE'])(
    'throws a retryable 502 naming %s, a generation that failed, instead of an empty stop',
    (finishReason) => {
      expect(fromGeminiFinishReason(finishReason, false)).toBe('error');
      // The shape Gemini sends: an empty content, or none at all.
      expect(() => parse({ candidates: [{ content: {}, finishReason, index: 0 }], usageMetadata: { promptTokenCount: 10 } })).toThrow(failed(finishReason));
      expect(() => parse({ candidates: [{ finishReason, index: 0 }] })).toThrow(failed(finishReason));
    },
  );

  it('fails even when output came with the failure, and says what Gemini said in finishMessage', () => {
    const body = {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: 'Let me look that up.' }, { functionCall: { name: 'get_weather', args: {} } }] },
          finishReason: 'MALFORMED_FUNCTION_CALL',
          finishMessage: 'Malformed function call: print(default_api.get_weather(city=',
        },
      ],
    };
    expect(() => parse(body)).toThrow(failed('MALFORMED_FUNCTION_CALL', 'finishReason MALFORMED_FUNCTION_CALL): Malformed function call: print(default_api.get_weather(city='));
  });

  it('caps a long finishMessage', () => {
    const finishMessage = `Malformed function call: ${'x'.repeat(1000)}`;
    expect(() => parse({ candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage }] })).toThrow(
      expect.objectContaining({ message: `Gemini's generation failed (finishReason MALFORMED_FUNCTION_CALL): ${finishMessage.slice(0, 300)}…` }),
    );
  });

  it('throws a retryable 502 for a response with no candidate and no block reason', () => {
    expect(() => parse({ usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 }, modelVersion: 'gemini-2.5-flash' })).toThrow(
      failed('', 'no candidate and no blockReason'),
    );
  });

  it('reports a blocked prompt as content_filter with no content', () => {
    const response = parse({
      promptFeedback: {
        blockReason: 'SAFETY',
        safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH' }],
      },
      usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 },
      modelVersion: 'gemini-2.5-flash',
    });
    expect(response.content).toEqual([]);
    expect(response.finishReason).toBe('content_filter');
    expect(response.usage.inputTokens).toBe(12);
    expect(response.id).toMatch(/^gemini-/);
  });

  it('throws the embedded error when the body is a Gemini error', () => {
    expect(() =>
      parse({ error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } }),
    ).toThrow(expect.objectContaining({ kind: 'rate_limit', upstreamType: 'RESOURCE_EXHAUSTED', provider: 'gemini' }));
  });

  it('throws bad_upstream_response for a body that is not a Gemini response', () => {
    expect(() => parse('<html>oops</html>')).toThrow(expect.objectContaining({ code: 'bad_upstream_response' }));
    expect(() => parse({ candidates: 'nope' })).toThrow(expect.objectContaining({ kind: 'upstream' }));
  });
});
