import { describe, expect, it } from 'vitest';
import { answerText } from './answer-text';

const sse = (...events: unknown[]): string => events.map((event) => `data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`).join('');

describe('what an answer said, as text', () => {
  it('reads a JSON answer of each shape, tool calls as name(arguments) lines', () => {
    expect(answerText('chat', { choices: [{ message: { content: 'Hi', tool_calls: [{ function: { name: 'f', arguments: '{"a":1}' } }] } }] })).toBe('Hi\n→ f({"a":1})');
    expect(answerText('messages', { content: [{ type: 'thinking', thinking: 'hmm' }, { type: 'text', text: 'Hello' }, { type: 'tool_use', id: 'toolu_1', name: 'g', input: { b: 2 } }] })).toBe('Hello\n→ g({"b":2})');
    expect(answerText('responses', { object: 'response', output: [{ type: 'reasoning' }, { type: 'message', content: [{ type: 'output_text', text: 'Yo' }] }, { type: 'function_call', name: 'h', arguments: '{}' }] })).toBe('Yo\n→ h({})');
    expect(answerText('chat', { choices: [{ message: { content: '' } }] })).toBeUndefined();
  });

  it('reads a logged body: JSON, or nothing when it was cut', () => {
    expect(answerText('chat', '{"choices":[{"message":{"content":"whole"}}]}')).toBe('whole');
    expect(answerText('chat', '{"choices":[{"message":{"content":"cu…[truncated 40 chars]')).toBeUndefined();
  });

  it('reads a logged Chat Completions stream, tool-call pieces joined per call', () => {
    const body = sse(
      { choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' } }] },
      { choices: [{ index: 0, delta: { content: 'lo' } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { name: 'get_weather', arguments: '{"ci' } }] } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } }] } }] },
      { choices: [], usage: { prompt_tokens: 3 } },
      '[DONE]',
    );
    expect(answerText('chat', body)).toBe('Hello\n→ get_weather({"city":"Paris"})');
  });

  it('reads logged Anthropic and Responses streams, and what was kept of a cut one', () => {
    const messages = sse(
      { type: 'message_start', message: {} },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Bon' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'jour' } },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_2', name: 'look', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"q":1}' } },
    );
    expect(answerText('messages', messages)).toBe('Bonjour\n→ look({"q":1})');
    const responses = sse(
      { type: 'response.output_text.delta', output_index: 0, delta: 'Ciao' },
      { type: 'response.output_item.added', output_index: 1, item: { type: 'function_call', name: 'act' } },
      { type: 'response.function_call_arguments.delta', output_index: 1, delta: '{}' },
    );
    expect(answerText('responses', responses)).toBe('Ciao\n→ act({})');
    expect(answerText('messages', `${messages.slice(0, 120)}…[truncated 300 chars]`)).toBeUndefined();
    expect(answerText('chat', `${sse({ choices: [{ delta: { content: 'kept' } }] })}data: {"choi…[truncated 99 chars]`)).toBe('kept');
  });
});
