import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../canonical/types';
import { DEFAULT_MAX_TOKENS, DEFAULT_THINKING_MAX_TOKENS, EFFORT_BUDGETS, buildAnthropicRequest } from './build-request';

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'alias',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  streamUsage: false,
  ...over,
});
const LEGACY = 'claude-sonnet-4-5-20250929';
const CURRENT = 'claude-opus-5';

describe('buildAnthropicRequest', () => {
  it('builds a minimal body with the default max_tokens', () => {
    expect(buildAnthropicRequest(request(), LEGACY)).toEqual({
      model: LEGACY,
      max_tokens: DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it("asks an older model for no more output than it takes when the client set no max_tokens", () => {
    const maxTokens = (model: string, over: Partial<ChatRequest> = {}): unknown => buildAnthropicRequest(request(over), model).max_tokens;
    expect(maxTokens('claude-3-haiku-20240307')).toBe(4096);
    expect(maxTokens('claude-3-opus-latest')).toBe(4096);
    expect(maxTokens('claude-2.1')).toBe(4096);
    expect(maxTokens('claude-3-5-haiku-20241022')).toBe(8192);
    expect(maxTokens('claude-3-7-sonnet-latest')).toBe(DEFAULT_MAX_TOKENS);
    expect(maxTokens('claude-haiku-4-5')).toBe(DEFAULT_MAX_TOKENS);
    // Other vendors' models behind an Anthropic-compatible URL keep the default.
    expect(maxTokens('glm-4.6')).toBe(DEFAULT_MAX_TOKENS);
    // The client's own value is sent as it is, even above the model's cap: the provider says no.
    expect(maxTokens('claude-3-haiku-20240307', { maxTokens: 6000 })).toBe(6000);
  });

  it('asks a model that cannot think (before Claude 3.7) without thinking, within its output cap', () => {
    for (const [model, cap] of [['claude-3-haiku-20240307', 4096], ['claude-3-5-haiku-20241022', 8192]] as const) {
      const body = buildAnthropicRequest(request({ thinking: { effort: 'low' } }), model);
      expect(body.max_tokens).toBe(cap);
      expect(body).not.toHaveProperty('thinking');
    }
    // Claude 3.7 thinks, with a budget under max_tokens.
    expect(buildAnthropicRequest(request({ thinking: { effort: 'low' } }), 'claude-3-7-sonnet-latest')).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: EFFORT_BUDGETS.low },
    });
  });

  it('sends system parts with cache_control, and maps stop, user and stream', () => {
    const body = buildAnthropicRequest(
      request({ system: [{ type: 'text', text: 'Rules', cacheControl: { type: 'ephemeral', ttl: '1h' } }], stop: ['END'], user: 'u1', stream: true, maxTokens: 500 }),
      LEGACY,
    );
    expect(body).toMatchObject({
      max_tokens: 500,
      system: [{ type: 'text', text: 'Rules', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      stop_sequences: ['END'],
      metadata: { user_id: 'u1' },
      stream: true,
    });
  });

  it('merges consecutive same-role turns, puts tool results first and drops empty turns', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      { role: 'assistant', content: [{ type: 'thinking', text: 'from another provider' }] },
      { role: 'assistant', content: [{ type: 'text', text: '' }, { type: 'tool-call', id: 'call_1', name: 'w', arguments: '{"c":"P"}' }] },
      { role: 'user', content: [{ type: 'text', text: 'and hurry' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: '18C' }], isError: true }] },
    ];
    expect(buildAnthropicRequest(request({ messages }), LEGACY).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'w', input: { c: 'P' } }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: '18C' }], is_error: true },
          { type: 'text', text: 'and hurry' },
        ],
      },
    ]);
  });

  it("rewrites tool ids Anthropic refuses (Kimi's functions.Bash:0) the same way in a call and its result", () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'List files' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'functions.Bash:0', name: 'Bash', arguments: '{"command":"ls"}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'functions.Bash:0', content: [{ type: 'text', text: 'a.txt' }] }] },
    ];
    const [, call, result] = buildAnthropicRequest(request({ messages }), LEGACY).messages as Array<{ content: Array<Record<string, unknown>> }>;
    expect(call?.content[0]?.id).toBe('functions_Bash_0');
    expect(result?.content[0]?.tool_use_id).toBe('functions_Bash_0');
  });

  it('keeps signed thinking and redacted thinking on assistant turns only', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'thinking', text: 'odd', signature: 's0' }, { type: 'text', text: 'Q' }] },
      { role: 'assistant', content: [{ type: 'thinking', text: 'plan', signature: 's1' }, { type: 'redacted-thinking', data: 'x' }, { type: 'text', text: 'A' }] },
    ];
    expect(buildAnthropicRequest(request({ messages }), LEGACY).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Q' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'plan', signature: 's1' }, { type: 'redacted_thinking', data: 'x' }, { type: 'text', text: 'A' }] },
    ]);
  });

  it("leaves out Gemini's signed thoughts, which Claude would refuse (a Gemini client's history moved to Claude)", () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Q' }] },
      { role: 'assistant', content: [{ type: 'thinking', text: '', signature: 'gemini:CiQB0e2K' }, { type: 'tool-call', id: 'call_1', name: 'ls', arguments: '{}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'a.txt' }] }] },
    ];
    const sent = buildAnthropicRequest(request({ messages, thinking: { effort: 'high' } }), 'claude-sonnet-4-5');
    expect((sent.messages as Array<{ content: Array<{ type: string }> }>)[1]?.content.map((block) => block.type)).toEqual(['tool_use']);
    // Without its opening thinking block, the tool turn would make thinking a 400: it is off.
    expect(sent.thinking).toBeUndefined();
  });

  it('sends images as base64 (also from data URLs) or url sources', () => {
    const messages: ChatMessage[] = [
      {
        role: 'user',
        content: [
          { type: 'image', source: { kind: 'url', url: 'data:image/jpeg;base64,/9j/4AAQ' } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' }, cacheControl: { type: 'ephemeral' } },
        ],
      },
    ];
    expect(buildAnthropicRequest(request({ messages }), LEGACY).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBO' }, cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
  });

  it('sends strict tools to models with structured outputs only, since older ones refuse them', () => {
    const tools = [{ name: 'w', parameters: { type: 'object' }, strict: true }];
    expect(buildAnthropicRequest(request({ tools }), LEGACY).tools).toEqual([{ name: 'w', input_schema: { type: 'object' }, strict: true }]);
    expect(buildAnthropicRequest(request({ tools }), 'claude-sonnet-4-20250514').tools).toEqual([{ name: 'w', input_schema: { type: 'object' } }]);
  });

  it('maps tools and every tool choice, with parallelToolCalls=false as disable_parallel_tool_use', () => {
    const tools = [{ name: 'w', description: 'Weather', parameters: { properties: { c: { type: 'string' } } }, cacheControl: { type: 'ephemeral' as const } }];
    const body = (over: Partial<ChatRequest>) => buildAnthropicRequest(request({ tools, ...over }), LEGACY);
    expect(body({}).tools).toEqual([
      { name: 'w', description: 'Weather', input_schema: { type: 'object', properties: { c: { type: 'string' } } }, cache_control: { type: 'ephemeral' } },
    ]);
    expect(body({}).tool_choice).toBeUndefined();
    expect(body({ toolChoice: { type: 'required' } }).tool_choice).toEqual({ type: 'any' });
    expect(body({ toolChoice: { type: 'none' } }).tool_choice).toEqual({ type: 'none' });
    expect(body({ toolChoice: { type: 'tool', name: 'w' }, parallelToolCalls: false }).tool_choice).toEqual({ type: 'tool', name: 'w', disable_parallel_tool_use: true });
    expect(body({ parallelToolCalls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(buildAnthropicRequest(request({ toolChoice: { type: 'required' } }), LEGACY).tool_choice).toBeUndefined();
  });

  describe('thinking', () => {
    it('maps an effort to a budget, with max_tokens leaving room for the answer', () => {
      expect(buildAnthropicRequest(request({ thinking: { effort: 'high' } }), LEGACY)).toMatchObject({
        thinking: { type: 'enabled', budget_tokens: EFFORT_BUDGETS.high },
        max_tokens: EFFORT_BUDGETS.high + DEFAULT_MAX_TOKENS,
      });
    });

    it("asks Opus 4.1 for no more than its 32000 when an effort's budget plus the answer would be more", () => {
      const body = buildAnthropicRequest(request({ thinking: { effort: 'high' } }), 'claude-opus-4-1-20250805');
      expect(body).toMatchObject({ max_tokens: 32000, thinking: { type: 'enabled', budget_tokens: EFFORT_BUDGETS.high } });
    });

    it("fits the budget under the caller's max_tokens, and drops thinking when under 1024 tokens fit", () => {
      expect(buildAnthropicRequest(request({ thinking: { budgetTokens: 10_000 }, maxTokens: 4000 }), LEGACY)).toMatchObject({
        thinking: { type: 'enabled', budget_tokens: 3999 },
        max_tokens: 4000,
      });
      const small = buildAnthropicRequest(request({ thinking: { effort: 'low' }, maxTokens: 800 }), LEGACY);
      expect(small.thinking).toBeUndefined();
      expect(small.max_tokens).toBe(800);
    });

    it('uses adaptive thinking and output_config.effort on models that require it', () => {
      expect(buildAnthropicRequest(request({ thinking: { effort: 'minimal' } }), CURRENT)).toMatchObject({
        thinking: { type: 'adaptive' },
        output_config: { effort: 'low' },
        max_tokens: DEFAULT_THINKING_MAX_TOKENS,
      });
      expect(buildAnthropicRequest(request({ thinking: { budgetTokens: 32_000 } }), 'claude-sonnet-4-6').output_config).toEqual({ effort: 'high' });
      expect(buildAnthropicRequest(request({ thinking: {} }), CURRENT).output_config).toBeUndefined();
    });

    it('leaves thinking off with a forced tool choice or after tool calls made without thinking', () => {
      const tools = [{ name: 'w', parameters: { type: 'object' } }];
      expect(buildAnthropicRequest(request({ tools, toolChoice: { type: 'required' }, thinking: { effort: 'high' } }), LEGACY).thinking).toBeUndefined();
      const messages: ChatMessage[] = [
        { role: 'user', content: [{ type: 'text', text: 'Q' }] },
        { role: 'assistant', content: [{ type: 'thinking', text: 'unsigned' }, { type: 'tool-call', id: 'c', name: 'w', arguments: '{}' }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c', content: [{ type: 'text', text: 'r' }] }] },
      ];
      expect(buildAnthropicRequest(request({ tools, messages, thinking: { effort: 'high' } }), LEGACY).thinking).toBeUndefined();
      const signed = messages.map((m) => (m.role === 'assistant' ? { ...m, content: [{ type: 'thinking' as const, text: 't', signature: 's' }, ...m.content.slice(1)] } : m));
      expect(buildAnthropicRequest(request({ tools, messages: signed, thinking: { effort: 'high' } }), LEGACY).thinking).toEqual({ type: 'enabled', budget_tokens: EFFORT_BUDGETS.high });
    });
  });

  describe('response_format', () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'], additionalProperties: false };

    it('uses structured outputs for json_schema on models that have them', () => {
      const body = buildAnthropicRequest(request({ responseFormat: { type: 'json_schema', name: 'x', schema } }), LEGACY);
      expect(body.output_config).toEqual({ format: { type: 'json_schema', schema } });
      expect(body.system).toBeUndefined();
    });

    it('falls back to a system instruction for json_object and for older models', () => {
      const jsonObject = buildAnthropicRequest(request({ system: [{ type: 'text', text: 'Be nice.' }], responseFormat: { type: 'json_object' } }), LEGACY);
      expect(jsonObject.system).toEqual([
        { type: 'text', text: 'Be nice.' },
        { type: 'text', text: expect.stringContaining('single valid JSON object') },
      ]);
      const older = buildAnthropicRequest(request({ responseFormat: { type: 'json_schema', name: 'x', schema } }), 'claude-3-5-sonnet-20241022');
      expect(older.output_config).toBeUndefined();
      expect(JSON.stringify(older.system)).toContain('additionalProperties');
    });
  });

  describe('sampling parameters', () => {
    const sampled = request({ temperature: 1.5, topP: 0.9, topK: 20 });

    it('sends them for API version 2023-06-01 to models that take them, clamping temperature and never with top_p', () => {
      expect(buildAnthropicRequest(sampled, LEGACY, '2023-06-01')).toMatchObject({ temperature: 1, top_k: 20 });
      expect(buildAnthropicRequest(sampled, LEGACY, '2023-06-01').top_p).toBeUndefined();
      expect(buildAnthropicRequest(request({ topP: 0.9 }), LEGACY, '2023-06-01').top_p).toBe(0.9);
    });

    it('leaves them out for 2026-10-21, for Claude 4.7 and later, and while thinking', () => {
      const keys = (body: Record<string, unknown>) => ['temperature', 'top_p', 'top_k'].filter((k) => k in body);
      expect(keys(buildAnthropicRequest(sampled, LEGACY, '2026-10-21'))).toEqual([]);
      expect(keys(buildAnthropicRequest(sampled, 'claude-opus-4-7', '2023-06-01'))).toEqual([]);
      expect(keys(buildAnthropicRequest({ ...sampled, topP: 0.97, temperature: undefined, thinking: { effort: 'low' } }, LEGACY, '2023-06-01'))).toEqual(['top_p']);
    });
  });
});
