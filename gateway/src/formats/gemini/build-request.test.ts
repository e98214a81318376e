import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../canonical/types';
import { geminiProviderFormat } from './index';

const request = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'alias',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  streamUsage: false,
  ...overrides,
});

const build = (overrides: Partial<ChatRequest> = {}, model = 'gemini-2.5-flash') =>
  geminiProviderFormat.buildRequest(request(overrides), model);

const weatherTurns: ChatMessage[] = [
  { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '{"city":' },
    ],
  },
  {
    role: 'user',
    content: [
      { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: '{"tempC":21}' }] },
      { type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: 'service down' }], isError: true },
    ],
  },
];

describe('Gemini request building', () => {
  it("refuses more stop sequences than Gemini's 5 as untranslatable, naming the client's field", () => {
    const stop = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(() => geminiProviderFormat.buildRequest(request({ stop }), 'gemini-2.5-flash', 'anthropic')).toThrow(
      expect.objectContaining({ status: 400, code: 'untranslatable_content', param: 'stop_sequences', message: expect.stringMatching(/at most 5 .*has 6/) }),
    );
    expect(() => geminiProviderFormat.buildRequest(request({ stop }), 'gemini-2.5-flash', 'openai')).toThrow(
      expect.objectContaining({ code: 'untranslatable_content', param: 'stop' }),
    );
    expect(build({ stop: stop.slice(0, 5) }).generationConfig).toEqual({ stopSequences: ['a', 'b', 'c', 'd', 'e'] });
  });

  it('maps roles to user/model and merges consecutive turns of the same role', () => {
    const body = build({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'one' }] },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'three' }] },
        { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'four' }] },
      ],
    });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'one' }, { text: 'two' }] },
      { role: 'model', parts: [{ text: 'three' }] },
      { role: 'user', parts: [{ text: 'four' }] },
    ]);
    expect(body).not.toHaveProperty('model');
  });

  it('sends system text as systemInstruction and leaves it out when empty', () => {
    const body = build({ system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Use French.' }] });
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Use French.' }] });
    expect(build()).not.toHaveProperty('systemInstruction');
  });

  it('turns tool calls into functionCall parts with parsed args ({} when the JSON is invalid)', () => {
    const contents = build({ messages: weatherTurns }).contents as Array<{ parts: unknown[] }>;
    expect(contents[1]?.parts).toEqual([
      { text: 'Checking.' },
      { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
      { functionCall: { name: 'get_weather', args: {} } },
    ]);
  });

  it('names each functionResponse after the call it answers and wraps non-object results', () => {
    const contents = build({ messages: weatherTurns }).contents as Array<{ role: string; parts: unknown[] }>;
    expect(contents[2]).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { name: 'get_weather', response: { tempC: 21 } } },
        { functionResponse: { name: 'get_weather', response: { error: 'service down' } } },
      ],
    });
  });

  it('wraps plain-text and JSON-array tool results as {content}', () => {
    const body = build({
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'a', name: 'ls', arguments: '{}' }] },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'a', content: [{ type: 'text', text: '[1,2]' }] },
            { type: 'text', text: 'and then?' },
          ],
        },
      ],
    });
    expect((body.contents as Array<{ parts: unknown[] }>)[1]?.parts).toEqual([
      { functionResponse: { name: 'ls', response: { content: '[1,2]' } } },
      { text: 'and then?' },
    ]);
  });

  it('refuses a tool result whose call id appears in no earlier assistant turn', () => {
    expect(() =>
      build({
        messages: [{ role: 'user', content: [{ type: 'tool-result', toolCallId: 'ghost', content: [] }] }],
      }),
    ).toThrow(expect.objectContaining({ kind: 'invalid_request', param: 'messages.0.content.0.tool_call_id' }));
  });

  it('sends base64 and data-URL images inline and remote images as fileData with a guessed type', () => {
    const body = build({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0K' } },
            { type: 'image', source: { kind: 'url', url: 'data:image/webp;base64,UklGRg==' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.PNG?size=large' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/render' } },
          ],
        },
      ],
    });
    expect((body.contents as Array<{ parts: unknown[] }>)[0]?.parts).toEqual([
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0K' } },
      { inlineData: { mimeType: 'image/webp', data: 'UklGRg==' } },
      { fileData: { mimeType: 'image/png', fileUri: 'https://example.com/cat.PNG?size=large' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/render' } },
    ]);
  });

  it('declares tools with parametersJsonSchema, keeping JSON Schema keys but dropping $schema', () => {
    const body = build({
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather',
          parameters: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            properties: { city: { type: 'string', default: 'Paris' } },
            required: ['city'],
            additionalProperties: false,
          },
        },
        { name: 'ping', parameters: {} },
      ],
      toolChoice: { type: 'tool', name: 'get_weather' },
    });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Current weather',
            parametersJsonSchema: {
              type: 'object',
              properties: { city: { type: 'string', default: 'Paris' } },
              required: ['city'],
              additionalProperties: false,
            },
          },
          { name: 'ping' },
        ],
      },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
  });

  it.each([
    [{ type: 'auto' } as const, { mode: 'AUTO' }],
    [{ type: 'none' } as const, { mode: 'NONE' }],
    [{ type: 'required' } as const, { mode: 'ANY' }],
  ])('maps tool choice %o to functionCallingConfig %o, and sends none without tools', (choice, config) => {
    const tools = [{ name: 'ping', parameters: { type: 'object', properties: {} } }];
    expect(build({ tools, toolChoice: choice }).toolConfig).toEqual({ functionCallingConfig: config });
    expect(build({ toolChoice: choice })).not.toHaveProperty('toolConfig');
  });

  it('fills generationConfig with sampling settings and nothing unset', () => {
    const body = build({
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxTokens: 512,
      stop: ['END'],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.3,
    });
    expect(body.generationConfig).toEqual({
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 512,
      stopSequences: ['END'],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.3,
    });
    expect(build()).not.toHaveProperty('generationConfig');
  });

  it('asks for JSON output, with the schema as responseJsonSchema', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, additionalProperties: false };
    expect(build({ responseFormat: { type: 'json_object' } }).generationConfig).toEqual({ responseMimeType: 'application/json' });
    expect(build({ responseFormat: { type: 'json_schema', name: 'r', schema } }).generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
    expect(build({ responseFormat: { type: 'text' } })).not.toHaveProperty('generationConfig');
  });

  it('sends a thinking budget with thought summaries, and budget 0 without them', () => {
    expect(build({ thinking: { budgetTokens: 2048 } }).generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
    });
    expect(build({ thinking: { budgetTokens: 0 } }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
  });

  it("caps a budget at the Gemini 2.5 model's maximum, which refuses more, and leaves other models' as asked", () => {
    const budget = (model: string) => build({ thinking: { budgetTokens: 31999 } }, model).generationConfig;
    expect(budget('gemini-2.5-flash')).toEqual({ thinkingConfig: { thinkingBudget: 24576, includeThoughts: true } });
    expect(budget('models/gemini-2.5-flash-lite')).toEqual({ thinkingConfig: { thinkingBudget: 24576, includeThoughts: true } });
    expect(build({ thinking: { budgetTokens: 40000 } }, 'gemini-2.5-pro').generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 32768, includeThoughts: true },
    });
    expect(budget('gemini-3-pro-preview')).toEqual({ thinkingConfig: { thinkingBudget: 31999, includeThoughts: true } });
  });

  it('maps an effort to a budget before Gemini 3 and to thinkingLevel from Gemini 3 on', () => {
    expect(build({ thinking: { effort: 'medium' } }, 'gemini-2.5-pro').generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 8192, includeThoughts: true },
    });
    expect(build({ thinking: { effort: 'low' } }, 'models/gemini-3-pro-preview').generationConfig).toEqual({
      thinkingConfig: { thinkingLevel: 'low', includeThoughts: true },
    });
  });
});

describe('Gemini thought signatures in requests', () => {
  const signedTurns: ChatMessage[] = [
    { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', text: 'The user wants weather.', signature: 'gemini:SIG_CALL' },
        { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{}' },
        { type: 'tool-call', id: 'call_2', name: 'get_time', arguments: '{}' },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'sunny' }] },
        { type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: 'noon' }] },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', text: '', signature: 'gemini:SIG_TEXT' },
        { type: 'text', text: 'Sunny at noon.' },
        { type: 'thinking', text: 'no signature here' },
        { type: 'redacted-thinking', data: 'opaque' },
        { type: 'thinking', text: '', signature: 'gemini:SIG_TRAILING' },
      ],
    },
  ];

  it('puts each signature back on the part that followed it and sends no thinking text', () => {
    const contents = build({ messages: signedTurns }).contents as Array<{ parts: unknown[] }>;
    expect(contents[1]?.parts).toEqual([
      { functionCall: { name: 'get_weather', args: {} }, thoughtSignature: 'SIG_CALL' },
      { functionCall: { name: 'get_time', args: {} } },
    ]);
    expect(contents[3]?.parts).toEqual([{ text: 'Sunny at noon.', thoughtSignature: 'SIG_TEXT' }]);
  });

  it("sends no signature Gemini did not issue: Claude's, in a conversation moved to Gemini, is a 400 there", () => {
    const fromClaude: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', text: 'The user wants weather.', signature: 'EqQBCkgIBxABGAIiQL' },
          { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{}' },
        ],
      },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] }] },
    ];
    const parts = (body: Record<string, unknown>) => (body.contents as Array<{ parts: unknown[] }>)[1]?.parts;
    expect(parts(build({ messages: fromClaude }))).toEqual([{ functionCall: { name: 'get_weather', args: {} } }]);
    expect(parts(build({ messages: fromClaude }, 'gemini-3-pro-preview'))).toEqual([
      { functionCall: { name: 'get_weather', args: {}, id: 'toolu_1' }, thoughtSignature: 'skip_thought_signature_validator' },
    ]);
  });

  it('marks unsigned replayed function calls for Gemini 3 with the documented skip value', () => {
    const body = build({ messages: weatherTurns }, 'gemini-3-flash-preview');
    const model = (body.contents as Array<{ parts: Array<Record<string, unknown>> }>)[1]?.parts;
    expect(model?.map((part) => part.thoughtSignature)).toEqual([
      undefined,
      'skip_thought_signature_validator',
      undefined,
    ]);
  });

  it("sends each call's id on its functionCall and functionResponse for Gemini 3, which pairs them by id", () => {
    const contents = build({ messages: weatherTurns }, 'gemini-3-flash-preview').contents as Array<{ parts: Array<Record<string, { id?: string }>> }>;
    expect(contents[1]?.parts.flatMap((part) => (part.functionCall ? [part.functionCall.id] : []))).toEqual(['call_1', 'call_2']);
    expect(contents[2]?.parts.map((part) => part.functionResponse?.id)).toEqual(['call_1', 'call_2']);
    expect(JSON.stringify(build({ messages: weatherTurns }, 'gemini-2.5-flash'))).not.toContain('"id"');
  });

  it('leaves unsigned calls alone for models before Gemini 3', () => {
    const body = build({ messages: weatherTurns }, 'gemini-2.5-flash');
    expect(JSON.stringify(body)).not.toContain('thoughtSignature');
  });
});
