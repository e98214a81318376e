import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkClients, startHarness, standardConfig } from './harness';
import type { Harness } from './harness';

/**
 * Cursor, with its OpenAI base URL overridden, sends Responses API bodies to /v1/chat/completions
 * and reads the answer as Chat Completions (forum.cursor.com, "Override OpenAI Base URL sends
 * Responses API payload to /chat/completions"). The gateway reads such a body as what it is, sends
 * it as is to a provider with the Responses API or translated to one without, and answers in the
 * shape of the endpoint.
 */
const cursorBody = (content: string, extra: Record<string, unknown> = {}) => ({
  model: 'gpt',
  input: [{ role: 'user', content: [{ type: 'input_text', text: content }] }],
  instructions: 'You are a coding assistant.',
  include: ['reasoning.encrypted_content'],
  reasoning: { effort: 'medium', summary: 'auto' },
  text: { verbosity: 'low' },
  ...extra,
});

describe('a Responses API body sent to /v1/chat/completions (Cursor)', () => {
  let h: Harness;
  let openai: OpenAI;
  beforeAll(async () => {
    h = await startHarness({
      config: (fakes) =>
        standardConfig(
          fakes,
          '  redacted: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], guardrails: { pii: redact } }\n' +
            '  cached:   { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], cache: { ttl: 60s } }\n',
        ),
    });
    openai = sdkClients(h).openai;
  });
  afterAll(() => h.close());

  it("is answered as a chat completion, and reaches OpenAI's Responses API as sent (so a Responses-only model is reachable)", async () => {
    const completion = await openai.chat.completions.create(cursorBody('refactor this', { stream_options: { include_usage: true } }) as never);
    expect(completion).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant', content: 'echo: refactor this' }, finish_reason: 'stop' }] });
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    const sent = h.openai.requests.at(-1);
    expect(sent?.path).toBe('/v1/responses');
    expect(sent?.body).toMatchObject({ model: 'gpt-4o-mini', input: [{ role: 'user' }], reasoning: { effort: 'medium' }, include: ['reasoning.encrypted_content'] });
    // Chat Completions' stream_options, which the Responses API refuses, is left out.
    expect(sent?.body).not.toHaveProperty('stream_options');
  });

  it('streams Chat Completions chunks, read from the Responses stream, with the usage chunk stream_options asked for', async () => {
    const stream = await openai.chat.completions.create(cursorBody('stream it', { stream: true, stream_options: { include_usage: true } }) as never);
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>) {
      expect(chunk.object).toBe('chat.completion.chunk');
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('echo: stream it');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('streams no usage chunk when stream_options does not ask for one, as Chat Completions does', async () => {
    const stream = await openai.chat.completions.create(cursorBody('no usage', { stream: true }) as never);
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('echo: no usage');
    expect(chunks.some((c) => c.usage)).toBe(false);
  });

  it('is answered from the cache as a chat completion too, streamed or not, stream_options aside', async () => {
    const upstreamCalls = h.openai.requests.length;
    const first = await openai.chat.completions.create({ ...cursorBody('cache me'), model: 'cached' } as never).withResponse();
    expect(first.response.headers.get('x-switchboard-cache')).toBe('miss');
    const again = await openai.chat.completions.create({ ...cursorBody('cache me'), model: 'cached' } as never).withResponse();
    expect(again.response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(again.data).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: 'echo: cache me' } }] });
    const streamed = await openai.chat.completions.create({ ...cursorBody('cache me', { stream: true, stream_options: { include_usage: true } }), model: 'cached' } as never).withResponse();
    expect(streamed.response.headers.get('x-switchboard-cache')).toBe('hit');
    let text = '';
    for await (const chunk of streamed.data as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('echo: cache me');
    expect(h.openai.requests.length).toBe(upstreamCalls + 1);
  });

  it("says what to do with something only OpenAI's Responses API takes, on a route that cannot reach it", async () => {
    const refused = await openai.chat.completions.create({ ...cursorBody('go on'), model: 'claude', previous_response_id: 'resp_1' } as never).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, error: { param: 'previous_response_id', code: 'untranslatable_content' } });
    expect((refused as Error).message).toContain('route it to an OpenAI provider');
    expect((refused as Error).message).not.toContain("this route's target is another provider");
  });

  it('is translated for a provider without the Responses API', async () => {
    const completion = await openai.chat.completions.create({ ...cursorBody('to claude'), model: 'claude' } as never);
    expect(completion.choices[0]?.message.content).toBe('echo: to claude');
    expect(h.anthropic.requests.at(-1)?.body).toMatchObject({ system: [{ type: 'text', text: 'You are a coding assistant.' }] });
  });

  it('passes through the guardrail as what it is: PII in `input` is scrubbed', async () => {
    await openai.chat.completions.create({ ...cursorBody('mail jane.doe@example.com please'), model: 'redacted' } as never);
    const sent = JSON.stringify(h.openai.requests.at(-1)?.body);
    expect(sent).not.toContain('jane.doe@example.com');
  });

  it('still refuses a body that is neither shape, in Chat Completions words', async () => {
    await expect(openai.chat.completions.create({ model: 'gpt' } as never)).rejects.toMatchObject({ status: 400, error: { param: 'messages' } });
  });
});

describe('prompt-cache markers in an OpenAI body (Cursor, aider, Continue to Claude)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('reach Anthropic as its cache_control, and its cache read and write tokens come back in the usage', async () => {
    const { openai } = sdkClients(h);
    h.anthropic.enqueue({ kind: 'reply', usage: { inputTokens: 10, cachedTokens: 2000, cacheCreationTokens: 0 } });
    const completion = await openai.chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'A long system prompt.', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] },
      ],
    } as never);
    expect(h.anthropic.requests.at(-1)?.body).toMatchObject({
      system: [{ type: 'text', text: 'A long system prompt.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] }],
    });
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(2000);
  });
});
