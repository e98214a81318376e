import { describe, expect, it } from 'vitest';
import { inspectGeminiRequest, parseGeminiRequest } from './parse-request';

// A Gemini CLI turn as it goes out (Gemini 2.5, no call ids from the model): thoughts are kept
// out of its history, the call keeps its signature, the CLI's own call id rides on the response.
const cliBody = {
  contents: [
    { role: 'user', parts: [{ text: 'List the files in src/' }] },
    {
      role: 'model',
      parts: [
        { text: 'I will list them.' },
        { functionCall: { name: 'list_directory', args: { path: 'src' } }, thoughtSignature: 'CiQBcsjafQ==' },
      ],
    },
    {
      role: 'user',
      parts: [{ functionResponse: { id: 'list_directory-1761913475-9f1c', name: 'list_directory', response: { output: 'index.ts\nutil.ts' } } }],
    },
  ],
  systemInstruction: { role: 'user', parts: [{ text: 'You are an interactive CLI agent.' }] },
  tools: [
    {
      functionDeclarations: [
        { name: 'list_directory', description: 'Lists a directory', parametersJsonSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
      ],
    },
  ],
  generationConfig: { temperature: 0, topP: 1, thinkingConfig: { includeThoughts: true, thinkingBudget: -1 } },
};

const error = (body: unknown) => {
  try {
    parseGeminiRequest(body);
  } catch (caught) {
    return caught;
  }
  throw new Error('expected the body to be refused');
};

describe('parseGeminiRequest', () => {
  it('reads a Gemini CLI tool turn: system prompt, signed call, and the response paired with it by name', () => {
    const request = parseGeminiRequest(cliBody);
    expect(request).toMatchObject({ model: '', stream: false, streamUsage: true, temperature: 0, topP: 1, thinking: {} });
    expect(request.system).toEqual([{ type: 'text', text: 'You are an interactive CLI agent.' }]);
    const [ask, model, answer] = request.messages;
    expect(ask).toEqual({ role: 'user', content: [{ type: 'text', text: 'List the files in src/' }] });
    expect(model?.role).toBe('assistant');
    const call = model?.content[2];
    expect(model?.content.slice(0, 2)).toEqual([
      { type: 'text', text: 'I will list them.' },
      { type: 'thinking', text: '', signature: 'gemini:CiQBcsjafQ==' },
    ]);
    expect(call).toMatchObject({ type: 'tool-call', name: 'list_directory', arguments: '{"path":"src"}', id: expect.stringMatching(/^call_[0-9a-f]{24}$/) });
    // The CLI made up its own id; the call had none, so they pair by name and share the call's id.
    expect(answer?.content).toEqual([
      { type: 'tool-result', toolCallId: (call as { id: string }).id, name: 'list_directory', content: [{ type: 'text', text: 'index.ts\nutil.ts' }] },
    ]);
    expect(request.tools).toEqual([{ name: 'list_directory', description: 'Lists a directory', parameters: cliBody.tools[0]?.functionDeclarations[0]?.parametersJsonSchema }]);
  });

  it('gives an id-less call the same id every time the history is sent', () => {
    const first = parseGeminiRequest(cliBody).messages[1]?.content[2];
    const second = parseGeminiRequest(structuredClone(cliBody)).messages[1]?.content[2];
    expect(first).toEqual(second);
  });

  it('pairs parallel calls of one function by the ids Gemini 3 gives them, whatever order the responses come in', () => {
    const request = parseGeminiRequest({
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
        {
          role: 'model',
          parts: [
            { functionCall: { id: 'a1', name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' },
            { functionCall: { id: 'b2', name: 'get_weather', args: { city: 'Rome' } } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { id: 'b2', name: 'get_weather', response: { tempC: 25 } } },
            { functionResponse: { id: 'a1', name: 'get_weather', response: { error: 'timeout' } } },
          ],
        },
      ],
    });
    expect(request.messages[2]?.content).toEqual([
      { type: 'tool-result', toolCallId: 'b2', name: 'get_weather', content: [{ type: 'text', text: '{"tempC":25}' }] },
      { type: 'tool-result', toolCallId: 'a1', name: 'get_weather', content: [{ type: 'text', text: 'timeout' }], isError: true },
    ]);
  });

  it('reads thought summaries and their signatures in a model turn as thinking', () => {
    const request = parseGeminiRequest({
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Greeting back.', thought: true, thoughtSignature: 'c2lnMQ==' }, { text: 'Hello!' }] },
        { parts: [{ text: 'And now?' }] },
      ],
    });
    expect(request.messages[1]?.content).toEqual([
      { type: 'thinking', text: 'Greeting back.', signature: 'gemini:c2lnMQ==' },
      { type: 'text', text: 'Hello!' },
    ]);
    // A content without a role is the user's.
    expect(request.messages[2]).toEqual({ role: 'user', content: [{ type: 'text', text: 'And now?' }] });
  });

  it('maps generationConfig: sampling, limits, JSON output with a schema, and thinking levels', () => {
    const request = parseGeminiRequest({
      contents: [{ role: 'user', parts: [{ text: 'Give me a recipe' }] }],
      generationConfig: {
        temperature: 0.7,
        topK: 40,
        maxOutputTokens: 2048,
        stopSequences: ['###'],
        candidateCount: 1,
        seed: 42,
        presencePenalty: 0.5,
        frequencyPenalty: 0.25,
        responseMimeType: 'application/json',
        responseSchema: { type: 'OBJECT', properties: { name: { type: 'STRING', nullable: true } }, propertyOrdering: ['name'] },
        thinkingConfig: { thinkingLevel: 'LOW', includeThoughts: true },
      },
    });
    expect(request).toMatchObject({ temperature: 0.7, topK: 40, maxTokens: 2048, stop: ['###'], seed: 42, presencePenalty: 0.5, frequencyPenalty: 0.25 });
    expect(request.responseFormat).toEqual({
      type: 'json_schema',
      name: 'response',
      schema: { type: 'object', properties: { name: { type: ['string', 'null'] } } },
    });
    expect(request.thinking).toEqual({ effort: 'low' });
  });

  it('reads a thinking budget, and treats a budget of 0 as thinking off', () => {
    const withBudget = (thinkingConfig: Record<string, unknown>) =>
      parseGeminiRequest({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { thinkingConfig } }).thinking;
    expect(withBudget({ thinkingBudget: 8192, includeThoughts: true })).toEqual({ budgetTokens: 8192 });
    expect(withBudget({ thinkingBudget: 0 })).toBeUndefined();
    expect(withBudget({ thinkingLevel: 'xhigh' })).toEqual({ effort: 'high' });
  });

  it('maps functionCallingConfig modes, a single allowed name under ANY being a forced call', () => {
    const tools = [{ functionDeclarations: [{ name: 'a' }, { name: 'b', parameters: { type: 'OBJECT', properties: { n: { type: 'INTEGER' } } } }] }];
    const config = (functionCallingConfig: Record<string, unknown>) =>
      parseGeminiRequest({ contents: [{ parts: [{ text: 'x' }] }], tools, toolConfig: { functionCallingConfig } });
    expect(config({ mode: 'ANY', allowedFunctionNames: ['b'] }).toolChoice).toEqual({ type: 'tool', name: 'b' });
    expect(config({ mode: 'NONE' }).toolChoice).toEqual({ type: 'none' });
    expect(config({ mode: 'VALIDATED' }).toolChoice).toEqual({ type: 'auto' });
    const narrowed = config({ mode: 'AUTO', allowedFunctionNames: ['b'] });
    expect(narrowed.toolChoice).toEqual({ type: 'auto' });
    expect(narrowed.tools).toEqual([{ name: 'b', parameters: { type: 'object', properties: { n: { type: 'integer' } } } }]);
    // A function without parameters still gets the object schema other providers want.
    expect(config({ mode: 'ANY' }).tools?.[0]).toEqual({ name: 'a', parameters: { type: 'object', properties: {} } });
  });

  it('takes snake_case field names, as Google’s own curl examples write them', () => {
    const request = parseGeminiRequest({
      system_instruction: { parts: [{ text: 'Be brief.' }] },
      contents: [{ role: 'user', parts: [{ inline_data: { mime_type: 'image/jpeg', data: '/9j/4AAQ' } }, { text: 'What is this?' }] }],
      generation_config: { max_output_tokens: 100, thinking_config: { thinking_budget: 1024 } },
    });
    expect(request.system).toEqual([{ type: 'text', text: 'Be brief.' }]);
    expect(request.messages[0]?.content[0]).toEqual({ type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQ' } });
    expect(request).toMatchObject({ maxTokens: 100, thinking: { budgetTokens: 1024 } });
  });
});

describe('invalid bodies', () => {
  it.each([
    ['a body that is not an object', [], undefined, /must be a JSON object/],
    ['no contents', { generationConfig: {} }, 'contents', /expected array/],
    ['parts that are not a list', { contents: [{ role: 'user', parts: 'hi' }] }, 'contents[0].parts', /expected array/],
    ['empty parts', { contents: [{ role: 'user', parts: [] }] }, 'contents[0].parts', /must not be empty/],
    ['an unknown role', { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }, 'contents[0].role', /valid role: user, model/],
    ['a part with no data', { contents: [{ parts: [{ text: 'x' }, { thought: true }] }] }, 'contents[0].parts[1]', /oneof field 'data'/],
    ['a call without a name', { contents: [{ role: 'model', parts: [{ functionCall: { args: {} } }] }] }, 'contents[0].parts[0].functionCall.name', /expected string/],
    ['a declaration without a name', { contents: [{ parts: [{ text: 'x' }] }], tools: [{ functionDeclarations: [{ description: 'd' }] }] }, 'tools[0].functionDeclarations[0].name', /expected string/],
    ['a temperature that is text', { contents: [{ parts: [{ text: 'x' }] }], generationConfig: { temperature: 'hot' } }, 'generationConfig.temperature', /expected number/],
    ['an unknown calling mode', { contents: [{ parts: [{ text: 'x' }] }], toolConfig: { functionCallingConfig: { mode: 'SOMETIMES' } } }, 'toolConfig.functionCallingConfig.mode', /AUTO, ANY, NONE, VALIDATED/],
  ])('refuses %s, naming the field', (_what, body, param, message) => {
    expect(error(body)).toMatchObject({ status: 400, code: 'invalid_request', param, message: expect.stringMatching(message) });
  });
});

describe('content only Gemini understands', () => {
  const ask = { role: 'user', parts: [{ text: 'Search the web for today’s news' }] };

  it.each([
    ['a built-in tool', { contents: [ask], tools: [{ googleSearch: {} }] }, 'tools[0].googleSearch'],
    ['a Files API upload', { contents: [{ parts: [{ text: 'Summarise' }, { fileData: { mimeType: 'application/pdf', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } }] }] }, 'contents[0].parts[1].fileData'],
    ['an inline PDF', { contents: [{ parts: [{ text: 'Summarise' }, { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } }] }] }, 'contents[0].parts[1].inlineData'],
    ['executed code in history', { contents: [ask, { role: 'model', parts: [{ executableCode: { language: 'PYTHON', code: 'print(1)' } }] }] }, 'contents[1].parts[0].executableCode'],
    ['cached content', { contents: [ask], cachedContent: 'cachedContents/xyz' }, 'cachedContent'],
    ['several candidates', { contents: [ask], generationConfig: { candidateCount: 2 } }, 'generationConfig.candidateCount'],
    ['an enum response', { contents: [ask], generationConfig: { responseMimeType: 'text/x.enum' } }, 'generationConfig.responseMimeType'],
    ['audio output', { contents: [ask], generationConfig: { responseModalities: ['AUDIO'] } }, 'generationConfig.responseModalities'],
  ])('refuses %s when parsing strictly, and only reports it when inspecting', (_what, body, param) => {
    expect(error(body)).toMatchObject({ status: 400, code: 'untranslatable_content', param, message: expect.stringContaining('non-Gemini provider') });
    const { request, untranslatable } = inspectGeminiRequest(body);
    expect(untranslatable).toMatchObject({ code: 'untranslatable_content', param });
    // What the canonical shape cannot carry is left out; the rest is there for routing and counting.
    expect(request.messages[0]?.content[0]).toMatchObject({ type: 'text' });
  });

  it('keeps what it can translate when inspecting: the function tools beside a built-in one', () => {
    const { request } = inspectGeminiRequest({ contents: [ask], tools: [{ googleSearch: {}, functionDeclarations: [{ name: 'lookup' }] }] });
    expect(request.tools?.map((tool) => tool.name)).toEqual(['lookup']);
  });

  it('ignores safetySettings: they tune Gemini’s own filters', () => {
    const body = { contents: [ask], safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }] };
    expect(inspectGeminiRequest(body).untranslatable).toBeUndefined();
  });
});
