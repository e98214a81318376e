import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { openaiClientFormat } from '../formats/openai';
import { ProviderRegistry } from '../providers/registry';
import { Router } from '../routing/plan';
import type { Candidate } from '../routing/types';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { Cancellation } from '../upstream/cancel';
import { ProviderWait } from './provider-wait';
import { attemptChat } from './chat-attempt';
import type { ChatInput } from './chat-attempt';

const KEY = 'gemini-key-0123456789';

/** What the scripted Gemini answers next: one JSON body, or SSE frames written 20 ms apart. */
let reply: { json: unknown } | { frames: unknown[] } = { json: {} };

const gemini: Server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if ('json' in reply) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.json));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const frames = reply.frames.map((frame) => `data: ${JSON.stringify(frame)}\r\n\r\n`);
    const next = (): void => {
      const frame = frames.shift();
      if (frame === undefined) return void res.end();
      res.write(frame);
      setTimeout(next, 20);
    };
    next();
  });
});

let candidate: Candidate;
beforeAll(async () => {
  await new Promise<void>((resolve) => gemini.listen(0, '127.0.0.1', resolve));
  const config = parseConfig(`
providers:
  gemini: { type: gemini, apiKey: env:GEMINI_KEY, baseUrl: http://127.0.0.1:${(gemini.address() as AddressInfo).port}/v1beta }
routes:
  flash: { strategy: single, targets: [ { provider: gemini, model: gemini-2.5-flash } ] }
`);
  const registry = new ProviderRegistry(new MemorySecretStore(), { GEMINI_KEY: KEY });
  registry.apply(config);
  candidate = new Router(() => config, registry).plan('flash').candidates[0] as Candidate;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      gemini.close(() => resolve());
      gemini.closeAllConnections();
    }),
);

function input(stream: boolean): ChatInput {
  const raw = { model: 'flash', stream, messages: [{ role: 'user', content: 'Weather in Rome?' }] };
  return { shape: 'openai', raw, request: openaiClientFormat.parseRequest(raw), clientHeaders: {}, wait: new ProviderWait() };
}

const candidateOf = (finishReason: string, finishMessage: string, parts: unknown[] = []) => ({
  candidates: [{ content: parts.length > 0 ? { role: 'model', parts } : {}, finishReason, finishMessage, index: 0 }],
  usageMetadata: { promptTokenCount: 10, totalTokenCount: 10 },
  modelVersion: 'gemini-2.5-flash',
});

const generationFailed = expect.objectContaining({ status: 502, code: 'upstream_generation_failed', retryable: true });

describe('attemptChat and a failed Gemini generation', () => {
  it('fails the attempt itself when a translated answer is a failed generation, so the executor can retry or fall back', async () => {
    reply = { json: candidateOf('MALFORMED_FUNCTION_CALL', 'Malformed function call: get_weather(city=') };
    await expect(attemptChat(input(false), candidate, new Cancellation())).rejects.toThrow(generationFailed);
  });

  it('takes the key out of what Gemini said, before the executor logs the attempt', async () => {
    reply = { json: candidateOf('MALFORMED_FUNCTION_CALL', `Malformed function call: auth(key="${KEY}")`) };
    const error = (await attemptChat(input(false), candidate, new Cancellation()).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('auth(key="[redacted]")');
    expect(error.message).not.toContain(KEY);
  });

  it('hands over a good translated answer already read', async () => {
    reply = { json: { candidates: [{ content: { role: 'model', parts: [{ text: 'Sunny.' }] }, finishReason: 'STOP' }] } };
    const committed = await attemptChat(input(false), candidate, new Cancellation());
    expect(committed).toMatchObject({ kind: 'json', native: false, response: { content: [{ type: 'text', text: 'Sunny.' }], finishReason: 'stop' } });
  });

  it('fails the attempt of a stream whose first frame is a failed generation: nothing was committed', async () => {
    reply = { frames: [candidateOf('UNEXPECTED_TOOL_CALL', 'Unexpected tool call.')] };
    await expect(attemptChat(input(true), candidate, new Cancellation())).rejects.toThrow(generationFailed);
  });

  it('commits a stream that fails only after its first frame (the relay then ends it with an error event)', async () => {
    reply = { frames: [{ candidates: [{ content: { role: 'model', parts: [{ text: 'The answer' }] }, index: 0 }] }, candidateOf('OTHER', '')] };
    const committed = await attemptChat(input(true), candidate, new Cancellation());
    expect(committed.kind).toBe('stream');
    if (committed.kind === 'stream') committed.upstream.body.destroy();
  });
});
