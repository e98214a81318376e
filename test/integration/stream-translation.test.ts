/**
 * Streams translated between shapes, driven by exact upstream bytes: a scripted provider
 * writes the SSE a test gives it (or ends the connection early), and the official SDKs read
 * what the gateway makes of it.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Anthropic from '@anthropic-ai/sdk';
import { createAnthropic } from '@ai-sdk/anthropic';
import { jsonSchema, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

/** What the scripted provider answers next: SSE frames, written one by one. */
let script: string[] = [];

const scripted: Server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    // A clean end of the body after whatever the script holds, as a provider's proxy may do.
    for (const frame of script) res.write(frame);
    res.end();
  });
});

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  await new Promise<void>((resolve) => scripted.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(scripted.address() as AddressInfo).port}`;
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}  scripted-anthropic: { type: anthropic, credential: anthropic, baseUrl: ${url} }
  scripted-openai:    { type: openai, credential: openai, baseUrl: ${url}/v1 }
routes:
  from-anthropic: { strategy: single, targets: [ { provider: scripted-anthropic, model: claude-sonnet-4-5 } ] }
  from-openai:    { strategy: single, targets: [ { provider: scripted-openai, model: gpt-4o-mini } ] }
`,
  });
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => scripted.close(resolve));
});

const anthropicFrame = (type: string, data: Record<string, unknown> = {}): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

const messageStart = anthropicFrame('message_start', {
  message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } },
});

describe('Anthropic provider → OpenAI client', () => {
  it('a stream that ends before message_delta reaches the OpenAI SDK as an error, not as a clean stop', async () => {
    script = [
      messageStart,
      anthropicFrame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      anthropicFrame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'The answer is' } }),
    ];
    const stream = await openai.chat.completions.create({ model: 'from-anthropic', stream: true, messages: [{ role: 'user', content: 'x' }] });
    let text = '';
    const finishReasons: Array<string | null | undefined> = [];
    const error = await (async () => {
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finishReasons.push(chunk.choices[0]?.finish_reason);
      }
    })().catch((e: unknown) => e);
    expect(text).toBe('The answer is');
    expect(finishReasons.filter((reason) => reason != null)).toEqual([]);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toMatch(/ended the stream before it was complete/);
  });
});

describe('Anthropic provider → OpenAI client, tool calls', () => {
  it('a tool call without parameters reaches the OpenAI SDK with arguments "{}", which JSON.parse accepts', async () => {
    script = [
      messageStart,
      anthropicFrame('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_now', name: 'current_time', input: {} } }),
      anthropicFrame('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '' } }),
      anthropicFrame('content_block_stop', { index: 0 }),
      anthropicFrame('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 'toolu_day', name: 'current_day', input: {} } }),
      anthropicFrame('content_block_stop', { index: 1 }),
      anthropicFrame('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 12 } }),
      anthropicFrame('message_stop'),
    ];
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'current_time', parameters: { type: 'object', properties: {} } } },
      { type: 'function', function: { name: 'current_day', parameters: { type: 'object', properties: {} } } },
    ];
    const final = await openai.chat.completions
      .stream({ model: 'from-anthropic', stream: true, tools, messages: [{ role: 'user', content: 'what time is it?' }] })
      .finalChatCompletion();
    const calls = final.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((call) => (call.type === 'function' ? [call.function.name, call.function.arguments] : []))).toEqual([
      ['current_time', '{}'],
      ['current_day', '{}'],
    ]);
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });
});

const openaiChunk = (delta: Record<string, unknown>, finishReason: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;

const toolDelta = (index: number, fn: Record<string, unknown>, id?: string): Record<string, unknown> => ({
  tool_calls: [{ index, ...(id === undefined ? {} : { id, type: 'function' }), function: fn }],
});

describe('OpenAI provider → Anthropic client, parallel tool calls', () => {
  const weather: Anthropic.Tool = { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };
  const time: Anthropic.Tool = { name: 'get_time', input_schema: { type: 'object', properties: { tz: { type: 'string' } } } };

  /** Deltas for call 0, then 1, then 0 again: legal in OpenAI's wire format for parallel calls. */
  const interleaved = [
    openaiChunk({ role: 'assistant', content: null }),
    openaiChunk(toolDelta(0, { name: 'get_weather', arguments: '' }, 'call_a')),
    openaiChunk(toolDelta(0, { arguments: '{"city":' })),
    openaiChunk(toolDelta(1, { name: 'get_time', arguments: '' }, 'call_b')),
    openaiChunk(toolDelta(1, { arguments: '{"tz":' })),
    openaiChunk(toolDelta(0, { arguments: '"Paris"}' })),
    openaiChunk(toolDelta(1, { arguments: '"CET"}' })),
    openaiChunk({}, 'tool_calls'),
    'data: [DONE]\n\n',
  ];

  it('interleaved tool-call deltas (0, 1, 0, 1) reach the Anthropic SDK as two tool_use blocks with their whole input', async () => {
    script = interleaved;
    const stream = anthropic.messages.stream({ model: 'from-openai', max_tokens: 100, tools: [weather, time], messages: [{ role: 'user', content: 'weather and time in Paris?' }] });
    // The SDK itself assembles input by index; stricter clients need deltas only for the open block.
    const deltasForClosedBlocks: number[] = [];
    let open: number | undefined;
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_start') open = event.index;
      if (event.type === 'content_block_stop') open = undefined;
      if (event.type === 'content_block_delta' && event.index !== open) deltasForClosedBlocks.push(event.index);
    });
    const final = await stream.finalMessage();
    expect(deltasForClosedBlocks).toEqual([]);
    expect(final.content).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'get_time', input: { tz: 'CET' } },
    ]);
    expect(final.stop_reason).toBe('tool_use');
  });

  it('interleaved tool-call deltas reach the Vercel AI SDK (which takes a call as final at content_block_stop) whole', async () => {
    script = interleaved;
    const provider = createAnthropic({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key' });
    const streamed = streamText({
      model: provider('from-openai'),
      prompt: 'weather and time in Paris?',
      maxRetries: 0,
      tools: {
        get_weather: tool({ inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } } }) }),
        get_time: tool({ inputSchema: jsonSchema<{ tz: string }>({ type: 'object', properties: { tz: { type: 'string' } } }) }),
      },
    });
    const calls = await streamed.toolCalls;
    expect(calls.map((call) => [call.toolCallId, call.toolName, call.input])).toEqual([
      ['call_a', 'get_weather', { city: 'Paris' }],
      ['call_b', 'get_time', { tz: 'CET' }],
    ]);
  });

  it('tool calls sent one after the other still stream their input as it comes', async () => {
    script = [
      openaiChunk(toolDelta(0, { name: 'get_weather', arguments: '{"city":' }, 'call_a')),
      openaiChunk(toolDelta(0, { arguments: '"Oslo"}' })),
      openaiChunk(toolDelta(1, { name: 'get_time', arguments: '{"tz":' }, 'call_b')),
      openaiChunk(toolDelta(1, { arguments: '"CET"}' })),
      openaiChunk({}, 'tool_calls'),
      'data: [DONE]\n\n',
    ];
    const stream = anthropic.messages.stream({ model: 'from-openai', max_tokens: 100, tools: [weather, time], messages: [{ role: 'user', content: 'x' }] });
    const pieces: string[] = [];
    stream.on('inputJson', (partial) => {
      pieces.push(partial);
    });
    const final = await stream.finalMessage();
    expect(pieces).toEqual(['{"city":', '"Oslo"}', '{"tz":', '"CET"}']);
    expect(final.content).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'call_b', name: 'get_time', input: { tz: 'CET' } },
    ]);
  });
});

describe('OpenAI-compatible provider → Anthropic client, Mistral reasoning models', () => {
  it("streams Magistral's typed content parts to the Anthropic SDK as a thinking block and a text block", async () => {
    const thought = (text: string): Record<string, unknown> => ({ content: [{ type: 'thinking', thinking: [{ type: 'text', text }] }] });
    script = [
      openaiChunk({ role: 'assistant', ...thought("It's a greeting") }),
      openaiChunk(thought(', so greet back.')),
      openaiChunk({ content: [{ type: 'text', text: 'Hello' }] }),
      openaiChunk({ content: [{ type: 'text', text: ' there!' }] }),
      openaiChunk({}, 'stop'),
      'data: [DONE]\n\n',
    ];
    const final = await anthropic.messages.stream({ model: 'from-openai', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(final.content).toMatchObject([
      { type: 'thinking', thinking: "It's a greeting, so greet back." },
      { type: 'text', text: 'Hello there!' },
    ]);
  });
});
