import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error';
import { inspectChatRequest, parseChatRequest } from './parse-request';

const base = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] };

/** The GatewayError a bad body produces. */
function rejection(body: unknown): GatewayError {
  try {
    parseChatRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

describe('parseChatRequest: messages', () => {
  it('folds system and developer messages, wherever they appear, into system in order', () => {
    const req = parseChatRequest({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric.' }] },
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'Late rule.' },
      ],
    });
    expect(req.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Use metric.' },
      { type: 'text', text: 'Late rule.' },
    ]);
    expect(req.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
  });

  it('converts user text and image parts; data URLs become base64, http URLs stay URLs', () => {
    const req = parseChatRequest({
      model: 'm',
      messages: [{
        role: 'user',
        name: 'ann',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      }],
    });
    expect(req.messages[0]).toEqual({
      role: 'user',
      name: 'ann',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      ],
    });
  });

  it('turns assistant tool_calls into tool-call parts and tool messages into one user turn of results', () => {
    const req = parseChatRequest({
      model: 'm',
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: '18C' },
        { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: '24C' }] },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(req.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', id: 'call_a', name: 'weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_b', name: 'weather', arguments: '{"city":"Rome"}' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool-result', toolCallId: 'call_a', name: 'weather', content: [{ type: 'text', text: '18C' }] },
          { type: 'tool-result', toolCallId: 'call_b', name: 'weather', content: [{ type: 'text', text: '24C' }] },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
  });

  it('keeps assistant text and ignores refusal parts', () => {
    const req = parseChatRequest({
      model: 'm',
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: [{ type: 'text', text: 'Sure.' }, { type: 'refusal', refusal: 'No.' }] },
      ],
    });
    expect(req.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Sure.' }] });
  });

  it('maps a legacy function_call and its function answer to a matched tool call and result', () => {
    const req = parseChatRequest({
      model: 'm',
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{}' } },
        { role: 'function', name: 'lookup', content: 'found' },
      ],
    });
    expect(req.messages[1]?.content).toEqual([{ type: 'tool-call', id: 'call_fn_1', name: 'lookup', arguments: '{}' }]);
    expect(req.messages[2]?.content).toEqual([
      { type: 'tool-result', toolCallId: 'call_fn_1', name: 'lookup', content: [{ type: 'text', text: 'found' }] },
    ]);
  });
});

describe('parseChatRequest: prompt-cache markers', () => {
  it('keeps cache_control on system, user and assistant text and on images, as LiteLLM and OpenRouter read it', () => {
    const request = parseChatRequest({
      model: 'claude',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'long rules', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look', cache_control: { type: 'ephemeral' } },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png' }, cache_control: { type: 'ephemeral' } },
            { type: 'text', text: 'plain', cache_control: null },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'seen', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'text', text: 'odd', cache_control: { type: 'persistent' } }] },
      ],
    });
    expect(request.system).toEqual([{ type: 'text', text: 'long rules', cacheControl: { type: 'ephemeral', ttl: '1h' } }]);
    expect(request.messages[0]?.content).toEqual([
      { type: 'text', text: 'look', cacheControl: { type: 'ephemeral' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' }, cacheControl: { type: 'ephemeral' } },
      { type: 'text', text: 'plain' },
    ]);
    expect(request.messages[1]?.content).toEqual([{ type: 'text', text: 'seen', cacheControl: { type: 'ephemeral' } }]);
    // Only "ephemeral" means something; another type is no marker.
    expect(request.messages[2]?.content).toEqual([{ type: 'text', text: 'odd' }]);
  });

  it('takes any cache_control without refusing the request, keeping only what Anthropic would take', () => {
    const request = parseChatRequest({
      model: 'claude',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a', cache_control: 'ephemeral' },
            { type: 'text', text: 'b', cache_control: { type: 'ephemeral', ttl: 300 } },
            { type: 'text', text: 'c', cache_control: { type: 'ephemeral', ttl: '10m' } },
            { type: 'text', text: 'd', cache_control: { type: 'ephemeral', ttl: '5m' } },
          ],
        },
      ],
    });
    expect(request.messages[0]?.content).toEqual([
      { type: 'text', text: 'a' },
      { type: 'text', text: 'b', cacheControl: { type: 'ephemeral' } },
      { type: 'text', text: 'c', cacheControl: { type: 'ephemeral' } },
      { type: 'text', text: 'd', cacheControl: { type: 'ephemeral', ttl: '5m' } },
    ]);
  });
});

describe('parseChatRequest: parameters', () => {
  it('maps every supported sampling and output parameter', () => {
    const req = parseChatRequest({
      ...base,
      max_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      seed: 7,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      user: 'u-1',
      metadata: { tier: 'free' },
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: 'low',
      logprobs: false, // unknown to the canonical shape: allowed and ignored
    });
    expect(req).toEqual({
      model: 'gpt-4o-mini',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      maxTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      stop: ['END'],
      seed: 7,
      frequencyPenalty: 0.5,
      presencePenalty: -0.5,
      user: 'u-1',
      metadata: { tier: 'free' },
      stream: true,
      streamUsage: true,
      thinking: { effort: 'low' },
    });
  });

  it('prefers max_completion_tokens over max_tokens and treats nulls as unset', () => {
    const req = parseChatRequest({ ...base, max_tokens: 10, max_completion_tokens: 20, temperature: null, stop: null });
    expect(req.maxTokens).toBe(20);
    expect(req).not.toHaveProperty('temperature');
    expect(req).not.toHaveProperty('stop');
  });

  it('reports streamUsage only for a stream that asked for it', () => {
    expect(parseChatRequest({ ...base, stream: true }).streamUsage).toBe(false);
    expect(parseChatRequest({ ...base, stream_options: { include_usage: true } }).streamUsage).toBe(false);
  });

  it('maps tools, tool_choice and parallel_tool_calls', () => {
    const req = parseChatRequest({
      ...base,
      tools: [
        { type: 'function', function: { name: 'weather', description: 'Get weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } },
        { type: 'function', function: { name: 'now' } },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      parallel_tool_calls: false,
    });
    expect(req.tools).toEqual([
      { name: 'weather', description: 'Get weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
      { name: 'now', parameters: { type: 'object', properties: {} } },
    ]);
    expect(req.toolChoice).toEqual({ type: 'tool', name: 'weather' });
    expect(req.parallelToolCalls).toBe(false);
    expect(parseChatRequest({ ...base, tool_choice: 'required' }).toolChoice).toEqual({ type: 'required' });
  });

  it('maps response_format variants', () => {
    expect(parseChatRequest({ ...base, response_format: { type: 'json_object' } }).responseFormat).toEqual({ type: 'json_object' });
    const schema = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] };
    expect(parseChatRequest({
      ...base,
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema, strict: true, description: 'd' } },
    }).responseFormat).toEqual({ type: 'json_schema', name: 'out', schema, strict: true, description: 'd' });
  });

  it("maps reasoning_effort 'none' to no thinking and caps 'xhigh' at high", () => {
    expect(parseChatRequest({ ...base, reasoning_effort: 'none' })).not.toHaveProperty('thinking');
    expect(parseChatRequest({ ...base, reasoning_effort: 'xhigh' }).thinking).toEqual({ effort: 'high' });
  });
});

describe('parseChatRequest: rejections name the exact field', () => {
  it.each([
    ['a missing model', { messages: base.messages }, 'model'],
    ['no messages', { model: 'm', messages: [] }, 'messages'],
    ['a numeric user content', { model: 'm', messages: [{ role: 'user', content: 5 }] }, 'messages.0.content'],
    ['a missing user content', { model: 'm', messages: [{ role: 'user' }] }, 'messages.0.content'],
    ['a bad text part', { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] }, 'messages.0.content.0.text'],
    ['an unknown part type', { model: 'm', messages: [{ role: 'user', content: [{ type: 'video' }] }] }, 'messages.0.content.0.type'],
    ['an unknown role', { model: 'm', messages: [base.messages[0], { role: 'robot', content: 'x' }] }, 'messages.1.role'],
    ['a tool message without its call id', { model: 'm', messages: [{ role: 'tool', content: 'x' }] }, 'messages.0.tool_call_id'],
    ['a temperature out of range', { ...base, temperature: 3 }, 'temperature'],
    ['a bad tool_choice', { ...base, tool_choice: 'sometimes' }, 'tool_choice'],
    ['a tool without a name', { ...base, tools: [{ type: 'function', function: {} }] }, 'tools.0.function.name'],
  ])('rejects %s', (_label, body, param) => {
    const error = rejection(body);
    expect(error.status).toBe(400);
    expect(error.kind).toBe('invalid_request');
    expect(error.param).toBe(param);
    expect(error.message).toContain(`'${param}'`);
  });

  it('explains a wrong content type in words', () => {
    expect(rejection({ model: 'm', messages: [{ role: 'user', content: 5 }] }).message)
      .toBe("Invalid 'messages.0.content': expected a string or an array of content parts, received number");
  });

  it.each([
    ['a missing field', { model: 'm' }, "Invalid 'messages': required field is missing (expected array)"],
    ['a wrongly typed stop', { ...base, stop: 5 }, "Invalid 'stop': expected a string or an array of strings, received number"],
    [
      'a tool schema that is not an object',
      { ...base, tools: [{ type: 'function', function: { name: 'f', parameters: [] } }] },
      "Invalid 'tools.0.function.parameters': expected record, received array",
    ],
    [
      'a response schema that is not an object',
      { ...base, response_format: { type: 'json_schema', json_schema: { name: 'n', schema: 'x' } } },
      "Invalid 'response_format.json_schema.schema': expected record, received string",
    ],
  ])('words %s exactly', (_label, body, message) => {
    expect(rejection(body).message).toBe(message);
  });

  it('refuses n > 1 naming n', () => {
    const error = rejection({ ...base, n: 2 });
    expect(error.param).toBe('n');
    expect(error.message).toMatch(/n > 1 is not supported/);
  });

  it('refuses audio and file parts as untranslatable', () => {
    const audio = rejection({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }] });
    expect(audio.param).toBe('messages.0.content.1');
    expect(audio.message).toMatch(/audio input parts cannot be translated/);
    const file = rejection({ model: 'm', messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'f' } }] }] });
    expect(file.param).toBe('messages.0.content.0');
  });

  it('refuses non-base64 data URLs and non-http image URLs', () => {
    const body = (url: string): unknown => ({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] });
    expect(rejection(body('data:image/svg+xml,<svg/>')).param).toBe('messages.0.content.0.image_url.url');
    expect(rejection(body('file:///etc/passwd')).param).toBe('messages.0.content.0.image_url.url');
  });

  it('refuses logprobs and top_logprobs as untranslatable rather than answering without them', () => {
    const logprobs = rejection({ ...base, logprobs: true, top_logprobs: 3 });
    expect(logprobs.code).toBe('untranslatable_content');
    expect(logprobs.param).toBe('logprobs');
    expect(logprobs.message).toContain("'logprobs'");
    expect(rejection({ ...base, top_logprobs: 2 }).param).toBe('top_logprobs');
    expect(parseChatRequest({ ...base, logprobs: false, top_logprobs: 0 }).messages).toHaveLength(1);
    expect(parseChatRequest({ ...base, logprobs: null, top_logprobs: null }).messages).toHaveLength(1);
  });

  it('refuses custom tools, their calls and custom or allowed_tools choices as untranslatable, naming the field', () => {
    const customTool = { type: 'custom', custom: { name: 'code_exec', description: 'Runs Python', format: { type: 'grammar', grammar: { syntax: 'lark', definition: 'start: /.+/' } } } };
    const weather = { type: 'function', function: { name: 'weather' } };
    const cases: Array<[unknown, string]> = [
      [{ ...base, tools: [weather, customTool] }, 'tools.1'],
      [{ ...base, tools: [weather], tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [weather] } } }, 'tool_choice'],
      [{ ...base, tools: [customTool], tool_choice: { type: 'custom', custom: { name: 'code_exec' } } }, 'tools.0'],
      [{ ...base, tool_choice: { type: 'custom', custom: { name: 'code_exec' } } }, 'tool_choice'],
      [{
        model: 'm',
        messages: [
          base.messages[0],
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'custom', custom: { name: 'code_exec', input: 'print(1)' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: '1' },
        ],
      }, 'messages.1.tool_calls.0'],
    ];
    for (const [body, param] of cases) {
      const error = rejection(body);
      expect(error.code).toBe('untranslatable_content');
      expect(error.param).toBe(param);
      expect(error.message).toContain(`'${param}'`);
    }
  });

  it('still checks the shape of custom tools and calls', () => {
    expect(rejection({ ...base, tools: [{ type: 'custom', custom: {} }] }).param).toBe('tools.0.custom.name');
    expect(rejection({ ...base, tools: [{ type: 'web_search' }] }).param).toBe('tools.0.type');
    expect(rejection({
      model: 'm',
      messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'custom', custom: { name: 'x', input: 1 } }] }],
    }).param).toBe('messages.0.tool_calls.0.custom.input');
    expect(rejection({ ...base, tool_choice: { type: 'allowed_tools' } }).param).toBe('tool_choice.allowed_tools');
  });

  it('refuses the deprecated functions parameter rather than dropping the tools', () => {
    expect(rejection({ ...base, functions: [{ name: 'f', parameters: {} }] }).param).toBe('functions');
  });

  it('refuses a non-object body', () => {
    expect(rejection('hello').message).toMatch(/^Invalid request body/);
  });
});

describe('inspectChatRequest', () => {
  it('reports what only OpenAI understands instead of refusing it', () => {
    const { request, untranslatable } = inspectChatRequest({
      model: 'gpt',
      n: 2,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'listen' }, { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }],
    });
    expect(untranslatable?.code).toBe('untranslatable_content');
    expect(untranslatable?.param).toBe('n');
    expect(request.messages[0]?.content).toEqual([{ type: 'text', text: 'listen' }]);
  });

  it('accepts GPT-5 custom tools, custom tool calls and allowed_tools, keeping what does translate', () => {
    const { request, untranslatable } = inspectChatRequest({
      model: 'gpt-5',
      messages: [
        { role: 'user', content: 'run it' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'custom', custom: { name: 'code_exec', input: 'print(1)' } },
            { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '1' },
        { role: 'tool', tool_call_id: 'call_2', content: 'sunny' },
      ],
      tools: [{ type: 'custom', custom: { name: 'code_exec' } }, { type: 'function', function: { name: 'weather' } }],
      tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [{ type: 'custom', custom: { name: 'code_exec' } }] } },
    });
    expect(untranslatable?.code).toBe('untranslatable_content');
    expect(untranslatable?.param).toBe('messages.1.tool_calls.0');
    expect(request.tools?.map((tool) => tool.name)).toEqual(['weather']);
    expect(request).not.toHaveProperty('toolChoice');
    expect(request.messages[1]?.content).toEqual([{ type: 'tool-call', id: 'call_2', name: 'weather', arguments: '{}' }]);
  });

  it('reports logprobs, which the fast path for plain requests takes too', () => {
    const { untranslatable } = inspectChatRequest({ ...base, logprobs: true });
    expect(untranslatable?.param).toBe('logprobs');
  });
});
