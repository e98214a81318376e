/**
 * Conversations that one provider began and another carries on (a fallback, a route switched
 * mid-task): what the first provider left in the history must not make the second refuse it.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness();
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const bash: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'Bash', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } },
};

describe('OpenAI SDK → Anthropic, with history from an OpenAI-compatible server', () => {
  it("carries on after tool calls whose ids Anthropic refuses (Kimi's functions.Bash:0), pairing each call with its result", async () => {
    const answer = await openai.chat.completions.create({
      model: 'claude',
      tools: [bash],
      messages: [
        { role: 'user', content: 'list the files' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'functions.Bash:0', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } }] },
        { role: 'tool', tool_call_id: 'functions.Bash:0', content: 'a.txt b.txt' },
      ],
    });
    expect(answer.choices[0]?.message.content).toBe('echo: list the files');
    const sent = h.anthropic.requests.at(-1)?.body as { messages: Array<{ content: Array<Record<string, unknown>> }> };
    expect(sent.messages[1]?.content[0]).toMatchObject({ type: 'tool_use', id: 'functions_Bash_0' });
    expect(sent.messages[2]?.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'functions_Bash_0' });
  });
});

/** An answer's blocks as the client sends them back (Claude Code keeps thinking and tool_use). */
const replayed = (message: Anthropic.Message): Anthropic.ContentBlockParam[] =>
  message.content.flatMap((block): Anthropic.ContentBlockParam[] => {
    if (block.type === 'thinking') return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }];
    if (block.type === 'tool_use') return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
    if (block.type === 'text') return [{ type: 'text', text: block.text }];
    return [];
  });

describe('Anthropic SDK → Claude, with history from Gemini', () => {
  const weather: Anthropic.Tool = { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };
  const thinking = { type: 'enabled', budget_tokens: 1024 } as const;

  it("leaves out the thinking Gemini produced, which Claude refuses, and turns thinking off only while Gemini's tool call is the last", async () => {
    h.gemini.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const ask: Anthropic.MessageParam = { role: 'user', content: 'weather in Oslo?' };
    const fromGemini = await anthropic.messages.create({ model: 'gem', max_tokens: 2000, thinking, tools: [weather], messages: [ask] });
    expect(fromGemini.content.map((block) => block.type)).toEqual(['thinking', 'thinking', 'tool_use']);
    const history: Anthropic.MessageParam[] = [
      ask,
      { role: 'assistant', content: replayed(fromGemini) },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: fromGemini.content[2]?.type === 'tool_use' ? fromGemini.content[2].id : '', content: '-3°C' }] },
    ];

    const fromClaude = await anthropic.messages.create({ model: 'claude', max_tokens: 2000, thinking, tools: [weather], messages: history });
    expect(fromClaude.content.at(-1)).toMatchObject({ type: 'text', text: 'echo: weather in Oslo?' });
    const sent = h.anthropic.requests.at(-1)?.body as { messages: Array<{ content: Array<{ type: string }> }>; thinking: unknown };
    expect(sent.messages[1]?.content.map((block) => block.type)).toEqual(['tool_use']);
    expect(sent.thinking).toEqual({ type: 'disabled' });

    history.push({ role: 'assistant', content: replayed(fromClaude) }, { role: 'user', content: 'and tomorrow?' });
    await anthropic.messages.create({ model: 'claude', max_tokens: 2000, thinking, tools: [weather], messages: history });
    expect((h.anthropic.requests.at(-1)?.body as { thinking: unknown }).thinking).toEqual(thinking);
  });
});

