import { describe, expect, it } from 'vitest';
import { commonChatRequest } from './common-request';
import { chatRequestSchema } from './request-schema';

const chat = (extra: Record<string, unknown> = {}, messages: unknown[] = [{ role: 'user', content: 'Hi' }]) => ({ model: 'gpt-4o-mini', messages, ...extra });

/** [name, body, taken by hand?] */
const bodies: Array<[string, unknown, boolean]> = [
  ['a user message', chat(), true],
  ['system, developer, user and assistant text with names', chat({}, [
    { role: 'system', content: 'Be brief.' },
    { role: 'developer', content: 'No emojis.', name: null },
    { role: 'user', content: 'Hi', name: 'bob' },
    { role: 'assistant', content: 'Hello.', tool_calls: null, refusal: null },
    { role: 'user', content: '' },
  ]), true],
  ['plain options at their bounds, nulls and unknown fields', chat({ max_tokens: 1, max_completion_tokens: null, temperature: 2, top_p: 0, seed: -3, frequency_penalty: -2, presence_penalty: 2, stream: true, stream_options: { include_usage: true, extra: 1 }, user: 'u', metadata: { team: 'a' }, n: 1, parallel_tool_calls: false, reasoning_effort: null, logit_bias: { 50256: -100 } }), true],
  ['an empty model', chat({ model: '' }), false],
  ['no messages', chat({}, []), false],
  ['content parts', chat({}, [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]), false],
  ['a tool message', chat({}, [{ role: 'tool', tool_call_id: 'c', content: 'x' }]), false],
  ['an assistant tool call', chat({}, [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }]), false],
  ['an unknown role', chat({}, [{ role: 'robot', content: 'x' }]), false],
  ['a numeric name', chat({}, [{ role: 'user', content: 'x', name: 7 }]), false],
  ['tools', chat({ tools: [{ type: 'function', function: { name: 'f' } }] }), false],
  ['a stop string', chat({ stop: 'END' }), false],
  ['functions, even null', chat({ functions: null }), false],
  ['a reasoning effort', chat({ reasoning_effort: 'high' }), false],
  ['max_tokens 0', chat({ max_tokens: 0 }), false],
  ['a fractional max_tokens', chat({ max_tokens: 1.5 }), false],
  ['an unsafe integer max_tokens', chat({ max_tokens: 2 ** 60 }), false],
  ['temperature 2.5', chat({ temperature: 2.5 }), false],
  ['a string temperature', chat({ temperature: '1' }), false],
  ['stream "yes"', chat({ stream: 'yes' }), false],
  ['a numeric metadata value', chat({ metadata: { a: 1 } }), false],
  ['n 0', chat({ n: 0 }), false],
  ['logprobs with top_logprobs, and their unset forms', chat({ logprobs: true, top_logprobs: 0, n: null }), true],
  ['logprobs null and top_logprobs null', chat({ logprobs: null, top_logprobs: null }), true],
  ['a string logprobs', chat({ logprobs: 'yes' }), false],
  ['a fractional top_logprobs', chat({ top_logprobs: 1.5 }), false],
  ['a negative top_logprobs', chat({ top_logprobs: -1 }), false],
  ['a custom tool', chat({ tools: [{ type: 'custom', custom: { name: 'code_exec' } }] }), false],
  ['an allowed_tools choice', chat({ tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [] } } }), false],
  ['an assistant custom tool call', chat({}, [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'custom', custom: { name: 'f', input: 'x' } }] }]), false],
  ['an array body', [chat()], false],
];

describe('commonChatRequest', () => {
  it.each(bodies)('%s: taken by hand only when the schema accepts it too', (_name, body, taken) => {
    const byHand = commonChatRequest(body);
    expect(byHand !== undefined).toBe(taken);
    if (byHand !== undefined) {
      const bySchema = chatRequestSchema.safeParse(body);
      expect(bySchema.success).toBe(true);
      // What the pipeline reads is the same: the schema strips unknown message fields, nothing else.
      expect(byHand).toMatchObject(bySchema.data ?? {});
    }
  });
});
