import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types';
import { SseDecoder } from '../../sse/decoder';
import { buildAnthropicRequest } from './build-request';
import { parseAnthropicRequest } from './parse-request';
import { parseAnthropicResponse } from './parse-response';
import { renderAnthropicResponse } from './render-response';
import { AnthropicStreamParser } from './stream-parser';
import { AnthropicStreamRenderer } from './stream-renderer';

const MODEL = 'claude-sonnet-4-5-20250929';

describe('Anthropic → canonical → Anthropic', () => {
  it('rebuilds a rich request body unchanged', () => {
    const body = {
      model: MODEL,
      max_tokens: 4096,
      // Longer-lived markers first, as Anthropic requires (cache-breakpoints.ts).
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'text', text: 'What is in this image, and what is the weather in Paris?' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Two questions.', signature: 'sig-1' },
            { type: 'text', text: 'A cat. Checking the weather.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris', units: ['c'] } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '18°C' }], cache_control: { type: 'ephemeral' } },
          ],
        },
      ],
      tools: [{ name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      stop_sequences: ['\n\nHuman:'],
      thinking: { type: 'enabled', budget_tokens: 2048 },
      metadata: { user_id: 'user-7' },
      stream: true,
    };
    expect(buildAnthropicRequest(parseAnthropicRequest(body), MODEL)).toEqual(body);
  });

  it('renders a parsed message back to the same message', () => {
    const message = {
      id: 'msg_01',
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [
        { type: 'thinking', thinking: 'Hmm.', signature: 'sig' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_9', name: 'lookup', input: { q: 'x', n: 2 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 31, output_tokens: 40, cache_creation_input_tokens: 7, cache_read_input_tokens: 1000 },
    };
    expect(renderAnthropicResponse(parseAnthropicResponse(message), { model: MODEL, created: 0, includeUsage: true })).toEqual(message);
  });

  it('re-renders an upstream stream as the same events and deltas', () => {
    const start = { id: 'msg_1', type: 'message', role: 'assistant', model: MODEL, content: [], stop_reason: null, stop_sequence: null };
    const startUsage = { input_tokens: 50, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const frames = [
      { type: 'message_start', message: { ...start, usage: { ...startUsage, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Think.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'On it.' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"a":' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '1}' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 50, output_tokens: 33, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } },
      { type: 'message_stop' },
    ];
    const parser = new AnthropicStreamParser();
    const renderer = new AnthropicStreamRenderer({ model: MODEL, created: 0, includeUsage: true });
    const events: StreamEvent[] = frames.flatMap((f) => parser.push({ event: f.type, data: JSON.stringify(f) }));
    const text = events.map((e) => renderer.push(e)).join('') + renderer.end();
    const rendered = new SseDecoder().push(text).map((e) => JSON.parse(e.data) as unknown);
    // message_start's output count is Anthropic's placeholder; the final count is in message_delta.
    const expected = [{ type: 'message_start', message: { ...start, usage: { ...startUsage, output_tokens: 0 } } }, ...frames.slice(1)];
    expect(rendered).toEqual(expected);
  });
});
