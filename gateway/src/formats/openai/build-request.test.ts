import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../canonical/types';
import { GatewayError } from '../../errors/gateway-error';
import { azureProviderFormat, deepseekProviderFormat, mistralProviderFormat, mistralToolCallId, openaiCompatibleProviderFormat, openaiProviderFormat } from './provider-format';

const request = (over: Partial<ChatRequest>): ChatRequest => ({
  model: 'alias',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  streamUsage: false,
  ...over,
});

describe('buildRequest', () => {
  it('puts system first and answers tool calls with tool messages right after the calling turn', () => {
    const body = openaiProviderFormat.buildRequest(request({
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Use metric.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', text: 'hidden', signature: 's' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', id: 'toolu_a', name: 'weather', arguments: '{"city":"Paris"}' },
            { type: 'tool-call', id: 'toolu_b', name: 'now', arguments: '' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'toolu_a', content: [{ type: 'text', text: '18C' }] },
            { type: 'tool-result', toolCallId: 'toolu_b', content: [{ type: 'text', text: '12:00' }, { type: 'image', source: { kind: 'url', url: 'https://x/clock.png' } }] },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
    }), 'gpt-4o');
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.\n\nUse metric.' },
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'toolu_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_b', type: 'function', function: { name: 'now', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_a', content: '18C' },
      { role: 'tool', tool_call_id: 'toolu_b', content: '12:00' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'https://x/clock.png' } },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ]);
  });

  it('renders base64 images as data URLs with their detail', () => {
    const body = openaiProviderFormat.buildRequest(request({
      messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: 'AAAA' }, detail: 'high' }] }],
    }), 'gpt-4o');
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAAA', detail: 'high' } }] },
    ]);
  });

  it('maps parameters, tools and formats to their OpenAI names', () => {
    const schema = { type: 'object', properties: {} };
    const body = openaiProviderFormat.buildRequest(request({
      tools: [{ name: 'f', description: 'd', parameters: schema, strict: true, cacheControl: { type: 'ephemeral' } }],
      toolChoice: { type: 'tool', name: 'f' },
      parallelToolCalls: false,
      maxTokens: 256,
      temperature: 0.5,
      topP: 0.8,
      topK: 40,
      stop: ['END'],
      seed: 3,
      frequencyPenalty: 0.1,
      presencePenalty: 0.2,
      responseFormat: { type: 'json_schema', name: 'out', schema, strict: true },
      thinking: { effort: 'high', budgetTokens: 8000 },
      user: 'u',
      metadata: { tier: 'free' },
    }), 'o3');
    expect(body).toEqual({
      model: 'o3',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: schema, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
      max_completion_tokens: 256,
      temperature: 0.5,
      top_p: 0.8,
      stop: ['END'],
      seed: 3,
      frequency_penalty: 0.1,
      presence_penalty: 0.2,
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema, strict: true } },
      reasoning_effort: 'high',
      user: 'u',
    });
  });

  it("sends verbosity to GPT-5 models and service_tier to OpenAI only, and neither where they would be refused", () => {
    const asked = request({ verbosity: 'low', serviceTier: 'flex' });
    expect(openaiProviderFormat.buildRequest(asked, 'gpt-5.1')).toMatchObject({ verbosity: 'low', service_tier: 'flex' });
    expect(openaiProviderFormat.buildRequest(asked, 'gpt-5-mini').verbosity).toBe('low');
    // gpt-4o refuses verbosity.
    expect(openaiProviderFormat.buildRequest(asked, 'gpt-4o').verbosity).toBeUndefined();
    // Azure: a GPT-5 deployment gets verbosity; service tiers are an invitation-only preview there.
    const azure = azureProviderFormat.buildRequest(asked, 'gpt-5.1');
    expect(azure.verbosity).toBe('low');
    expect(azure.service_tier).toBeUndefined();
    for (const format of [openaiCompatibleProviderFormat, mistralProviderFormat, deepseekProviderFormat]) {
      const body = format.buildRequest(asked, 'gpt-5.1');
      expect(body.verbosity).toBeUndefined();
      expect(body.service_tier).toBeUndefined();
    }
  });

  it("sends an end-user id longer than OpenAI's 64 characters as its SHA-256, and a shorter one as is", () => {
    const long = `user_${'a'.repeat(64)}_account__session_${'0'.repeat(36)}`;
    const sent = openaiProviderFormat.buildRequest(request({ user: long }), 'gpt-4o').user;
    expect(sent).toBe(createHash('sha256').update(long).digest('hex'));
    expect(sent).toHaveLength(64);
    expect(openaiProviderFormat.buildRequest(request({ user: long }), 'gpt-4o').user).toBe(sent);
    expect(openaiProviderFormat.buildRequest(request({ user: `${long}x` }), 'gpt-4o').user).not.toBe(sent);
    const limit = 'u'.repeat(64);
    expect(openaiProviderFormat.buildRequest(request({ user: limit }), 'gpt-4o').user).toBe(limit);
  });

  it('uses max_tokens for OpenAI-compatible servers', () => {
    const body = openaiCompatibleProviderFormat.buildRequest(request({ maxTokens: 99 }), 'llama3.2');
    expect(body.max_tokens).toBe(99);
    expect(body).not.toHaveProperty('max_completion_tokens');
  });

  it("asks a model for no more output than it can write (Claude Code's 32000 to gpt-4o is a 400 otherwise)", () => {
    const limit = (model: string) => openaiProviderFormat.buildRequest(request({ maxTokens: 32000 }), model).max_completion_tokens;
    expect(limit('gpt-4o-mini')).toBe(16384);
    expect(limit('gpt-4.1-2025-04-14')).toBe(32000);
    expect(limit('gpt-4-turbo')).toBe(4096);
    expect(openaiCompatibleProviderFormat.buildRequest(request({ maxTokens: 64000 }), 'openai/gpt-4.1').max_tokens).toBe(32768);
    expect(limit('gpt-5.1')).toBe(32000);
  });

  it("sends DeepSeek its own reasoning back as reasoning_content, and no one else (Groq and OpenAI refuse the field)", () => {
    const messages: ChatRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'List files' }] },
      { role: 'assistant', content: [{ type: 'thinking', text: 'Use ls.', signature: '' }, { type: 'tool-call', id: 'call_1', name: 'Bash', arguments: '{}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'a.txt' }] }] },
      { role: 'assistant', content: [{ type: 'thinking', text: 'Claude thought', signature: 'EqQB' }, { type: 'text', text: 'Done.' }] },
    ];
    const assistants = (body: Record<string, unknown>) => (body.messages as Array<Record<string, unknown>>).filter((m) => m.role === 'assistant');
    const [tooling, answer] = assistants(deepseekProviderFormat.buildRequest(request({ messages }), 'deepseek-v4-flash'));
    expect(tooling?.reasoning_content).toBe('Use ls.');
    expect(answer).not.toHaveProperty('reasoning_content');
    for (const format of [openaiCompatibleProviderFormat, openaiProviderFormat]) {
      expect(JSON.stringify(format.buildRequest(request({ messages }), 'x'))).not.toContain('reasoning_content');
    }
  });

  it('leaves parallel_tool_calls out when there are no tools (OpenAI refuses it)', () => {
    expect(openaiProviderFormat.buildRequest(request({ parallelToolCalls: true }), 'gpt-4o')).not.toHaveProperty('parallel_tool_calls');
  });

  it('always asks a stream for usage, which the gateway needs for costs', () => {
    const body = openaiProviderFormat.buildRequest(request({ stream: true, streamUsage: false }), 'gpt-4o');
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it('sends Mistral neither stream_options nor user, which it refuses with 422 extra_forbidden, and the seed as random_seed', () => {
    const body = mistralProviderFormat.buildRequest(request({ stream: true, user: 'user_abc', maxTokens: 64, seed: 7 }), 'mistral-large-latest');
    expect(body).toMatchObject({ stream: true, max_tokens: 64, random_seed: 7 });
    expect(body).not.toHaveProperty('stream_options');
    expect(body).not.toHaveProperty('user');
    expect(body).not.toHaveProperty('seed');
  });

  it("gives Mistral tool-call ids of 9 letters and digits, the same for a call and its result, and keeps Mistral's own", () => {
    const body = mistralProviderFormat.buildRequest(request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{}' },
            { type: 'tool-call', id: 'D681PevKs', name: 'get_weather', arguments: '{}' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'toolu_01A09q90qw90lq917835lq9', content: [{ type: 'text', text: 'sunny' }] },
            { type: 'tool-result', toolCallId: 'D681PevKs', content: [{ type: 'text', text: 'rain' }] },
          ],
        },
      ],
    }), 'mistral-large-latest');
    const messages = body.messages as Array<{ tool_calls?: Array<{ id: string }>; tool_call_id?: string }>;
    const mapped = mistralToolCallId('toolu_01A09q90qw90lq917835lq9');
    expect(mapped).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(messages[1]?.tool_calls?.map((call) => call.id)).toEqual([mapped, 'D681PevKs']);
    expect(messages.slice(2).map((message) => message.tool_call_id)).toEqual([mapped, 'D681PevKs']);
    expect(mistralToolCallId('call_abc')).not.toBe(mapped);
  });

  it('says in the tool message that a call failed, since OpenAI has no is_error', () => {
    const body = openaiProviderFormat.buildRequest(request({
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'a', name: 'weather', arguments: '{}' }, { type: 'tool-call', id: 'b', name: 'weather', arguments: '{}' }, { type: 'tool-call', id: 'c', name: 'now', arguments: '{}' }] },
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'a', isError: true, content: [{ type: 'text', text: 'city not found' }] },
            { type: 'tool-result', toolCallId: 'b', isError: false, content: [{ type: 'text', text: '18C' }] },
            { type: 'tool-result', toolCallId: 'c', isError: true, content: [] },
          ],
        },
      ],
    }), 'gpt-4o');
    expect((body.messages as unknown[]).slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'a', content: 'Error: city not found' },
      { role: 'tool', tool_call_id: 'b', content: '18C' },
      { role: 'tool', tool_call_id: 'c', content: 'Error' },
    ]);
  });

  it("refuses more stop sequences than OpenAI's 4 as untranslatable, naming stop_sequences", () => {
    const stop = ['a', 'b', 'c', 'd', 'e'];
    let caught: unknown;
    try {
      openaiProviderFormat.buildRequest(request({ stop }), 'gpt-4o');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect(caught).toMatchObject({ status: 400, code: 'untranslatable_content', param: 'stop_sequences' });
    expect((caught as GatewayError).message).toMatch(/'stop_sequences'.*at most 4 .*has 5/);
    expect(openaiProviderFormat.buildRequest(request({ stop: stop.slice(0, 4) }), 'gpt-4o').stop).toEqual(['a', 'b', 'c', 'd']);
    // OpenAI-compatible servers (vLLM, Ollama…) set no such limit.
    expect(openaiCompatibleProviderFormat.buildRequest(request({ stop }), 'llama3.2').stop).toEqual(stop);
  });

  it('sends no reasoning_effort for a bare token budget', () => {
    expect(openaiProviderFormat.buildRequest(request({ thinking: { budgetTokens: 4000 } }), 'gpt-4o')).not.toHaveProperty('reasoning_effort');
  });
});
