import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error';
import { inspectAnthropicRequest, parseAnthropicRequest } from './parse-request';

const base = { model: 'claude-sonnet-4-5', max_tokens: 1024 };
const withContent = (content: unknown, role = 'user') => ({ ...base, messages: [{ role, content }] });

/** The GatewayError a parse throws, for asserting its param and code. */
function rejection(body: unknown): GatewayError {
  try {
    parseAnthropicRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('parseAnthropicRequest', () => {
  it('reads a minimal request with string content', () => {
    const request = parseAnthropicRequest(withContent('Hello'));
    expect(request).toEqual({
      model: 'claude-sonnet-4-5',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      maxTokens: 1024,
      stream: false,
      streamUsage: true,
    });
  });

  it('keeps cache_control on text blocks and system blocks, and ignores citations', () => {
    const request = parseAnthropicRequest({
      ...withContent([{ type: 'text', text: 'doc', cache_control: { type: 'ephemeral', ttl: '1h' }, citations: [] }]),
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
    });
    expect(request.system).toEqual([{ type: 'text', text: 'Be brief.', cacheControl: { type: 'ephemeral' } }]);
    expect(request.messages[0]?.content).toEqual([{ type: 'text', text: 'doc', cacheControl: { type: 'ephemeral', ttl: '1h' } }]);
  });

  it('reads base64 and url images', () => {
    const request = parseAnthropicRequest(
      withContent([
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      ]),
    );
    expect(request.messages[0]?.content).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('turns tool_use input into JSON arguments and reads tool_result content and is_error', () => {
    const request = parseAnthropicRequest({
      ...base,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'boom' }], is_error: true },
          ],
        },
      ],
    });
    expect(request.messages[1]?.content).toEqual([{ type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    expect(request.messages[2]?.content).toEqual([
      { type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: '18°C' }] },
      { type: 'tool-result', toolCallId: 'toolu_2', content: [{ type: 'text', text: 'boom' }], isError: true },
    ]);
  });

  it('reads thinking with its signature and redacted thinking', () => {
    const request = parseAnthropicRequest(
      withContent(
        [
          { type: 'thinking', thinking: 'Let me see.', signature: 'sig-1' },
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'text', text: 'Done.' },
        ],
        'assistant',
      ),
    );
    expect(request.messages[0]?.content).toEqual([
      { type: 'thinking', text: 'Let me see.', signature: 'sig-1' },
      { type: 'redacted-thinking', data: 'opaque' },
      { type: 'text', text: 'Done.' },
    ]);
  });

  it('maps tools, tool_choice, stop sequences, sampling, thinking and metadata', () => {
    const request = parseAnthropicRequest({
      ...withContent('hi'),
      tools: [{ name: 'search', description: 'Search', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      metadata: { user_id: 'user-42' },
    });
    expect(request.tools).toEqual([
      { name: 'search', description: 'Search', parameters: { type: 'object', properties: {} }, cacheControl: { type: 'ephemeral' } },
    ]);
    expect(request.toolChoice).toEqual({ type: 'required' });
    expect(request.parallelToolCalls).toBe(false);
    expect(request).toMatchObject({ stop: ['END'], temperature: 0.2, topP: 0.9, topK: 40, stream: true, user: 'user-42' });
    expect(request.thinking).toEqual({ budgetTokens: 2048 });
  });

  it('maps each tool_choice type', () => {
    const choice = (tool_choice: unknown) => parseAnthropicRequest({ ...withContent('hi'), tool_choice }).toolChoice;
    expect(choice({ type: 'auto' })).toEqual({ type: 'auto' });
    expect(choice({ type: 'none' })).toEqual({ type: 'none' });
    expect(choice({ type: 'tool', name: 'search' })).toEqual({ type: 'tool', name: 'search' });
  });

  it('reads adaptive thinking with output_config effort, disabled thinking, and JSON outputs', () => {
    const adaptive = parseAnthropicRequest({ ...withContent('hi'), thinking: { type: 'adaptive', display: 'omitted' }, output_config: { effort: 'max' } });
    expect(adaptive.thinking).toEqual({ effort: 'high' });
    expect(parseAnthropicRequest({ ...withContent('hi'), thinking: { type: 'disabled' } }).thinking).toBeUndefined();
    const json = parseAnthropicRequest({ ...withContent('hi'), output_config: { format: { type: 'json_schema', schema: { type: 'object' } } } });
    expect(json.responseFormat).toEqual({ type: 'json_schema', name: 'response', schema: { type: 'object' }, strict: true });
  });

  it('puts leading system messages into the system prompt and keeps later ones in place as reminders', () => {
    const request = parseAnthropicRequest({
      ...base,
      system: 'Top.',
      messages: [
        { role: 'system', content: 'Also top.' },
        { role: 'user', content: 'Hi' },
        { role: 'system', content: [{ type: 'text', text: 'Be terse now.', cache_control: { type: 'ephemeral' } }] },
        { role: 'assistant', content: 'Ok' },
      ],
    });
    expect(request.system.map((p) => p.text)).toEqual(['Top.', 'Also top.']);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'user', content: [{ type: 'text', text: '<system-reminder>\nBe terse now.\n</system-reminder>', cacheControl: { type: 'ephemeral' } }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Ok' }] },
    ]);
  });

  it('accepts and drops fields it does not translate, as Claude Code sends them', () => {
    const request = parseAnthropicRequest({ ...withContent('hi'), context_management: { edits: [] }, service_tier: 'auto' });
    expect(request.messages).toHaveLength(1);
  });
});

describe('parseAnthropicRequest refusals', () => {
  it('words a missing content and a non-object tool schema as zod does', () => {
    expect(rejection({ ...base, messages: [{ role: 'user' }] }).message).toBe('messages.0.content: Invalid input: expected nonoptional, received undefined');
    expect(rejection({ ...withContent('x'), tools: [{ name: 'f', input_schema: [] }] }).message)
      .toBe('tools.0.input_schema: Invalid input: expected record, received array');
  });

  it.each([
    [{ messages: [{ role: 'user', content: 'x' }], max_tokens: 5 }, 'model'],
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens'],
    [{ ...base, messages: [] }, 'messages'],
    [{ ...base, messages: [{ role: 'tool', content: 'x' }] }, 'messages.0.role'],
    [withContent(42), 'messages.0.content'],
    [withContent([{ type: 'text', text: 'a' }, { type: 'text' }]), 'messages.0.content.1.text'],
    [withContent([{ type: 'image', source: { type: 'base64', media_type: 'image/png' } }]), 'messages.0.content.0.source.data'],
    [withContent([{ type: 'image', source: { type: 'ftp', url: 'x' } }]), 'messages.0.content.0.source.type'],
    [withContent([{ type: 'tool_use', id: 't', input: {} }], 'assistant'), 'messages.0.content.0.name'],
    [withContent([{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 1 }] }]), 'messages.0.content.0.content.0.text'],
    [withContent([{ type: 'hologram' }]), 'messages.0.content.0.type'],
    [{ ...withContent('x'), system: [{ type: 'text', text: 'a' }, { type: 'image' }] }, 'system.1.type'],
    [{ ...withContent('x'), tools: [{ name: 'a' }] }, 'tools.0.input_schema'],
    [{ ...withContent('x'), tool_choice: { type: 'tool' } }, 'tool_choice.name'],
    [{ ...withContent('x'), thinking: { type: 'enabled' } }, 'thinking.budget_tokens'],
    [{ ...withContent('x'), temperature: 3 }, 'temperature'],
    // Shapes the hand-checked fast paths must still send to zod for its error.
    [{ ...base, messages: [{ role: 'user' }] }, 'messages.0.content'],
    [{ ...base, messages: [{ role: 'system' }, { role: 'user', content: 'x' }] }, 'messages.0.content'],
    [withContent(['x']), 'messages.0.content.0'],
    [withContent([{ type: 7 }]), 'messages.0.content.0.type'],
    [{ ...withContent('x'), system: [{ text: 'no type' }] }, 'system.0.type'],
    [{ ...withContent('x'), system: [{ type: 'text', text: 'a', cache_control: { type: 'forever' } }] }, 'system.0.cache_control.type'],
    [{ ...withContent('x'), tools: [{ type: 5, name: 'f', input_schema: {} }] }, 'tools.0.type'],
    [{ ...withContent('x'), tools: [{ name: 'f', input_schema: [] }] }, 'tools.0.input_schema'],
  ])('refuses %j at param %s', (body, param) => {
    const error = rejection(body);
    expect(error.status).toBe(400);
    expect(error.kind).toBe('invalid_request');
    expect(error.param).toBe(param);
    expect(error.message.startsWith(`${param}: `)).toBe(true);
  });

  it.each([
    [withContent([{ type: 'text', text: 'a' }, { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' } }]), 'messages.0.content.1'],
    [withContent([{ type: 'search_result', source: 's', title: 't', content: [] }]), 'messages.0.content.0'],
    [withContent([{ type: 'server_tool_use', id: 's', name: 'web_search', input: {} }], 'assistant'), 'messages.0.content.0'],
    [withContent([{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'document', source: {} }] }]), 'messages.0.content.0.content.0'],
    [withContent([{ type: 'image', source: { type: 'file', file_id: 'file_1' } }]), 'messages.0.content.0.source'],
    [{ ...withContent('x'), tools: [{ name: 'f', input_schema: {} }, { type: 'web_search_20250305', name: 'web_search' }] }, 'tools.1'],
    [{ ...withContent('x'), mcp_servers: [{ type: 'url', url: 'https://mcp.example', name: 'x' }] }, 'mcp_servers'],
  ])('refuses untranslatable content %j at %s', (body, param) => {
    const error = rejection(body);
    expect(error.status).toBe(400);
    expect(error.code).toBe('untranslatable_content');
    expect(error.param).toBe(param);
    expect(error.message).toContain('cannot be translated');
  });

  it('never echoes prompt text in an error', () => {
    const error = rejection(withContent([{ type: 'text', text: 'my secret plan' }, { type: 'text', text: 7 }]));
    expect(error.message).not.toContain('secret');
  });
});

describe('inspectAnthropicRequest', () => {
  it('parses a request with untranslatable content, leaving it out and reporting it', () => {
    const { request, untranslatable } = inspectAnthropicRequest({
      ...withContent([{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' } }, { type: 'text', text: 'Summarise' }]),
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
    });
    expect(request.messages[0]?.content).toEqual([{ type: 'text', text: 'Summarise' }]);
    expect(request.tools).toEqual([]);
    expect(untranslatable?.param).toBe('messages.0.content.0');
  });

  it('reports nothing for a translatable request and still throws for a malformed one', () => {
    expect(inspectAnthropicRequest(withContent('hi')).untranslatable).toBeUndefined();
    expect(() => inspectAnthropicRequest({ ...base, messages: 'hi' })).toThrow(GatewayError);
  });
});
