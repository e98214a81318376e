/**
 * Claude Code on DeepSeek's OpenAI-compatible API in thinking mode: DeepSeek wants the reasoning
 * of every tool-calling turn sent back, which Anthropic clients keep as thinking blocks.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}  deepseek: { type: openai-compatible, preset: deepseek, apiKey: env:TEST_LOCAL_KEY, baseUrl: ${fakes.openai.url}/v1 }
routes:
  ds: { strategy: single, targets: [ { provider: deepseek, model: deepseek-v4-flash } ] }
`,
  });
  ({ anthropic } = sdkClients(h));
});
afterAll(() => h.close());

const bash: Anthropic.Tool = { name: 'Bash', input_schema: { type: 'object', properties: { command: { type: 'string' } } } };

describe('Anthropic SDK → DeepSeek (thinking mode)', () => {
  it('sends the reasoning of a tool-calling turn back as reasoning_content, so the tool loop goes on', async () => {
    h.openai.enqueue({ kind: 'reply', toolCalls: [{ name: 'Bash', arguments: { command: 'ls' } }] });
    const ask: Anthropic.MessageParam = { role: 'user', content: 'list the files' };
    const first = await anthropic.messages.stream({ model: 'ds', max_tokens: 4000, tools: [bash], messages: [ask] }).finalMessage();
    const [thinking, call] = first.content;
    expect(thinking).toMatchObject({ type: 'thinking', thinking: 'Thinking about: list the files' });
    if (thinking?.type !== 'thinking' || call?.type !== 'tool_use') throw new Error('expected thinking, then a tool call');

    const second = await anthropic.messages.create({
      model: 'ds',
      max_tokens: 4000,
      tools: [bash],
      messages: [
        ask,
        { role: 'assistant', content: [{ type: 'thinking', thinking: thinking.thinking, signature: thinking.signature }, { type: 'tool_use', id: call.id, name: call.name, input: call.input }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'a.txt b.txt' }] },
      ],
    });
    expect(second.content.at(-1)).toMatchObject({ type: 'text', text: 'echo: list the files' });
    const sent = h.openai.requests.at(-1)?.body as { messages: Array<Record<string, unknown>> };
    expect(sent.messages[1]).toMatchObject({ role: 'assistant', reasoning_content: 'Thinking about: list the files' });
  });
});
