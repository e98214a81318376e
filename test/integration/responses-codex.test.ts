import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness } from './harness';
import type { Harness } from './harness';

/**
 * Codex CLI is not run here; these requests are shaped like the ones it sends to a
 * `wire_api = "responses"` provider (codex-rs ResponsesApiRequest), and the stream is read the
 * way it reads one: `response.output_item.done` items, then `response.completed` with an id and
 * usage, or `response.failed` with an error code.
 */

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

interface Event { type: string; item?: Record<string, unknown>; response?: Record<string, unknown> }

async function codexTurn(input: unknown[]): Promise<Event[]> {
  const res = await fetch(`${h.gateway.url}/v1/responses`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-sb-test-key', 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({
      model: 'claude',
      instructions: 'You are a coding agent running in a terminal.',
      input,
      tools: [{ type: 'function', name: 'shell', description: 'Runs a shell command', strict: false, parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } }, required: ['command'] } }],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      reasoning: { effort: 'medium', summary: 'auto' },
      store: false,
      stream: true,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: '0199a1b2-session',
      text: { verbosity: 'medium' },
    }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const text = await res.text();
  return text.split('\n\n').filter((frame) => frame.includes('data: ')).map((frame) => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as Event);
}

const done = (events: Event[]): Array<Record<string, unknown>> => events.filter((e) => e.type === 'response.output_item.done').map((e) => e.item ?? {});

describe('Codex-shaped requests through /v1/responses', () => {
  it('runs a shell tool turn and the turn after it, with reasoning carried across', async () => {
    h.anthropic.enqueue({ kind: 'reply', text: 'Listing files.', toolCalls: [{ name: 'shell', arguments: { command: ['ls'] } }] });
    const user = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'what is in this repo?' }] };
    const developer = { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions>sandboxed</permissions>' }] };
    const first = await codexTurn([developer, user]);
    const items = done(first);
    expect(items.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    const completed = first.at(-1);
    expect(completed?.type).toBe('response.completed');
    expect(completed?.response).toMatchObject({ id: expect.stringMatching(/^resp_/), usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number), total_tokens: expect.any(Number) } });
    const call = items[2] ?? {};
    expect(call).toMatchObject({ name: 'shell', arguments: '{"command":["ls"]}', call_id: expect.any(String) });

    // Codex sends its history back whole (store: false), the tool's output included.
    h.anthropic.enqueue({ kind: 'reply', text: 'A README and a src folder.' });
    const second = await codexTurn([developer, user, ...items, { type: 'function_call_output', call_id: call.call_id, output: 'README.md\nsrc' }]);
    expect(done(second).find((item) => item.type === 'message')).toMatchObject({ content: [{ type: 'output_text', text: 'A README and a src folder.' }] });
    const sent = h.anthropic.requests.at(-1)?.body as { system?: unknown; messages: Array<{ role: string; content: Array<{ type: string }> }> };
    expect(JSON.stringify(sent.system)).toContain('coding agent');
    expect(JSON.stringify(sent.system)).toContain('sandboxed');
    expect(sent.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(sent.messages[1]?.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
  });

  it('ends a failed stream with response.failed carrying the error code Codex reads', async () => {
    h.anthropic.enqueue({ kind: 'stream-fail', afterChunks: 2, mode: 'error-event' });
    const events = await codexTurn([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] }]);
    expect(events.map((e) => e.type)).not.toContain('response.completed');
    expect(events.at(-1)).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'overloaded', message: 'Overloaded' } } });
  });
});
