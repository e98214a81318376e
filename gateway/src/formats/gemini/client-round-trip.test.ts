import { describe, expect, it } from 'vitest';
import { buildGeminiRequest } from './build-request';
import { parseGeminiRequest } from './parse-request';

describe('Gemini client → canonical → Gemini provider', () => {
  it('rebuilds a Gemini 3 body unchanged: parts, call ids, signatures, tools and generation settings', () => {
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'What is in this image, and the weather in Paris?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] },
        { role: 'model', parts: [{ text: 'A cat.' }, { functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'fc_1' }, thoughtSignature: 'c2lnMQ==' }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { tempC: 18 }, id: 'fc_1' } }] },
      ],
      systemInstruction: { parts: [{ text: 'You are terse.' }] },
      tools: [
        {
          functionDeclarations: [
            { name: 'get_weather', description: 'Weather by city', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
      generationConfig: {
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        maxOutputTokens: 1024,
        stopSequences: ['END'],
        seed: 7,
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object', properties: { answer: { type: 'string' } } },
        thinkingConfig: { thinkingLevel: 'low', includeThoughts: true },
      },
    };
    expect(buildGeminiRequest(parseGeminiRequest(body), 'gemini-3-pro-preview', 'gemini')).toEqual(body);
  });

  it('keeps what matters of a Gemini 2.5 CLI turn: the call, its signature, the response and the budget', () => {
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'List src/' }] },
        { role: 'model', parts: [{ functionCall: { name: 'list_directory', args: { path: 'src' } }, thoughtSignature: 'CiQBcsjafQ==' }] },
        { role: 'user', parts: [{ functionResponse: { id: 'list_directory-1761913475-9f1c', name: 'list_directory', response: { output: 'index.ts' } } }] },
      ],
      generationConfig: { thinkingConfig: { thinkingBudget: 4096, includeThoughts: true } },
    };
    const rebuilt = buildGeminiRequest(parseGeminiRequest(body), 'gemini-2.5-flash', 'gemini');
    expect(rebuilt.contents).toEqual([
      body.contents[0],
      // Gemini 2.5 pairs by order: no ids are sent to it.
      { role: 'model', parts: [{ functionCall: { name: 'list_directory', args: { path: 'src' } }, thoughtSignature: 'CiQBcsjafQ==' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'list_directory', response: { content: 'index.ts' } } }] },
    ]);
    expect(rebuilt.generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 4096, includeThoughts: true } });
  });

  it('sends a tool declared with an OpenAPI schema as JSON Schema', () => {
    const body = {
      contents: [{ role: 'user', parts: [{ text: 'Add 2 and 3' }] }],
      tools: [{ functionDeclarations: [{ name: 'add', parameters: { type: 'OBJECT', properties: { a: { type: 'NUMBER' }, b: { type: 'NUMBER' } }, required: ['a', 'b'] } }] }],
    };
    expect(buildGeminiRequest(parseGeminiRequest(body), 'gemini-2.5-flash', 'gemini').tools).toEqual([
      { functionDeclarations: [{ name: 'add', parametersJsonSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] } }] },
    ]);
  });
});
