/**
 * Conversations that one provider began and another carries on (a fallback, a route switched
 * mid-task): what the first provider left in the history must not make the second refuse it.
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
