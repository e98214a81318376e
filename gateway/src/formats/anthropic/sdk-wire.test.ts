import Anthropic from '@anthropic-ai/sdk';
import { type IncomingHttpHeaders, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatResponse, type StreamEvent, emptyUsage } from '../../canonical/types';
import { anthropicErrorToGateway } from './errors';
import { renderAnthropicResponse } from './render-response';
import { AnthropicStreamRenderer } from './stream-renderer';

/**
 * The official SDK is the judge of the wire format: a loopback server answers with what the
 * renderers produce, and the SDK's own stream accumulator must rebuild the message from it.
 */
const MODEL = 'switchboard-alias';
let reply: (res: ServerResponse) => void = () => undefined;
let seenHeaders: IncomingHttpHeaders = {};
let server: Server;
let client: Anthropic;

function streamReply(events: StreamEvent[], error?: { message: string; type: string }): typeof reply {
  return (res) => {
    const renderer = new AnthropicStreamRenderer({ model: MODEL, created: 0, includeUsage: true });
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
    for (const event of events) res.write(renderer.push(event));
    res.end(error ? renderer.error(anthropicErrorToGateway(error.type, error.message)) : renderer.end());
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seenHeaders = req.headers;
    req.resume();
    req.on('end', () => reply(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new Anthropic({ apiKey: 'sk-switchboard-test', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const params = { model: MODEL, max_tokens: 1024, messages: [{ role: 'user' as const, content: 'Weather in Paris and Rome?' }] };

describe('the official Anthropic SDK reading the gateway', () => {
  it('reassembles thinking, text and two tool_use inputs from the stream, with usage that arrived late', async () => {
    reply = streamReply([
      { type: 'start', id: 'chatcmpl-abc', model: 'gpt-5.1', usage: { inputTokens: 120 } },
      { type: 'thinking', text: 'Two cities, ' },
      { type: 'thinking', text: 'two calls.' },
      { type: 'thinking-signature', signature: 'sig-xyz' },
      { type: 'text', text: 'Checking ' },
      { type: 'text', text: 'both.' },
      { type: 'tool-call-start', index: 0, id: 'call_1', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"ci' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'ty":"Par' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'is"}' },
      { type: 'tool-call-start', index: 1, id: 'call_2', name: 'get_weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":"Rome"}' },
      { type: 'finish', finishReason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 120, outputTokens: 64, cachedInputTokens: 0, cacheWriteTokens: 0 } },
    ]);
    const message = await client.messages.stream(params).finalMessage();
    expect(seenHeaders.authorization).toBe('Bearer sk-switchboard-test');
    expect(seenHeaders['anthropic-version']).toBe('2026-10-21');
    expect(message.id).toBe('msg_chatcmpl-abc');
    expect(message.model).toBe(MODEL);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Two cities, two calls.', signature: 'sig-xyz' },
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 120, output_tokens: 64 });
  });

  it('yields text deltas through the SDK event API', async () => {
    reply = streamReply([
      { type: 'start', id: 'msg_2', model: 'm' },
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    const stream = client.messages.stream(params);
    const pieces: string[] = [];
    stream.on('text', (delta) => pieces.push(delta));
    const message = await stream.finalMessage();
    expect(pieces).toEqual(['Hel', 'lo']);
    expect(message.stop_reason).toBe('end_turn');
  });

  it('surfaces an in-stream error event as an APIError with the Anthropic type', async () => {
    reply = streamReply([{ type: 'start', id: 'msg_3', model: 'm' }, { type: 'text', text: 'partial' }], { message: 'Upstream overloaded', type: 'overloaded_error' });
    const failure = await client.messages.stream(params).finalMessage().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
  });

  it('reads a non-streaming rendered message through messages.create', async () => {
    const response: ChatResponse = {
      id: 'resp_1',
      model: 'gemini-3-pro',
      content: [
        { type: 'text', text: 'Sure.' },
        { type: 'tool-call', id: 'call_9', name: 'lookup', arguments: '{"q":"x"}' },
      ],
      finishReason: 'tool_calls',
      usage: { ...emptyUsage(), inputTokens: 9, outputTokens: 4 },
    };
    reply = (res) => {
      const body = JSON.stringify(renderAnthropicResponse(response, { model: MODEL, created: 0, includeUsage: false }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    };
    const message = await client.messages.create(params);
    expect(message.content).toEqual([
      { type: 'text', text: 'Sure.' },
      { type: 'tool_use', id: 'call_9', name: 'lookup', input: { q: 'x' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 9, output_tokens: 4 });
  });
});
