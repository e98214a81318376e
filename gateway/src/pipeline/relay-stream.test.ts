import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { isUsageOnlyChunk, openaiClientFormat, openaiProviderFormat, openaiUsageTap } from '../formats/openai';
import { SseDecoder } from '../sse/decoder';
import { Cancellation } from '../upstream/cancel';
import { sendUpstream } from '../upstream/http';
import type { CommittedResponse } from './chat-attempt';
import { relayStream } from './relay-stream';
import type { StreamWriter } from './stream-writer';

const FIRST_CHUNK = `data: ${JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta: { role: 'assistant', content: 'Hello' }, finish_reason: null }],
})}\n\n`;

let upstream: Server | undefined;
afterEach(
  () =>
    new Promise<void>((resolve) => {
      if (!upstream) return resolve();
      upstream.close(() => resolve());
      upstream.closeAllConnections();
    }),
);

/** A provider that sends the first chunk of a stream, then nothing: the stream never ends on its own. */
async function silentAfterFirstChunk(): Promise<string> {
  upstream = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(FIRST_CHUNK);
  });
  await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1/chat/completions`;
}

type CommittedStream = Extract<CommittedResponse, { kind: 'stream' }>;

async function committed(url: string, native: boolean): Promise<CommittedStream> {
  const response = await sendUpstream('openai', { url, headers: {}, body: '{}', signal: new Cancellation() });
  const parser = openaiProviderFormat.createStreamParser();
  return { kind: 'stream', native, injectedUsage: false, upstream: response, head: [], decoder: new SseDecoder(), headEvents: [], parsed: [], parser };
}

describe('relayStream', () => {
  it.each([
    ['native', true],
    ['translated', false],
  ])('cuts the upstream at once and writes nothing when the client left before the relay began (%s)', { timeout: 2000 }, async (_name, native) => {
    const stream = await committed(await silentAfterFirstChunk(), native);
    const clientGone = new Cancellation();
    clientGone.abort(new GatewayError('invalid_request', 'The client closed the connection', { status: 499, code: 'client_closed' }));
    const written: Array<string | Buffer> = [];
    const writer = { write: async (chunk: string | Buffer) => void written.push(chunk) } as unknown as StreamWriter;

    const outcome = await relayStream(stream, {
      providerName: 'openai',
      client: openaiClientFormat,
      render: { model: 'gpt', created: 1, includeUsage: false },
      writer,
      clientGone,
      tap: native ? openaiUsageTap() : undefined,
      isUsageOnlyChunk,
      // Far longer than the test's timeout: only noticing the client can end this relay in time.
      idleTimeoutMs: 60_000,
      shape: 'openai',
    });

    // No error frame: there is nobody to read it, and the caller logs 499 for a gone client.
    expect(outcome.error).toBeUndefined();
    expect(written).toEqual([]);
    expect(stream.upstream.body.destroyed).toBe(true);
  });
});

describe('relayStream writes', () => {
  const chunk = (body: object): string => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', ...body })}\n\n`;
  const content = (text: string): string => chunk({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }] });
  const finish = chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  const usage = chunk({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });

  /** A provider that sends `pieces` as separate writes, a few ms apart. */
  async function sending(pieces: string[]): Promise<string> {
    upstream = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const next = (): void => {
        if (i === pieces.length) return void res.end();
        res.write(pieces[i++]);
        setTimeout(next, 10);
      };
      next();
    });
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1/chat/completions`;
  }

  it.each([
    ['native, usage chunk dropped', true],
    ['translated', false],
  ])('sends each upstream chunk in one write however many events it holds (%s)', async (_name, native) => {
    const url = await sending([content('a') + content('b'), content('c') + finish + usage + 'data: [DONE]\n\n']);
    const stream = { ...(await committed(url, native)), injectedUsage: native };
    const written: string[] = [];
    const writer = { write: async (chunk: string | Buffer) => void (chunk.length > 0 && written.push(String(chunk))) } as unknown as StreamWriter;
    const outcome = await relayStream(stream, {
      providerName: 'openai',
      client: openaiClientFormat,
      render: { model: 'gpt-4o-mini', created: 1, includeUsage: false },
      writer,
      clientGone: new Cancellation(),
      tap: native ? openaiUsageTap() : undefined,
      isUsageOnlyChunk,
      idleTimeoutMs: 60_000,
      shape: 'openai',
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.usage).toMatchObject({ inputTokens: 3, outputTokens: 2 });
    const text = written.join('');
    // The client asked for no usage: that chunk never reaches it, the content does, in order.
    expect(text).not.toContain('"usage":{');
    expect([...text.matchAll(/"content":"(\w)"/g)].map((match) => match[1])).toEqual(['a', 'b', 'c']);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    // Two upstream chunks, two writes (the translated renderer adds its [DONE] in one more).
    expect(written).toHaveLength(native ? 2 : 3);
  });
});
