import { createHash } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, standardConfig, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let client: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => standardConfig(fakes, `
  gem3: { strategy: single, targets: [ { provider: gemini, model: gemini-3-pro-preview } ] }
  gpt-first:
    strategy: fallback
    targets:
      - { provider: openai, model: gpt-4o-mini }
      - { provider: anthropic, model: claude-sonnet-4-5 }
`),
  });
  client = new Anthropic({ baseURL: h.gateway.url, apiKey: 'sk-sb-test-key', maxRetries: 0 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.openai.reset();
  h.anthropic.reset();
  h.gemini.reset();
});

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('Anthropic SDK → Anthropic provider (native pass-through)', () => {
  it('answers with system prompt and cache_control kept exactly', async () => {
    const message = await client.messages.create({
      model: 'claude',
      max_tokens: 200,
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'hello claude' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'echo: hello claude' });
    const upstream = h.anthropic.requests.at(-1);
    const body = upstream?.body as Record<string, unknown>;
    expect(body.model).toBe('claude-sonnet-4-5');
    expect(body.system).toEqual([{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }]);
    // The provider's key, not the gateway's; the client's API version is kept.
    expect(upstream?.headers['x-api-key']).toBe('sk-ant-fake-0002');
    expect(upstream?.headers.authorization).toBeUndefined();
    expect(upstream?.headers['anthropic-version']).toBeDefined();
  });

  it('streams thinking, text and tool_use blocks byte for byte', async () => {
    h.anthropic.enqueue({ kind: 'reply', thinking: 'The user wants weather.', text: 'Checking.', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const final = await client.messages
      .stream({
        model: 'claude',
        max_tokens: 2048,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'weather in Oslo?' }],
      })
      .finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    const thinking = final.content[0] as Anthropic.ThinkingBlock;
    expect(thinking.thinking).toBe('The user wants weather.');
    expect(thinking.signature.length).toBeGreaterThan(0);
    expect((final.content[2] as Anthropic.ToolUseBlock).input).toEqual({ city: 'Oslo' });
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it('charges 1-hour cache writes at their own price (2× input, not the 5-minute 1.25×), streamed or not', async () => {
    const usage = { inputTokens: 1_000, cacheCreationTokens: 10_000, cacheCreation1hTokens: 4_000, outputTokens: 1_000 };
    // claude-sonnet-4-5: 1,000 × $3 + 6,000 × $3.75 + 4,000 × $6 + 1,000 × $15 = $0.0645.
    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'A long manual.', cache_control: { type: 'ephemeral', ttl: '1h' } }];
    h.anthropic.enqueue({ kind: 'reply', usage });
    h.anthropic.enqueue({ kind: 'reply', usage });
    const { response } = await client.messages.create({ model: 'claude', max_tokens: 50, system, messages: [{ role: 'user', content: 'cached' }] }).withResponse();
    expect(response.headers.get('x-switchboard-cost-usd')).toBe('0.06450000');
    const since = Date.now();
    await client.messages.stream({ model: 'claude', max_tokens: 50, system, messages: [{ role: 'user', content: 'cached' }] }).finalMessage();
    const row = await eventually(async () => {
      const found = (await h.gateway.logs.query({ since, limit: 1 })).rows[0];
      if (!found) throw new Error('not logged yet');
      return found;
    });
    expect(row).toMatchObject({ stream: true, cacheWriteTokens: 10_000, costUsd: 0.0645 });
  });

  it('charges the web searches Anthropic ran, at $10 per thousand, streamed or not', async () => {
    const usage = { inputTokens: 1_000, outputTokens: 1_000, webSearchRequests: 2 };
    // claude-sonnet-4-5: 1,000 × $3 + 1,000 × $15 per million, + 2 × $0.01.
    const tools: Anthropic.Messages.ToolUnion[] = [{ type: 'web_search_20250305', name: 'web_search' }];
    h.anthropic.enqueue({ kind: 'reply', usage });
    h.anthropic.enqueue({ kind: 'reply', usage });
    const { response } = await client.messages.create({ model: 'claude', max_tokens: 50, tools, messages: [{ role: 'user', content: 'news?' }] }).withResponse();
    expect(response.headers.get('x-switchboard-cost-usd')).toBe('0.03800000');
    const since = Date.now();
    await client.messages.stream({ model: 'claude', max_tokens: 50, tools, messages: [{ role: 'user', content: 'news?' }] }).finalMessage();
    const row = await eventually(async () => {
      const found = (await h.gateway.logs.query({ since, limit: 1 })).rows[0];
      if (!found) throw new Error('not logged yet');
      return found;
    });
    expect(row).toMatchObject({ stream: true, costUsd: 0.038 });
  });

  it("hands the SDK the gateway's request id, on answers and on errors", async () => {
    const message = await client.messages.create({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: 'id?' }] });
    expect(message._request_id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(await h.gateway.logs.get(message._request_id ?? '')).toBeDefined();
    h.anthropic.enqueue({ kind: 'error', status: 400, message: 'bad' });
    const failure = (await client.messages.create({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(failure.requestID).toMatch(/^req_[0-9a-f]{32}$/);
    const refused = (await client.messages.create({ model: 'no-such-route', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(refused.status).toBe(404);
    expect(refused.requestID).toMatch(/^req_/);
  });

  it('counts tokens through the provider', async () => {
    const count = await client.messages.countTokens({ model: 'claude', messages: [{ role: 'user', content: 'how many tokens is this?' }] });
    expect(count.input_tokens).toBeGreaterThan(0);
    expect(h.anthropic.requests.at(-1)?.path).toBe('/v1/messages/count_tokens');
  });

  it("counts with the caller's API version and betas, as /v1/messages sends them", async () => {
    await client.beta.messages.countTokens({ model: 'claude', messages: [{ role: 'user', content: 'hi' }], betas: ['token-efficient-tools-2025-02-19'] });
    const upstream = h.anthropic.requests.at(-1);
    expect(upstream?.headers['anthropic-beta']).toContain('token-efficient-tools-2025-02-19');
    // What SDK 1.x sends; the provider default would be 2023-06-01.
    expect(upstream?.headers['anthropic-version']).toBe('2026-10-21');
  });

  it('counts content only Anthropic understands (a PDF, a server tool) natively, not refusing it', async () => {
    const count = await client.messages.countTokens({
      model: 'claude',
      tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }],
      messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' } }, { type: 'text', text: 'summarise' }] }],
    });
    expect(count.input_tokens).toBeGreaterThan(0);
    const body = h.anthropic.requests.at(-1)?.body as { tools: unknown[]; messages: Array<{ content: Array<{ type: string }> }> };
    expect(body.tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }]);
    expect(body.messages[0]?.content[0]?.type).toBe('document');
  });
});

describe('Anthropic SDK → OpenAI provider (translated)', () => {
  it('answers a message with usage and stop reason mapped', async () => {
    const message = await client.messages.create({ model: 'gpt', max_tokens: 100, system: 'be brief', messages: [{ role: 'user', content: 'hello gpt' }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'echo: hello gpt' });
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    const body = h.openai.requests.at(-1)?.body as { messages: Array<{ role: string }> };
    expect(body.messages[0]?.role).toBe('system');
  });

  it('charges an Azure deployment at the price of the model it serves, though its stream opens naming none', async () => {
    // gpt-4o-2024-11-20 behind the deployment "prod-gpt4o": 1000 × $2.50 + 500 × $10 per million.
    h.openai.enqueue({ kind: 'reply', usage: { inputTokens: 1000, outputTokens: 500 } });
    const since = Date.now();
    await client.messages.stream({ model: 'az', max_tokens: 100, messages: [{ role: 'user', content: 'priced' }] }).finalMessage();
    const row = await eventually(async () => {
      const found = (await h.gateway.logs.query({ since, limit: 1 })).rows[0];
      if (!found) throw new Error('not logged yet');
      return found;
    });
    expect(row).toMatchObject({ stream: true, model: 'prod-gpt4o', costUsd: 0.0075 });
  });

  it('streams text then a tool_use block with its full input', async () => {
    h.openai.enqueue({ kind: 'reply', text: 'One moment.', toolCalls: [{ name: 'get_weather', arguments: { city: 'Kyiv' } }] });
    const events: string[] = [];
    const stream = client.messages.stream({ model: 'gpt', max_tokens: 100, tools: [weatherTool], messages: [{ role: 'user', content: 'weather in Kyiv?' }] });
    stream.on('streamEvent', (event) => events.push(event.type));
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'One moment.' });
    expect(final.content[1]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Kyiv' } });
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    // Exactly one message_start and one message_stop: Claude Code breaks on duplicates.
    expect(events.filter((e) => e === 'message_start')).toHaveLength(1);
    expect(events.at(-1)).toBe('message_stop');
  });

  it("answers Claude Code's max_tokens (32000) from gpt-4o-mini, asking for the 16384 it can write", async () => {
    const message = await client.messages.stream({ model: 'gpt', max_tokens: 32000, messages: [{ role: 'user', content: 'hello gpt' }] }).finalMessage();
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'echo: hello gpt' });
    expect((h.openai.requests.at(-1)?.body as Record<string, unknown>).max_completion_tokens).toBe(16384);
  });

  it('sends tool_result blocks to OpenAI as tool messages', async () => {
    await client.messages.create({
      model: 'gpt',
      max_tokens: 100,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'weather in Kyiv?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Kyiv' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '3°C' }] },
      ],
    });
    const body = h.openai.requests.at(-1)?.body as { messages: Array<{ role: string; tool_call_id?: string; content?: unknown }> };
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(body.messages[2]).toMatchObject({ tool_call_id: 'call_1' });
  });

  it('says in the tool message that a tool_result with is_error failed, since OpenAI has no such flag', async () => {
    await client.messages.create({
      model: 'gpt',
      max_tokens: 100,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'weather in Atlantis?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Atlantis' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', is_error: true, content: 'city not found' }] },
      ],
    });
    const body = h.openai.requests.at(-1)?.body as { messages: Array<{ role: string; content?: unknown }> };
    expect(body.messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_1', content: 'Error: city not found' });
  });

  it("refuses more stop_sequences than OpenAI's 4 on an OpenAI route, naming the field and the limit", async () => {
    const stop_sequences = ['a', 'b', 'c', 'd', 'e'];
    const error = await client.messages.create({ model: 'gpt', max_tokens: 10, stop_sequences, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).message).toMatch(/'stop_sequences'.*at most 4/);
    expect(h.openai.requests).toHaveLength(0);

    // Four still go; a fallback route serves five from a target that takes them (Anthropic, natively).
    await client.messages.create({ model: 'gpt', max_tokens: 10, stop_sequences: stop_sequences.slice(0, 4), messages: [{ role: 'user', content: 'x' }] });
    expect((h.openai.requests.at(-1)?.body as { stop: string[] }).stop).toEqual(['a', 'b', 'c', 'd']);
    const { response } = await client.messages.create({ model: 'gpt-first', max_tokens: 10, stop_sequences, messages: [{ role: 'user', content: 'x' }] }).withResponse();
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
    // The OpenAI target could not take it, so it was skipped without a call: one attempt was sent.
    expect(response.headers.get('x-switchboard-attempts')).toBe('1');
    expect((h.anthropic.requests.at(-1)?.body as { stop_sequences: string[] }).stop_sequences).toEqual(stop_sequences);
    expect(h.openai.requests).toHaveLength(1);
  });

  it("sends Claude Code's long metadata.user_id to OpenAI as a stable 64-character hash, a short one as is", async () => {
    const user_id = `user_${'e3b0c442'.repeat(8)}_account_4f1c2a9e-7d3b-4c8a-9e1f-2b6d8a0c5e7f_session_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d`;
    expect(user_id.length).toBeGreaterThan(100);
    const ask = (id: string) => client.messages.create({ model: 'gpt', max_tokens: 10, metadata: { user_id: id }, messages: [{ role: 'user', content: 'x' }] });
    await ask(user_id);
    await ask(user_id);
    await ask('alice');
    const sent = h.openai.requests.map((r) => (r.body as { user?: string }).user);
    expect(sent[0]).toBe(createHash('sha256').update(user_id).digest('hex'));
    expect(sent[1]).toBe(sent[0]);
    expect(sent[2]).toBe('alice');
  });

  it('estimates token counts for providers that cannot count', async () => {
    const count = await client.messages.countTokens({ model: 'gpt', messages: [{ role: 'user', content: 'estimate me please' }] });
    expect(count.input_tokens).toBeGreaterThan(0);
  });

  it('refuses to estimate content it cannot read (a PDF on an OpenAI route), naming it', async () => {
    const failure = await client.messages
      .countTokens({ model: 'gpt', messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' } }] }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.BadRequestError);
    expect((failure as Error).message).toMatch(/document/);
  });
});

describe('Anthropic SDK → Gemini provider (translated)', () => {
  it("streams Claude Code's thinking budget (31999) from Gemini 2.5 Flash, capped at the 24576 it takes", async () => {
    const stream = client.messages.stream({
      model: 'gem',
      max_tokens: 32000,
      thinking: { type: 'enabled', budget_tokens: 31999 },
      messages: [{ role: 'user', content: 'think hard' }],
    });
    const final = await stream.finalMessage();
    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const body = h.gemini.requests.at(-1)?.body as { generationConfig: Record<string, unknown> };
    expect(body.generationConfig.thinkingConfig).toEqual({ thinkingBudget: 24576, includeThoughts: true });
  });

  it("carries on a conversation Claude began without sending Claude's thought signatures, which Gemini refuses, and sends back Gemini's own", async () => {
    const thinking = { type: 'enabled', budget_tokens: 1024 } as const;
    const ask = { role: 'user', content: 'weather in Oslo?' } as const;
    const turn = async (model: string, history: Anthropic.MessageParam[]): Promise<Anthropic.MessageParam[]> => {
      const answer = await client.messages.create({ model, max_tokens: 2000, thinking, tools: [weatherTool], messages: history });
      const call = answer.content.find((block) => block.type === 'tool_use');
      const blocks = answer.content.flatMap((block): Anthropic.ContentBlockParam[] =>
        block.type === 'thinking' ? [{ type: 'thinking', thinking: block.thinking, signature: block.signature }] : block.type === 'tool_use' ? [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }] : [],
      );
      return [...history, { role: 'assistant', content: blocks }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call?.id ?? '', content: '-3°C' }] }];
    };
    h.anthropic.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const fromClaude = await turn('claude', [ask]);
    h.gemini.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Bergen' } }] });
    const fromGemini = await turn('gem3', fromClaude);
    const answer = await client.messages.create({ model: 'gem3', max_tokens: 2000, thinking, tools: [weatherTool], messages: fromGemini });
    expect(answer.content.at(-1)).toMatchObject({ type: 'text', text: 'echo: weather in Oslo?' });
    const sent = h.gemini.requests.at(-1)?.body as { contents: Array<{ role: string; parts: Array<{ thoughtSignature?: string }> }> };
    const signatures = sent.contents.filter((content) => content.role === 'model').map((content) => content.parts[0]?.thoughtSignature);
    // Claude's turn: Google's documented skip value; Gemini's own: its signature exactly as it came.
    expect(signatures[0]).toBe('skip_thought_signature_validator');
    expect(Buffer.from(signatures[1] ?? '', 'base64').toString()).toMatch(/^fake-sig:/);
  });
});

describe('Anthropic SDK → an OpenAI-compatible server that reports a failed generation', () => {
  it("finish_reason \"error\" (OpenRouter's) is an upstream error, never an end_turn", async () => {
    h.openai.enqueue({ kind: 'reply', text: 'half an ans', finishReason: 'error' });
    const failure = (await client.messages.create({ model: 'gpt', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(failure).toBeInstanceOf(Anthropic.InternalServerError);
    expect(failure.status).toBe(502);
    expect(failure.message).toMatch(/generation failed/);
  });
});

describe('Anthropic SDK → models', () => {
  it('lists an Anthropic page', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model).toEqual({ type: 'model', id: model.id, display_name: model.id, created_at: '1970-01-01T00:00:00.000Z' });
      ids.push(model.id);
    }
    expect(ids).toEqual(expect.arrayContaining(['claude', 'gpt', 'anthropic/claude-sonnet-4-5']));
  });

  it('retrieves one model by alias or provider/model id', async () => {
    expect(await client.models.retrieve('claude')).toEqual({ type: 'model', id: 'claude', display_name: 'claude', created_at: '1970-01-01T00:00:00.000Z' });
    expect(await client.models.retrieve('anthropic/claude-sonnet-4-5')).toMatchObject({ type: 'model', id: 'anthropic/claude-sonnet-4-5' });
  });

  it('answers an unknown model id, and a refused key, in Anthropic shape', async () => {
    const missing = await client.models.retrieve('no-such-model').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    expect((missing as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    const wrong = new Anthropic({ baseURL: h.gateway.url, apiKey: 'sk-sb-wrong', maxRetries: 0 });
    for (const call of [() => wrong.models.retrieve('claude'), () => wrong.models.list()]) {
      const refused = await call().catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Anthropic.AuthenticationError);
      expect((refused as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    }
  });
});
