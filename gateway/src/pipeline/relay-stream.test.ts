import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../canonical/types';
import { GatewayError } from '../errors/gateway-error';
import { anthropicClientFormat } from '../formats/anthropic';
import { geminiProviderFormat } from '../formats/gemini';
import { isUsageOnlyChunk, openaiClientFormat, openaiProviderFormat, openaiUsageTap } from '../formats/openai';
import { SseDecoder } from '../sse/decoder';
import { Cancellation } from '../upstream/cancel';
import { sendUpstream } from '../upstream/http';
import type { CommittedResponse } from './chat-attempt';
import { relayStream } from './relay-stream';
import type { RelayOptions } from './relay-stream';
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

  /** A provider that sends `pieces` as separate writes, `gapMs` apart. */
  async function sending(pieces: string[], gapMs = 10): Promise<string> {
    upstream = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const next = (): void => {
        if (i === pieces.length) return void res.end();
        res.write(pieces[i++]);
        setTimeout(next, gapMs);
      };
      next();
    });
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1/chat/completions`;
  }

  /** Relays `stream` to a writer that records each non-empty write (after `delay`, if given). */
  async function relay(stream: CommittedStream, extra: Partial<RelayOptions> & { delay?: (write: number) => number } = {}) {
    const written: string[] = [];
    const { delay, ...options } = extra;
    const writer = {
      async write(chunk: string | Buffer) {
        if (chunk.length === 0) return;
        const ms = delay?.(written.length) ?? 0;
        if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
        written.push(String(chunk));
      },
    } as unknown as StreamWriter;
    const outcome = await relayStream(stream, {
      providerName: 'openai',
      client: openaiClientFormat,
      render: { model: 'gpt-4o-mini', created: 1, includeUsage: false },
      writer,
      clientGone: new Cancellation(),
      tap: stream.native ? openaiUsageTap() : undefined,
      isUsageOnlyChunk,
      idleTimeoutMs: 60_000,
      shape: 'openai',
      ...options,
    });
    return { outcome, written, text: written.join('') };
  }
  const contents = (text: string): Array<string | undefined> => [...text.matchAll(/"content":"(\w)"/g)].map((match) => match[1]);

  it.each([
    ['native, usage chunk dropped', true],
    ['translated', false],
  ])('sends each upstream chunk in one write however many events it holds (%s)', async (_name, native) => {
    const url = await sending([content('a') + content('b'), content('c') + finish + usage + 'data: [DONE]\n\n']);
    const stream = { ...(await committed(url, native)), injectedUsage: native };
    const { outcome, written, text } = await relay(stream);
    expect(outcome.error).toBeUndefined();
    expect(outcome.usage).toMatchObject({ inputTokens: 3, outputTokens: 2 });
    // The client asked for no usage: that chunk never reaches it, the content does, in order.
    expect(text).not.toContain('"usage":{');
    expect(contents(text)).toEqual(['a', 'b', 'c']);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    // Two upstream chunks, two writes (the translated renderer adds its [DONE] in one more).
    expect(written).toHaveLength(native ? 2 : 3);
  });

  it.each([
    ['native, frames rewritten and collected', true],
    ['translated', false],
  ])('delivers the content before an error event in the same upstream chunk, then the error (%s)', async (_name, native) => {
    const failure = 'data: {"error":{"message":"The model is overloaded","type":"server_error"}}\n\n';
    const url = await sending([content('a'), content('b') + content('c') + failure]);
    const stream = { ...(await committed(url, native)), injectedUsage: native };
    const collected: string[] = [];
    const { outcome, text } = await relay(stream, { collect: (event) => void (event.type === 'text' && collected.push(event.text)) });
    expect(outcome.error?.message).toContain('The model is overloaded');
    expect(contents(text)).toEqual(['a', 'b', 'c']);
    // The error frame comes after all of the content.
    expect(text.lastIndexOf('The model is overloaded')).toBeGreaterThan(text.lastIndexOf('"content":"c"'));
    // The cache's collector saw the same content (and, seeing no finish, will not store it).
    expect(collected).toEqual(['a', 'b', 'c']);
  });

  it.each([
    ['native', true],
    ['translated', false],
  ])('does not take a slow client for a silent provider (%s)', async (_name, native) => {
    // The provider sends a chunk every 40 ms; the client takes 300 ms to accept the first write.
    const url = await sending([content('a'), content('b'), content('c'), finish + 'data: [DONE]\n\n'], 40);
    const stream = await committed(url, native);
    const { outcome, text } = await relay(stream, { idleTimeoutMs: 100, delay: (write) => (write === 0 ? 300 : 0) });
    expect(outcome.error).toBeUndefined();
    expect(contents(text)).toEqual(['a', 'b', 'c']);
  });

  /** Every frame the client got, parsed: a half-written or glued frame fails here. */
  const frames = (text: string): unknown[] =>
    text
      .split('\n\n')
      .filter((frame) => frame !== '')
      .map((frame) => {
        expect(frame.startsWith('data: ')).toBe(true);
        const data = frame.slice('data: '.length);
        return data === '[DONE]' ? data : (JSON.parse(data) as unknown);
      });

  it('passes whole-event chunks on as sent, and an event split across chunks as one whole frame (native)', async () => {
    const split = content('b');
    const url = await sending([content('a'), split.slice(0, 20), split.slice(20) + content('c'), finish + 'data: [DONE]\n\n']);
    const { outcome, written, text } = await relay(await committed(url, true));
    expect(outcome.error).toBeUndefined();
    expect(written[0]).toBe(content('a'));
    expect(contents(text)).toEqual(['a', 'b', 'c']);
    expect(frames(text).at(-1)).toBe('[DONE]');
  });

  it('passes on a chunk whose "error" is null, and an event of several data: lines split across chunks (native)', async () => {
    const withNullError = `data: {"error":null,${content('b').slice('data: {'.length)}`;
    const multiLine = content('c').replace('"choices"', '\ndata: "choices"');
    const url = await sending([content('a'), withNullError + multiLine.slice(0, 30), multiLine.slice(30), finish + 'data: [DONE]\n\n']);
    const { outcome, text } = await relay(await committed(url, true));
    expect(outcome.error).toBeUndefined();
    const decoded = new SseDecoder().push(text).map((event) => event.data);
    expect(decoded.slice(0, 3).map((data) => (JSON.parse(data) as { choices: Array<{ delta: { content: string } }> }).choices[0]?.delta.content)).toEqual(['a', 'b', 'c']);
    expect(decoded.at(-1)).toBe('[DONE]');
  });

  it('never sends part of a provider error split across chunks, nor the key it echoes (native)', async () => {
    const failure = `data: ${JSON.stringify({ error: { message: 'Key sk-live-0123456789 was revoked', type: 'invalid_request_error' } })}\n\n`;
    const url = await sending([content('a'), failure.slice(0, 40), failure.slice(40)]);
    const { outcome, text } = await relay(await committed(url, true), { providerSecrets: () => Promise.resolve(['sk-live-0123456789']) });
    expect(outcome.error?.message).toBe('Key [redacted] was revoked');
    expect(text).not.toContain('sk-live-0123456789');
    const got = frames(text);
    expect(got).toHaveLength(2);
    expect(got[1]).toMatchObject({ error: { message: 'Key [redacted] was revoked', type: 'invalid_request_error' } });
  });

  /** A Gemini frame (`streamGenerateContent?alt=sse`): data only, CRLF-terminated. */
  const gemini = (parts: unknown[], extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({ candidates: [{ content: parts.length > 0 ? { role: 'model', parts } : {}, index: 0, ...extra }], modelVersion: 'gemini-2.5-flash' })}\r\n\r\n`;

  it.each([
    ['OpenAI', openaiClientFormat, 'openai'],
    ['Anthropic', anthropicClientFormat, 'anthropic'],
  ] as const)('ends a Gemini stream whose generation fails after its text with an %s error event, never a finish', async (_name, client, shape) => {
    const malformed = gemini([], { finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'Malformed function call: get_weather(city=' });
    const url = await sending([gemini([{ text: 'Let me check.' }]), malformed]);
    const response = await sendUpstream('gemini', { url, headers: {}, body: '{}', signal: new Cancellation() });
    const stream: CommittedStream = { kind: 'stream', native: false, injectedUsage: false, upstream: response, head: [], decoder: new SseDecoder(), headEvents: [], parsed: [], parser: geminiProviderFormat.createStreamParser() };
    const collected: StreamEvent[] = [];
    const { outcome, text } = await relay(stream, { client, shape, providerName: 'gemini', collect: (event) => void collected.push(event) });
    expect(outcome.error).toMatchObject({ code: 'upstream_generation_failed', status: 502 });
    expect(text).toContain('Let me check.');
    const error = { type: 'api_error', message: "Gemini's generation failed (finishReason MALFORMED_FUNCTION_CALL): Malformed function call: get_weather(city=" };
    if (shape === 'openai') {
      expect(text).not.toMatch(/"finish_reason":"(stop|tool_calls)"/);
      expect(text).not.toContain('[DONE]');
      const last = JSON.parse(text.slice(text.lastIndexOf('data: ') + 'data: '.length)) as unknown;
      expect(last).toEqual({ error: { ...error, param: null, code: 'upstream_generation_failed' } });
    } else {
      expect(text).not.toContain('message_stop');
      expect(text).not.toMatch(/"stop_reason":"/);
      expect(text.slice(text.lastIndexOf('event: '))).toBe(`event: error\ndata: ${JSON.stringify({ type: 'error', error })}\n\n`);
    }
    // The cache's collector saw no finish, so nothing of this answer is stored.
    expect(collected.some((event) => event.type === 'finish')).toBe(false);
  });

  it.each([
    ['native', true],
    ['translated', false],
  ])('ends a stream whose provider goes silent with an error frame the client can tell apart (%s)', async (_name, native) => {
    const url = await sending([content('a'), content('b')], 5_000);
    const { outcome, text } = await relay(await committed(url, native), { idleTimeoutMs: 100 });
    expect(outcome.error?.code).toBe('stream_idle_timeout');
    const frame = JSON.parse(text.slice(text.lastIndexOf('data: ') + 'data: '.length)) as { error: Record<string, unknown> };
    expect(frame.error).toMatchObject({ type: 'timeout_error', code: 'stream_idle_timeout' });
  });
});
