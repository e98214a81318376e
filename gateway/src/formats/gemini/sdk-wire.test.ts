import { ApiError, FunctionCallingConfigMode, type GenerateContentResponse, GoogleGenAI } from '@google/genai';
import { type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatResponse, type StreamEvent, emptyUsage } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { renderGeminiError } from './errors';
import { parseGeminiRequest } from './parse-request';
import { renderGeminiResponse } from './render-response';
import { createGeminiStreamRenderer } from './stream-renderer';

/**
 * The official SDK is the judge of the wire format: a loopback server answers with what the
 * renderers produce, and keeps the body the SDK sent for the parser.
 */
const ctx = { model: 'my-alias', created: 0, includeUsage: true };
let reply: (res: ServerResponse) => void = () => undefined;
let sent: unknown;
let server: Server;
let genai: GoogleGenAI;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      sent = JSON.parse(body);
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  genai = new GoogleGenAI({ apiKey: 'sk-switchboard-test', httpOptions: { baseUrl: `http://127.0.0.1:${port}`, apiVersion: 'v1beta' } });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** The answer's text as `response.text` reads it, without its warning about the function calls beside it. */
const textOf = (response: GenerateContentResponse): string =>
  (response.candidates?.[0]?.content?.parts ?? []).map((part) => (part.thought === true ? '' : (part.text ?? ''))).join('');

function stream(events: StreamEvent[], error?: GatewayError): typeof reply {
  return (res) => {
    const renderer = createGeminiStreamRenderer(ctx);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of events) res.write(renderer.push(event));
    res.end(error ? renderer.error(error) : renderer.end());
  };
}

describe('the @google/genai SDK and the gateway’s Gemini shape', () => {
  it('reads a rendered answer: text, function calls with ids, usage', async () => {
    const answer: ChatResponse = {
      id: 'msg_01',
      model: 'claude-sonnet-4-5',
      finishReason: 'tool_calls',
      content: [
        { type: 'thinking', text: 'Need the weather.' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      usage: { ...emptyUsage(), inputTokens: 20, outputTokens: 12, reasoningTokens: 5 },
    };
    reply = json(200, renderGeminiResponse(answer, ctx));
    const response = await genai.models.generateContent({ model: 'my-alias', contents: 'Weather in Rome?' });
    expect(textOf(response)).toBe('Checking.');
    expect(response.functionCalls).toEqual([{ id: 'toolu_01', name: 'get_weather', args: { city: 'Rome' } }]);
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 20, candidatesTokenCount: 7, thoughtsTokenCount: 5, totalTokenCount: 32 });
    expect(response.responseId).toBe('msg_01');
  });

  it('streams a rendered stream chunk by chunk, the last with the finish reason and usage', async () => {
    reply = stream([
      { type: 'start', id: 'chatcmpl-1', model: 'gpt-5.1' },
      { type: 'text', text: 'one ' },
      { type: 'text', text: 'two' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'note' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"n":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '2}' },
      { type: 'finish', finishReason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 7, outputTokens: 3 } },
    ]);
    const chunks = [];
    for await (const chunk of await genai.models.generateContentStream({ model: 'my-alias', contents: 'count' })) chunks.push(chunk);
    expect(chunks.map(textOf).join('')).toBe('one two');
    const last = chunks.at(-1);
    expect(last?.functionCalls).toEqual([{ id: 'call_1', name: 'note', args: { n: 2 } }]);
    expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(last?.usageMetadata).toMatchObject({ promptTokenCount: 7, candidatesTokenCount: 3, totalTokenCount: 10 });
  });

  it('raises an error chunk as an ApiError with its code', async () => {
    reply = stream([{ type: 'text', text: 'partial' }], new GatewayError('overloaded', 'Overloaded'));
    const failure = (async () => {
      for await (const _chunk of await genai.models.generateContentStream({ model: 'my-alias', contents: 'go' })) void _chunk;
    })();
    await expect(failure).rejects.toMatchObject({ name: 'ApiError', status: 529 });
  });

  it('raises an error body as an ApiError carrying Gemini’s status name', async () => {
    reply = json(429, renderGeminiError(new GatewayError('rate_limit', 'Budget exhausted', { retryAfterSeconds: 5 })));
    const error = await genai.models.generateContent({ model: 'my-alias', contents: 'hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect(JSON.parse((error as ApiError).message)).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
  });

  it('parses the body the SDK sends for a chat with tools, config and thinking', async () => {
    reply = json(200, renderGeminiResponse({ id: 'r', model: 'm', finishReason: 'stop', content: [{ type: 'text', text: 'ok' }], usage: emptyUsage() }, ctx));
    await genai.models.generateContent({
      model: 'my-alias',
      contents: [
        { role: 'user', parts: [{ text: 'Weather?' }] },
        { role: 'model', parts: [{ functionCall: { id: 'c1', name: 'get_weather', args: { city: 'Oslo' } }, thoughtSignature: 'c2ln' }] },
        { role: 'user', parts: [{ functionResponse: { id: 'c1', name: 'get_weather', response: { output: '-3°C' } } }] },
      ],
      config: {
        systemInstruction: 'Be brief.',
        maxOutputTokens: 256,
        thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
        tools: [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } } }] }],
        toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: ['get_weather'] } },
      },
    });
    const request = parseGeminiRequest(sent);
    expect(request).toMatchObject({
      system: [{ type: 'text', text: 'Be brief.' }],
      maxTokens: 256,
      thinking: { budgetTokens: 1024 },
      toolChoice: { type: 'tool', name: 'get_weather' },
    });
    expect(request.messages[2]?.content).toEqual([{ type: 'tool-result', toolCallId: 'c1', name: 'get_weather', content: [{ type: 'text', text: '-3°C' }] }]);
  });
});
