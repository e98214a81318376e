import { describe, expect, it } from 'vitest';
import { type ChatResponse, type Usage, emptyUsage } from '../../canonical/types';
import { fromGeminiUsage } from './usage';
import { parseGeminiResponse } from './parse-response';
import { renderGeminiResponse, toGeminiUsage } from './render-response';

const ctx = { model: 'my-alias', created: 0, includeUsage: true };

const response = (overrides: Partial<ChatResponse>): ChatResponse => ({
  id: 'msg_01',
  model: 'claude-sonnet-4-5',
  content: [],
  finishReason: 'stop',
  usage: { ...emptyUsage(), inputTokens: 10, outputTokens: 5 },
  ...overrides,
});

describe('renderGeminiResponse', () => {
  it('renders text as a GenerateContentResponse named after the alias the client asked for', () => {
    expect(renderGeminiResponse(response({ content: [{ type: 'text', text: 'Bonjour' }] }), ctx)).toEqual({
      candidates: [{ content: { parts: [{ text: 'Bonjour' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
      modelVersion: 'my-alias',
      responseId: 'msg_01',
    });
  });

  it('renders thinking as thought parts and tool calls as functionCalls with parsed args and their ids', () => {
    const rendered = renderGeminiResponse(
      response({
        finishReason: 'tool_calls',
        content: [
          { type: 'thinking', text: 'Two cities.', signature: 'EqQBCkYIBxgCKkD' },
          { type: 'redacted-thinking', data: 'opaque' },
          { type: 'text', text: 'Checking both.' },
          { type: 'tool-call', id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'toolu_02', name: 'get_weather', arguments: '{"city":' },
        ],
      }),
      ctx,
    ) as { candidates: Array<{ content: { parts: unknown[] }; finishReason: string }> };
    const [candidate] = rendered.candidates;
    // Claude's signature is not Gemini's: a Gemini client never gets one it could not send back to Gemini.
    expect(candidate?.content.parts).toEqual([
      { text: 'Two cities.', thought: true },
      { text: 'Checking both.' },
      { functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'toolu_01' } },
      { functionCall: { name: 'get_weather', args: {}, id: 'toolu_02' } },
    ]);
    expect(candidate?.finishReason).toBe('STOP');
  });

  it('gives back a Gemini answer as Gemini sent it: signatures on the parts that carried them', () => {
    const gemini = {
      candidates: [
        {
          content: {
            parts: [
              { text: 'Planning the call.', thought: true, thoughtSignature: 'c2lnMQ==' },
              { functionCall: { id: 'fc_1', name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnMg==' },
            ],
            role: 'model',
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 48, candidatesTokenCount: 14, totalTokenCount: 102, thoughtsTokenCount: 40 },
      modelVersion: 'my-alias',
      responseId: 'ag4pavQTzLrj4Q-XkKnZBA',
    };
    expect(renderGeminiResponse(parseGeminiResponse(gemini), ctx)).toEqual(gemini);
  });

  it('maps finish reasons onto Gemini’s', () => {
    const reason = (finishReason: ChatResponse['finishReason']) =>
      (renderGeminiResponse(response({ finishReason }), ctx) as { candidates: Array<{ finishReason: string }> }).candidates[0]?.finishReason;
    expect([reason('length'), reason('content_filter'), reason('refusal'), reason('stop_sequence')]).toEqual(['MAX_TOKENS', 'SAFETY', 'SAFETY', 'STOP']);
  });

  it('leaves parts out of an empty answer, as Gemini does', () => {
    const rendered = renderGeminiResponse(response({ content: [{ type: 'thinking', text: '', signature: 'gemini:c2ln' }] }), ctx);
    expect(rendered).toMatchObject({ candidates: [{ content: { role: 'model' } }] });
    expect((rendered as { candidates: Array<{ content: object }> }).candidates[0]?.content).not.toHaveProperty('parts');
  });
});

describe('toGeminiUsage', () => {
  it('counts cached tokens inside the prompt and thoughts apart from the candidates', () => {
    const usage: Usage = { inputTokens: 100, cachedInputTokens: 400, cacheWriteTokens: 0, outputTokens: 250, reasoningTokens: 200 };
    expect(toGeminiUsage(usage)).toEqual({
      promptTokenCount: 500,
      candidatesTokenCount: 50,
      totalTokenCount: 750,
      cachedContentTokenCount: 400,
      thoughtsTokenCount: 200,
    });
    expect(fromGeminiUsage(toGeminiUsage(usage))).toEqual(usage);
  });
});
