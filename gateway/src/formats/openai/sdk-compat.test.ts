import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { openaiClientFormat } from './client-format';
import { parseEmbeddingRequest, renderEmbeddingResponse } from './embeddings';

/**
 * The official openai SDK is the strictest client we can run: these tests serve our rendered
 * bytes over real HTTP on loopback and let the SDK parse and reassemble them.
 */
type Handler = (body: Record<string, unknown>, res: ServerResponse) => void;
let handler: Handler = (_body, res) => res.end();
let server: Server;
let client: OpenAI;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => { raw += chunk.toString('utf8'); });
    req.on('end', () => handler(JSON.parse(raw) as Record<string, unknown>, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-test', maxRetries: 0 });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const ctx = { model: 'fast', created: 1_700_000_000, includeUsage: true };

/** Streams the renderer's frames for `events`, in separate writes as a real relay would. */
function serveStream(events: StreamEvent[], failWith?: string): void {
  handler = (_body, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const renderer = openaiClientFormat.createStreamRenderer(ctx);
    for (const event of events) res.write(renderer.push(event));
    res.end(failWith === undefined ? renderer.end() : renderer.error(new GatewayError('upstream', failWith, { upstreamType: 'server_error' })));
  };
}

const toolStream: StreamEvent[] = [
  { type: 'start', id: 'msg_01', model: 'claude-sonnet-4-5' },
  { type: 'text', text: 'Checking ' },
  { type: 'text', text: 'both.' },
  { type: 'tool-call-start', index: 1, id: 'toolu_a', name: 'weather' },
  { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":' },
  { type: 'tool-call-start', index: 2, id: 'toolu_b', name: 'weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":"Rome"}' },
  { type: 'tool-call-delta', index: 1, argumentsDelta: '"Paris"}' },
  { type: 'finish', finishReason: 'tool_calls' },
  { type: 'usage', usage: { inputTokens: 10, cachedInputTokens: 5, outputTokens: 7 } },
];

const params = { model: 'fast', messages: [{ role: 'user' as const, content: 'Weather?' }] };

describe('openai SDK reading our stream', () => {
  it('reassembles text and two parallel tool calls from create({stream: true})', async () => {
    serveStream(toolStream);
    const stream = await client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
    let text = '';
    const calls: Array<{ id: string; name: string; args: string }> = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.id).toBe('chatcmpl-msg_01');
      usage = chunk.usage ?? usage;
      const choice = chunk.choices[0];
      if (choice === undefined) continue;
      text += choice.delta.content ?? '';
      for (const call of choice.delta.tool_calls ?? []) {
        const slot = (calls[call.index] ??= { id: '', name: '', args: '' });
        slot.id ||= call.id ?? '';
        slot.name ||= call.function?.name ?? '';
        slot.args += call.function?.arguments ?? '';
      }
      finish = choice.finish_reason ?? finish;
    }
    expect(text).toBe('Checking both.');
    expect(calls).toEqual([
      { id: 'toolu_a', name: 'weather', args: '{"city":"Paris"}' },
      { id: 'toolu_b', name: 'weather', args: '{"city":"Rome"}' },
    ]);
    expect(finish).toBe('tool_calls');
    expect(usage).toMatchObject({ prompt_tokens: 15, completion_tokens: 7, total_tokens: 22, prompt_tokens_details: { cached_tokens: 5 } });
  });

  it("passes the SDK's own stream helper, which validates the final completion", async () => {
    serveStream(toolStream);
    const final = await client.chat.completions.stream({ ...params, stream_options: { include_usage: true } }).finalChatCompletion();
    expect(final.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'Checking both.',
      tool_calls: [
        { id: 'toolu_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
        { id: 'toolu_b', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
      ],
    });
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.usage?.total_tokens).toBe(22);
  });

  it('throws an APIError carrying our message when the stream fails midway', async () => {
    serveStream([{ type: 'start', id: 'x', model: 'm' }, { type: 'text', text: 'Hal' }], 'Upstream connection lost');
    const stream = await client.chat.completions.create({ ...params, stream: true });
    const seen: string[] = [];
    const consume = async (): Promise<void> => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    };
    await expect(consume()).rejects.toSatisfy((error) => error instanceof APIError && error.message.includes('Upstream connection lost'));
    expect(seen.join('')).toBe('Hal');
  });
});

describe('openai SDK reading our JSON responses', () => {
  it('reads a rendered chat.completion', async () => {
    handler = (_body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(openaiClientFormat.renderResponse({
        id: 'msg_9',
        model: 'claude',
        content: [{ type: 'text', text: 'Bonjour' }],
        finishReason: 'stop_sequence',
        usage: { inputTokens: 3, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      }, { ...ctx, includeUsage: false })));
    };
    const completion = await client.chat.completions.create(params);
    expect(completion.choices[0]?.message.content).toBe('Bonjour');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.total_tokens).toBe(4);
  });

  it("answers the SDK's default base64 embeddings request with vectors it decodes", async () => {
    let asked: string | undefined;
    handler = (body, res) => {
      const request = parseEmbeddingRequest(body);
      asked = request.encodingFormat;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(renderEmbeddingResponse(
        { model: 'm', embeddings: request.input.map((_, i) => [i + 0.5, -0.25]), usage: { inputTokens: 2 } },
        request.model,
        request.encodingFormat,
      )));
    };
    const result = await client.embeddings.create({ model: 'embed', input: ['a', 'b'] });
    expect(asked).toBe('base64');
    expect(result.data.map((d) => d.embedding)).toEqual([[0.5, -0.25], [1.5, -0.25]]);
    expect(result.usage.prompt_tokens).toBe(2);
  });
});
