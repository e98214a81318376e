import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

/**
 * Cursor's agent, for a model whose name says `claude`, sends Anthropic Messages bodies to
 * /v1/chat/completions (a top-level `system`, tools with `input_schema`, `tool_choice: {type:
 * 'auto'}`; BerriAI/litellm#12098) and reads the answer as Chat Completions. Elsewhere it sends
 * `tool_choice: {type: 'auto'}` in Chat Completions bodies.
 */
const readFile = { name: 'read_file', description: 'Read a file of the workspace', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };

const cursorBody = (model: string, messages: unknown[], extra: Record<string, unknown> = {}) => ({
  model,
  max_tokens: 4096,
  temperature: 0.7,
  system: [{ type: 'text', text: 'You are a coding agent in Cursor.', cache_control: { type: 'ephemeral' } }],
  tools: [readFile],
  tool_choice: { type: 'auto' },
  messages,
  ...extra,
});
const ask = (text: string) => [{ role: 'user', content: [{ type: 'text', text }] }];

describe("an Anthropic Messages body sent to /v1/chat/completions (Cursor's agent with a Claude model)", () => {
  let h: Harness;
  let openai: OpenAI;
  const create = (body: unknown) => openai.chat.completions.create(body as never) as unknown as Promise<OpenAI.ChatCompletion>;
  beforeAll(async () => {
    h = await startHarness();
    openai = sdkClients(h).openai;
  });
  afterAll(() => h.close());

  it("reaches Anthropic's Messages API as sent, and its tool call comes back as a chat completion's", async () => {
    h.anthropic.enqueue({ kind: 'reply', text: 'Opening it.', toolCalls: [{ name: 'read_file', arguments: { path: 'src/main.ts' } }] });
    const completion = await create(cursorBody('claude', ask('open main.ts')));
    expect(completion).toMatchObject({
      object: 'chat.completion',
      choices: [{ finish_reason: 'tool_calls', message: { role: 'assistant', content: 'Opening it.', tool_calls: [{ type: 'function', function: { name: 'read_file' } }] } }],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(JSON.parse(call.function.arguments)).toEqual({ path: 'src/main.ts' });
    const sent = h.anthropic.requests.at(-1);
    expect(sent?.path).toBe('/v1/messages');
    // As sent: the prompt-cache marker, the tool's schema and the tool choice are Cursor's own.
    expect(sent?.body).toEqual(cursorBody('claude-sonnet-4-5', ask('open main.ts')));
  });

  it('streams Chat Completions chunks whose tool call the SDK reassembles', async () => {
    h.anthropic.enqueue({ kind: 'reply', toolCalls: [{ name: 'read_file', arguments: { path: 'README.md' } }] });
    const stream = await openai.chat.completions.create({ ...cursorBody('claude', ask('read the readme')), stream: true } as never);
    let name = '';
    let args = '';
    let finish: string | null | undefined;
    for await (const chunk of stream as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>) {
      expect(chunk.object).toBe('chat.completion.chunk');
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      name += call?.function?.name ?? '';
      args += call?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('read_file');
    expect(JSON.parse(args)).toEqual({ path: 'README.md' });
    expect(finish).toBe('tool_calls');
  });

  it("carries the next turn's tool_use and tool_result blocks as Anthropic pairs them", async () => {
    const turn = [
      ...ask('open main.ts'),
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A', name: 'read_file', input: { path: 'src/main.ts' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: 'console.log(1)' }] },
    ];
    const completion = await create(cursorBody('claude', turn));
    expect(completion.choices[0]?.message.content).toMatch(/^echo: /);
    expect(h.anthropic.requests.at(-1)?.body).toMatchObject({ messages: turn });
  });

  it('is translated for a Chat Completions provider: system message, function tools, the string tool choice', async () => {
    const completion = await create(cursorBody('gpt', ask('hello there')));
    expect(completion.choices[0]?.message.content).toBe('echo: hello there');
    expect(h.openai.requests.at(-1)?.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: 'You are a coding agent in Cursor.' }, { role: 'user' }],
      tools: [{ type: 'function', function: { name: 'read_file', parameters: readFile.input_schema } }],
      tool_choice: 'auto',
    });
  });

  it('says what to do with a tool only Anthropic runs, on a route that cannot reach it', async () => {
    const body = cursorBody('gpt', ask('search the web'), { tools: [readFile, { type: 'web_search_20250305', name: 'web_search' }] });
    const refused = await create(body).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, error: { code: 'untranslatable_content' } });
    expect((refused as Error).message).toContain('an Anthropic Messages body sent to /v1/chat/completions');
    expect((refused as Error).message).toContain('route it to an Anthropic provider');
  });

  it('leaves a Chat Completions body with a system role to the Chat Completions reader', async () => {
    const mixed = { model: 'gpt', system: 'ignored', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }] };
    const completion = await create(mixed);
    expect(completion.choices[0]?.message.content).toBe('echo: hi');
    expect(h.openai.requests.at(-1)?.body).toMatchObject({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }] });
  });
});

describe("tool_choice {type: 'auto'} in a Chat Completions body (Cursor)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const body = (model: string, choice: unknown) => ({
    model,
    messages: [{ role: 'user', content: 'list the files' }],
    tools: [{ type: 'function', function: { name: 'list_files', parameters: { type: 'object', properties: {} } } }],
    tool_choice: choice,
  });

  it('reaches OpenAI as the string it means', async () => {
    const { openai } = sdkClients(h);
    for (const type of ['auto', 'none', 'required']) {
      await openai.chat.completions.create(body('gpt', { type }) as never);
      expect(h.openai.requests.at(-1)?.body).toMatchObject({ model: 'gpt-4o-mini', tool_choice: type });
    }
  });

  it('reaches Anthropic as its own tool choice', async () => {
    const { openai } = sdkClients(h);
    await openai.chat.completions.create(body('claude', { type: 'required' }) as never);
    expect(h.anthropic.requests.at(-1)?.body).toMatchObject({ tool_choice: { type: 'any' } });
  });

  it('still refuses an object it cannot read, in Chat Completions words', async () => {
    const { openai } = sdkClients(h);
    await expect(openai.chat.completions.create(body('gpt', { type: 'sometimes' }) as never)).rejects.toMatchObject({ status: 400, error: { param: 'tool_choice.type' } });
  });
});
