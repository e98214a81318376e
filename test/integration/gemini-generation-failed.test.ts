/**
 * Gemini ending a candidate with a finish reason that means generation failed
 * (MALFORMED_FUNCTION_CALL, OTHER…) reaches clients as an upstream error, never as an empty
 * `stop` / `end_turn`: before anything was sent it is a 502 that retries and fallbacks can
 * act on; after, the stream ends with the client's own error event.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../gateway/src/store/log-types';
import type { Behaviour } from '../fakes';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  gem:     { strategy: single, targets: [ { provider: gemini, model: gemini-2.5-flash } ] }
  patient: { strategy: single, retry: { attempts: 1, backoffMs: 10ms }, targets: [ { provider: gemini, model: gemini-2.5-flash } ] }
  cached:  { strategy: single, targets: [ { provider: gemini, model: gemini-2.5-flash } ], cache: { ttl: 60s, scope: global } }
  gem-first:
    strategy: fallback
    targets:
      - { provider: gemini, model: gemini-2.5-flash }
      - { provider: openai, model: gpt-4o-mini }
`,
  });
  // No SDK retries: each test sees what one call to the gateway gives.
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const FINISH_MESSAGE = 'Malformed function call: print(default_api.get_weather(city=';
/** What Gemini sends for a broken tool call: no content, the reason and its finishMessage. */
const malformed: Behaviour = { kind: 'reply', finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: FINISH_MESSAGE };
/** A failure after the answer began: every word is its own frame, 30 ms apart, the last one ending with OTHER. */
const failsMidway: Behaviour = { kind: 'slow-stream', chunkDelayMs: 30, finishReason: 'OTHER' };
const MESSAGE = `Gemini's generation failed (finishReason MALFORMED_FUNCTION_CALL): ${FINISH_MESSAGE}`;

const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
const ask = (model: string, content = 'Weather in Rome?') => ({ model, tools: [weather], messages: [{ role: 'user' as const, content }] });
const askClaude = (model: string, content = 'Weather in Rome?') => ({ model, max_tokens: 100, messages: [{ role: 'user' as const, content }] });

async function logRow(id: string | null | undefined): Promise<LogRecord> {
  await h.gateway.logs.flush();
  const row = await h.gateway.logs.get(id ?? '');
  if (!row) throw new Error(`no log row for ${id}`);
  return row;
}

const attempts = (row: LogRecord) => row.attempts.map((a) => [a.provider, a.status, a.outcome]);

/** Reads a stream to its end; resolves with what arrived and what it threw, if anything. */
async function drain<T>(stream: AsyncIterable<T>, take: (item: T) => void): Promise<unknown> {
  try {
    for await (const item of stream) take(item);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('OpenAI SDK', () => {
  it('a malformed function call is a retryable 502 naming the reason and what Gemini said, logged as a failure', async () => {
    h.gemini.enqueue(malformed);
    const error = (await openai.chat.completions.create(ask('gem')).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_generation_failed');
    expect(error.type).toBe('api_error');
    expect(error.message).toContain(MESSAGE);
    expect(error.headers?.get('x-should-retry')).toBe('true');
    const row = await logRow(error.headers?.get('x-switchboard-request-id'));
    expect(row).toMatchObject({ status: 502, errorCode: 'upstream_generation_failed', errorMessage: MESSAGE });
    expect(attempts(row)).toEqual([['gemini', 502, 'failed']]);
    expect(row.attempts[0]?.error).toBe(MESSAGE);
  });

  it('streamed, failing before anything was sent: the same 502 from create()', async () => {
    h.gemini.enqueue(malformed);
    const error = (await openai.chat.completions.create({ ...ask('gem'), stream: true }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_generation_failed');
  });

  it('streamed, failing after text was sent: an error chunk the SDK throws, no finish_reason, logged as a 502', async () => {
    h.gemini.enqueue(failsMidway);
    const { data: stream, response } = await openai.chat.completions.create({ ...ask('gem', 'one two three'), stream: true }).withResponse();
    let text = '';
    const finishes: unknown[] = [];
    const error = await drain(stream, (chunk) => {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason != null) finishes.push(chunk.choices[0].finish_reason);
    });
    expect(text.length).toBeGreaterThan(0);
    expect('echo: one two three'.startsWith(text)).toBe(true);
    expect(finishes).toEqual([]);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain("Gemini's generation failed (finishReason OTHER)");
    const row = await logRow(response.headers.get('x-switchboard-request-id'));
    expect(row).toMatchObject({ status: 502, stream: true, errorCode: 'upstream_generation_failed' });
  });

  it('a fallback route (gemini → openai) answers from the next target, in the client’s shape', async () => {
    h.gemini.enqueue(malformed);
    const { data, response } = await openai.chat.completions.create(ask('gem-first', 'route me')).withResponse();
    expect(data.choices[0]).toMatchObject({ message: { content: 'echo: route me' }, finish_reason: 'stop' });
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(attempts(await logRow(response.headers.get('x-switchboard-request-id')))).toEqual([
      ['gemini', 502, 'fallback'],
      ['openai', 200, 'ok'],
    ]);
  });

  it('a fallback route, streamed: a failure before the first byte falls back too', async () => {
    h.gemini.enqueue(malformed);
    const { data: stream, response } = await openai.chat.completions.create({ ...ask('gem-first', 'stream me'), stream: true }).withResponse();
    let text = '';
    expect(await drain(stream, (chunk) => (text += chunk.choices[0]?.delta.content ?? ''))).toBeUndefined();
    expect(text).toBe('echo: stream me');
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
  });
});

describe('Anthropic SDK', () => {
  it('a malformed function call is a 502 api_error, not an empty end_turn', async () => {
    h.gemini.enqueue(malformed);
    const error = (await anthropic.messages.create(askClaude('gem')).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error.status).toBe(502);
    expect(error.error).toEqual({ type: 'error', error: { type: 'api_error', message: MESSAGE } });
  });

  it('streamed, failing before anything was sent: the same 502 from create()', async () => {
    h.gemini.enqueue(malformed);
    const error = (await anthropic.messages.create({ ...askClaude('gem'), stream: true }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.status).toBe(502);
  });

  it('streamed, failing after text was sent: event: error, which the SDK throws, and no message_stop', async () => {
    h.gemini.enqueue(failsMidway);
    const stream = await anthropic.messages.create({ ...askClaude('gem', 'one two three'), stream: true });
    const types: string[] = [];
    let text = '';
    const error = await drain(stream, (event) => {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    });
    expect(text.length).toBeGreaterThan(0);
    expect(types).not.toContain('message_delta');
    expect(types).not.toContain('message_stop');
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain("Gemini's generation failed (finishReason OTHER)");
  });

  it('a fallback route (gemini → openai) answers from the next target, in the client’s shape', async () => {
    h.gemini.enqueue(malformed);
    const { data, response } = await anthropic.messages.create(askClaude('gem-first', 'route me')).withResponse();
    expect(data).toMatchObject({ content: [{ type: 'text', text: 'echo: route me' }], stop_reason: 'end_turn' });
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
  });

  it('a fallback route, streamed: a failure before the first byte falls back too', async () => {
    h.gemini.enqueue(malformed);
    const stream = await anthropic.messages.create({ ...askClaude('gem-first', 'stream me'), stream: true });
    let text = '';
    const error = await drain(stream, (event) => {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    });
    expect(error).toBeUndefined();
    expect(text).toBe('echo: stream me');
    expect(h.openai.requests).toHaveLength(1);
  });
});

describe('retries and the cache', () => {
  it('a route that retries asks Gemini again, and the second answer is served', async () => {
    h.gemini.enqueue(malformed);
    const { data, response } = await openai.chat.completions.create(ask('patient', 'again')).withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: again');
    expect(attempts(await logRow(response.headers.get('x-switchboard-request-id')))).toEqual([
      ['gemini', 502, 'retry'],
      ['gemini', 200, 'ok'],
    ]);
  });

  it('never stores a failed generation, streamed or not: the repeat goes upstream and gets a real answer', async () => {
    h.gemini.enqueue(malformed);
    await expect(openai.chat.completions.create(ask('cached', 'cache me'))).rejects.toThrow(OpenAI.APIError);
    const { data, response } = await openai.chat.completions.create(ask('cached', 'cache me')).withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: cache me');
    expect(response.headers.get('x-switchboard-cache')).toBe('miss');

    h.gemini.enqueue(failsMidway);
    const failed = await openai.chat.completions.create({ ...ask('cached', 'stream me'), stream: true });
    expect(await drain(failed, () => undefined)).toBeInstanceOf(OpenAI.APIError);
    const { response: repeat } = await openai.chat.completions.create({ ...ask('cached', 'stream me'), stream: true }).withResponse();
    expect(repeat.headers.get('x-switchboard-cache')).toBe('miss');
    expect(h.gemini.requests).toHaveLength(4);
  });
});
