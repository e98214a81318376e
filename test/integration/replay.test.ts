import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayResultDto } from '../../gateway/src/admin/api-types';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';
import { sdkClients, standardConfig } from './harness';

const withBodies = (server = '', routes = '') => (fakes: Parameters<typeof standardConfig>[0]) => `server:\n  logBodies: true\n${server}${standardConfig(fakes, routes)}`;

describe('replaying a logged call', () => {
  let a: AdminHarness;
  beforeAll(async () => {
    a = await startAdminHarness({ config: withBodies('', '  cached:    { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], cache: { ttl: 60s } }\n') });
  });
  afterAll(() => a.close());
  const replay = (id: string, body: unknown = {}) => a.admin.call<ReplayResultDto>('POST', `/logs/${id}/replay`, body);

  it('sends an OpenAI call again to another model, answered whole, and logs it as a replay', async () => {
    const { openai } = sdkClients(a.h);
    const { data: stream, response } = await openai.chat.completions.create({ model: 'gpt', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'compare me' }] }).withResponse();
    for await (const chunk of stream) void chunk;
    const id = response.headers.get('x-switchboard-request-id') ?? '';
    await a.h.gateway.logs.flush();

    const result = (await replay(id, { model: 'claude' })).body;
    expect(result).toMatchObject({ status: 200, text: 'echo: compare me', route: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-5', error: null });
    // Beside what the streamed call said then, read from its logged SSE.
    expect(result.original).toMatchObject({ text: 'echo: compare me', model: 'gpt-4o-mini' });
    expect(result.original.costUsd).toBeGreaterThan(0);
    expect(result.costUsd).toBeGreaterThan(0);
    const sent = a.h.anthropic.requests.at(-1)?.body as { stream?: boolean; messages: unknown[] };
    expect(sent.stream).toBeUndefined();
    expect(JSON.stringify(sent.messages)).toContain('compare me');
    await a.h.gateway.logs.flush();
    const row = await a.h.gateway.logs.get(result.requestId ?? '');
    expect(row).toMatchObject({ alias: 'claude', stream: false, metadata: { source: 'admin-replay', replay_of: id } });
    expect(row?.client).toMatch(/^switchboard-replay\//);
  });

  it('replays Anthropic and Responses calls in their own shape, to the model they asked for by default', async () => {
    const { anthropic } = sdkClients(a.h);
    const { response } = await anthropic.messages.create({ model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'again please' }] }).withResponse();
    const messagesId = response.headers.get('x-switchboard-request-id') ?? '';
    const { openai } = sdkClients(a.h);
    const { response: responsesReply } = await openai.responses.create({ model: 'gpt', input: 'one more time' }).withResponse();
    const responsesId = responsesReply.headers.get('x-switchboard-request-id') ?? '';
    await a.h.gateway.logs.flush();

    expect((await replay(messagesId)).body).toMatchObject({ status: 200, text: 'echo: again please', route: 'claude' });
    expect((await replay(responsesId)).body).toMatchObject({ status: 200, text: 'echo: one more time', route: 'gpt' });
    expect(a.h.openai.requests.at(-1)?.body).toMatchObject({ store: false });
  });

  it('replays a Gemini-shaped call to the model its URL named, or to another', async () => {
    const url = `${a.h.gateway.url}/v1beta/models/gem:streamGenerateContent?alt=sse`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sb-test-key' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'gemini again' }] }] }),
    });
    await response.text();
    const id = response.headers.get('x-switchboard-request-id') ?? '';
    await a.h.gateway.logs.flush();

    const same = (await replay(id)).body;
    expect(same).toMatchObject({ status: 200, text: 'echo: gemini again', route: 'gem', provider: 'gemini', error: null });
    // Read from the logged SSE frames of the streamed call.
    expect(same.original).toMatchObject({ text: 'echo: gemini again', model: 'gemini-2.5-flash' });
    expect(a.h.gemini.requests.at(-1)?.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect((await replay(id, { model: 'claude' })).body).toMatchObject({ status: 200, text: 'echo: gemini again', route: 'claude' });
  });

  it('sends the request headers the call was made with again: the betas a Claude Code call relied on, but never its cache settings', async () => {
    const { anthropic } = sdkClients(a.h);
    const beta = 'interleaved-thinking-2025-05-14,context-1m-2025-08-07';
    const { response } = await anthropic.messages
      .create({ model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: 'beta call' }] }, { headers: { 'anthropic-beta': beta, 'x-switchboard-retries': '0', 'x-switchboard-cache-ttl': '5m' } })
      .withResponse();
    const id = response.headers.get('x-switchboard-request-id') ?? '';
    await a.h.gateway.logs.flush();
    const original = await a.h.gateway.logs.get(id);
    expect(original?.requestHeaders).toMatchObject({ 'anthropic-beta': beta, 'x-switchboard-retries': '0', 'x-switchboard-cache-ttl': '5m' });
    // The caller's key is never among them.
    expect(JSON.stringify(original?.requestHeaders)).not.toContain('sk-sb');

    const result = (await replay(id)).body;
    expect(result).toMatchObject({ status: 200, text: 'echo: beta call', route: 'claude' });
    expect(a.h.anthropic.requests.at(-1)?.headers['anthropic-beta']).toBe(beta);
    await a.h.gateway.logs.flush();
    const row = await a.h.gateway.logs.get(result.requestId ?? '');
    expect(row?.requestHeaders).toMatchObject({ 'anthropic-beta': beta, 'x-switchboard-retries': '0', 'cache-control': 'no-store' });
  });

  it("never answers from the cache, and leaves the caller's user, metadata and stored state out", async () => {
    const { openai } = sdkClients(a.h);
    const ask = () =>
      openai.chat.completions
        .create({ model: 'cached', user: 'alice', store: true, metadata: { project: 'search' }, messages: [{ role: 'user', content: 'cache me' }] }, { headers: { 'x-switchboard-metadata': '{"team":"ml"}' } })
        .withResponse();
    const { response } = await ask();
    await ask();
    await a.h.gateway.logs.flush();
    const upstreamCalls = a.h.openai.requests.length;
    const result = (await replay(response.headers.get('x-switchboard-request-id') ?? '')).body;
    expect(result).toMatchObject({ status: 200, route: 'cached', provider: 'openai' });
    expect(a.h.openai.requests.length).toBe(upstreamCalls + 1);
    const sent = a.h.openai.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent.user).toBeUndefined();
    expect(sent.metadata).toBeUndefined();
    expect(sent.store).toBe(false);
    await a.h.gateway.logs.flush();
    const row = await a.h.gateway.logs.get(result.requestId ?? '');
    expect(row).toMatchObject({ user: null, cache: 'bypass' });
    expect(row?.metadata).toEqual({ source: 'admin-replay', replay_of: response.headers.get('x-switchboard-request-id') });
  });

  it('shows an answer that is only tool calls as the calls it made', async () => {
    const { openai } = sdkClients(a.h);
    a.h.openai.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const { response } = await openai.chat.completions.create({ model: 'gpt', tools, messages: [{ role: 'user', content: 'weather?' }] }).withResponse();
    await a.h.gateway.logs.flush();
    a.h.anthropic.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Lyon' } }] });
    const result = (await replay(response.headers.get('x-switchboard-request-id') ?? '', { model: 'claude' })).body;
    expect(result.text).toBe('→ get_weather({"city":"Lyon"})');
  });

  it('refuses a Responses call made in a conversation: sent again, it would add to it', async () => {
    const { openai } = sdkClients(a.h);
    const { response } = await openai.responses.create({ model: 'gpt', input: 'hi', store: false }).withResponse();
    await a.h.gateway.logs.flush();
    const id = response.headers.get('x-switchboard-request-id') ?? '';
    const row = await a.h.gateway.logs.get(id);
    // As if the call had named a conversation (the fake has none to hold it).
    const body = JSON.parse(row?.requestBody ?? '{}') as Record<string, unknown>;
    a.h.gateway.logs.append({ ...row!, id: `${id}_conv`, requestBody: JSON.stringify({ ...body, conversation: 'conv_1' }) });
    await a.h.gateway.logs.flush();
    const refused = await replay(`${id}_conv`);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('conversation');
  });

  it("answers in the replayed call's words when the new model fails", async () => {
    const { openai } = sdkClients(a.h);
    const { response } = await openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'x' }] }).withResponse();
    await a.h.gateway.logs.flush();
    const result = (await replay(response.headers.get('x-switchboard-request-id') ?? '', { model: 'no-such-route' })).body;
    expect(result.status).toBe(404);
    expect(result.error).toContain('no-such-route');
  });

  it('refuses what cannot be replayed: an embedding, an unknown id', async () => {
    const { openai } = sdkClients(a.h);
    const { response } = await openai.embeddings.create({ model: 'embed', input: 'vector me' }).withResponse();
    await a.h.gateway.logs.flush();
    const embedding = await replay(response.headers.get('x-switchboard-request-id') ?? '');
    expect(embedding.status).toBe(400);
    expect(embedding.text).toContain('not_replayable');
    expect((await replay('req_nope')).status).toBe(404);
  });
});

describe('replaying without the body', () => {
  let a: AdminHarness;
  afterAll(() => a.close());

  it('says to turn on logBodies when the body was not logged, and to raise the limit when it was cut', async () => {
    a = await startAdminHarness({ config: (fakes) => standardConfig(fakes) });
    const { openai } = sdkClients(a.h);
    const call = async (content: string): Promise<string> => {
      const { response } = await openai.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content }] }).withResponse();
      await a.h.gateway.logs.flush();
      return response.headers.get('x-switchboard-request-id') ?? '';
    };
    const unlogged = await a.admin.call('POST', `/logs/${await call('hi')}/replay`, {});
    expect(unlogged.status).toBe(409);
    expect(unlogged.text).toContain('server.logBodies');

    await a.h.writeConfig(withBodies('  maxLoggedBodyBytes: 1KB\n')(a.h));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cut = await a.admin.call('POST', `/logs/${await call('x'.repeat(3000))}/replay`, {});
    expect(cut.status).toBe(409);
    expect(cut.text).toContain('maxLoggedBodyBytes');
  });
});
