/**
 * Tool calls on Gemini routes, the whole loop: calls from Gemini reach the client, the client's
 * results go back as functionResponse parts Gemini can pair with its calls.
 */
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness();
  ({ openai } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const weather: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('OpenAI SDK → Gemini 3, parallel calls of one function', () => {
  it('gives each result back with the id of the call it answers, by which Gemini 3 pairs them', async () => {
    h.gemini.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' } }, { name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const ask: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'weather in Rome and Oslo?' };
    const model = 'gemini/gemini-3-pro-preview';
    const first = await openai.chat.completions.stream({ model, tools: [weather], messages: [ask] }).finalChatCompletion();
    const calls = (first.choices[0]?.message.tool_calls ?? []).flatMap((call) => (call.type === 'function' ? [call] : []));
    expect(calls.map((call) => call.function.arguments)).toEqual(['{"city":"Rome"}', '{"city":"Oslo"}']);

    await openai.chat.completions.create({
      model,
      tools: [weather],
      messages: [
        ask,
        { role: 'assistant', content: null, tool_calls: calls },
        // Answered in the other order: only the ids tell which result is Oslo's.
        { role: 'tool', tool_call_id: calls[1]?.id ?? '', content: '-3°C' },
        { role: 'tool', tool_call_id: calls[0]?.id ?? '', content: '21°C' },
      ],
    });
    type Part = { functionCall?: { id?: string; args: unknown }; functionResponse?: { id?: string; response: unknown } };
    const sent = h.gemini.requests.at(-1)?.body as { contents: Array<{ parts: Part[] }> };
    const callIds = sent.contents[1]?.parts.map((part) => part.functionCall?.id);
    expect(callIds).toEqual(calls.map((call) => call.id));
    expect(sent.contents[2]?.parts.map((part) => [part.functionResponse?.id, part.functionResponse?.response])).toEqual([
      [calls[1]?.id, { content: '-3°C' }],
      [calls[0]?.id, { content: '21°C' }],
    ]);
  });
});
