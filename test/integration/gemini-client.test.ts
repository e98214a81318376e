/**
 * Gemini-shaped clients (Gemini CLI with GOOGLE_GEMINI_BASE_URL, the @google/genai SDK with
 * `httpOptions.baseUrl`): `/v1beta/models/{model}:generateContent`, `:streamGenerateContent` (SSE with
 * `alt=sse`, else one JSON array)
 * and `:countTokens`, the model named by the URL. A Gemini target gets the body as sent; any other
 * gets it translated, and the answer comes back in Gemini's shape.
 */
import { ApiError, GoogleGenAI, type Content, type FunctionDeclaration } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, startHarness, standardConfig } from './harness';
import type { Harness } from './harness';

let h: Harness;
let genai: GoogleGenAI;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) =>
      standardConfig(
        fakes,
        '  gem-pii:    { strategy: single, targets: [ { provider: gemini, model: gemini-2.5-flash } ], guardrails: { pii: restore } }\n' +
          '  claude-pii: { strategy: single, targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ], guardrails: { pii: restore } }\n' +
          '  gem-cached: { strategy: single, targets: [ { provider: gemini, model: gemini-2.5-flash } ], cache: { ttl: 60s } }\n' +
          '  gem-cold:   { strategy: single, targets: [ { provider: gemini, model: gemini-2.5-flash, params: { generationConfig: { temperature: 0 } } } ] }\n' +
          '  gem-once:   { strategy: single, retry: { attempts: 0 }, targets: [ { provider: gemini, model: gemini-2.5-flash } ] }\n' +
          '  gem-embed-pii: { strategy: single, targets: [ { provider: gemini, model: gemini-embedding-001 } ], guardrails: { pii: redact } }\n',
      ),
  });
  genai = new GoogleGenAI({ apiKey: 'sk-sb-test-key', httpOptions: { baseUrl: h.gateway.url } });
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

type SentBody = Record<string, unknown> & { contents?: unknown[] };
const lastSent = (fake: Harness['gemini']) => fake.requests.at(-1);

describe('generateContent', () => {
  it('reaches a Gemini target as sent, at the URL of the route’s model, and answers as Gemini did', async () => {
    h.gemini.enqueue({ kind: 'reply', text: 'Hello from Gemini', usage: { inputTokens: 12, outputTokens: 4 } });
    const answer = await genai.models.generateContent({
      model: 'gem',
      contents: 'Say hello',
      config: { systemInstruction: 'Be brief.', temperature: 0.2, safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT' as never, threshold: 'BLOCK_ONLY_HIGH' as never }] },
    });
    expect(answer.text).toBe('Hello from Gemini');
    expect(answer.usageMetadata).toMatchObject({ promptTokenCount: 12, candidatesTokenCount: 4 });
    const sent = lastSent(h.gemini);
    expect(sent?.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    // The caller's key stays with the gateway; the provider's goes upstream.
    expect(sent?.headers['x-goog-api-key']).toBe('fake-gemini-0003');
    const body = sent?.body as SentBody;
    // As sent: no model member added, Gemini-only settings kept.
    expect(body.model).toBeUndefined();
    expect(body.safetySettings).toEqual([{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }]);
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }], role: 'user' });

    const [row] = await eventually(async () => {
      const rows = await storedRowsLive();
      if (rows[0]?.alias !== 'gem') throw new Error('no row yet');
      return rows;
    });
    expect(row).toMatchObject({ endpoint: 'generate_content', alias: 'gem', route: 'gem', provider: 'gemini', model: 'gemini-2.5-flash', status: 200, stream: false });
    expect(row).toMatchObject({ inputTokens: 12, outputTokens: 4 });
  });

  it("forces a target's generationConfig params into the caller's own, keeping the rest it asked for", async () => {
    await genai.models.generateContent({ model: 'gem-cold', contents: 'hi', config: { temperature: 1.5, maxOutputTokens: 64, thinkingConfig: { includeThoughts: true } } });
    expect((lastSent(h.gemini)?.body as SentBody).generationConfig).toEqual({ temperature: 0, maxOutputTokens: 64, thinkingConfig: { includeThoughts: true } });
  });

  it('is translated for a Claude target, the answer rendered as a GenerateContentResponse', async () => {
    h.anthropic.enqueue({ kind: 'reply', text: 'Bonjour', usage: { inputTokens: 9, outputTokens: 2 } });
    const answer = await genai.models.generateContent({ model: 'claude', contents: [{ role: 'user', parts: [{ text: 'Say hello in French' }] }], config: { maxOutputTokens: 50, stopSequences: ['END'] } });
    expect(answer.text).toBe('Bonjour');
    expect(answer.candidates?.[0]?.finishReason).toBe('STOP');
    expect(answer.usageMetadata).toMatchObject({ promptTokenCount: 9, candidatesTokenCount: 2, totalTokenCount: 11 });
    const sent = h.anthropic.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 50, stop_sequences: ['END'], messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello in French' }] }] });
  });

  it('carries a tool-calling loop to Claude and back: functionCall out, functionResponse in', async () => {
    const weather: FunctionDeclaration = { name: 'get_weather', description: 'Weather for a city', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
    h.anthropic.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' }, id: 'toolu_01' }] });
    const ask: Content = { role: 'user', parts: [{ text: 'Weather in Rome?' }] };
    const first = await genai.models.generateContent({ model: 'claude', contents: [ask], config: { tools: [{ functionDeclarations: [weather] }] } });
    const calls = first.functionCalls ?? [];
    expect(calls.map((call) => [call.name, call.args])).toEqual([['get_weather', { city: 'Rome' }]]);

    h.anthropic.enqueue({ kind: 'reply', text: 'It is 21°C in Rome.' });
    const modelTurn = first.candidates?.[0]?.content as Content;
    const second = await genai.models.generateContent({
      model: 'claude',
      contents: [ask, modelTurn, { role: 'user', parts: [{ functionResponse: { id: calls[0]?.id, name: 'get_weather', response: { temperature: '21°C' } } }] }],
      config: { tools: [{ functionDeclarations: [weather] }] },
    });
    expect(second.text).toBe('It is 21°C in Rome.');
    const sent = h.anthropic.requests.at(-1)?.body as { messages: Array<{ role: string; content: Array<Record<string, unknown>> }>; tools: unknown[] };
    expect(sent.tools).toEqual([{ name: 'get_weather', description: 'Weather for a city', input_schema: weather.parametersJsonSchema }]);
    const [call] = sent.messages[1]?.content ?? [];
    const [result] = sent.messages[2]?.content ?? [];
    expect(call).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Rome' } });
    expect(result).toMatchObject({ type: 'tool_result', tool_use_id: call?.id });
    expect(JSON.stringify(result?.content)).toContain('21°C');
  });
});

describe('a conversation another provider carried for a step', () => {
  it('reaches Gemini 3 natively with the documented skip signature on the unsigned call, not a 400', async () => {
    h.gemini.enqueue({ kind: 'reply', text: 'Done.' });
    const answer = await genai.models.generateContent({
      model: 'gemini/gemini-3-pro-preview',
      contents: [
        { role: 'user', parts: [{ text: 'List the files' }] },
        // Claude made this call after a fallback: it carries no Gemini signature.
        { role: 'model', parts: [{ functionCall: { id: 'toolu_01', name: 'ls', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { id: 'toolu_01', name: 'ls', response: { output: 'a.txt' } } }] },
      ],
    });
    expect(answer.text).toBe('Done.');
    const sent = lastSent(h.gemini)?.body as { contents: Array<{ parts: Array<Record<string, unknown>> }> };
    expect(sent.contents[1]?.parts[0]).toMatchObject({ functionCall: { name: 'ls' }, thoughtSignature: 'skip_thought_signature_validator' });
  });
});

describe('streamGenerateContent?alt=sse', () => {
  it('relays a Gemini target’s stream as sent', async () => {
    h.gemini.enqueue({ kind: 'reply', text: 'one two three four', usage: { inputTokens: 5, outputTokens: 4 } });
    let text = '';
    let usage: unknown;
    for await (const chunk of await genai.models.generateContentStream({ model: 'gem', contents: 'count' })) {
      text += chunk.text ?? '';
      usage = chunk.usageMetadata ?? usage;
    }
    expect(text).toBe('one two three four');
    expect(usage).toMatchObject({ promptTokenCount: 5, candidatesTokenCount: 4 });
    expect(lastSent(h.gemini)?.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(lastSent(h.gemini)?.query).toEqual({ alt: 'sse' });
    const row = await eventually(async () => {
      const [newest] = await storedRowsLive();
      if (newest?.stream !== true) throw new Error('no row yet');
      return newest;
    });
    expect(row).toMatchObject({ endpoint: 'generate_content', status: 200, inputTokens: 5, outputTokens: 4 });
  });

  it('renders a translated stream (OpenAI target) as Gemini chunks, the last with the finish reason and usage', async () => {
    h.openai.enqueue({ kind: 'reply', text: 'streamed from gpt', usage: { inputTokens: 7, outputTokens: 3 } });
    const chunks = [];
    for await (const chunk of await genai.models.generateContentStream({ model: 'gpt', contents: 'go' })) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('streamed from gpt');
    const last = chunks.at(-1);
    expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(last?.usageMetadata).toMatchObject({ promptTokenCount: 7, candidatesTokenCount: 3, totalTokenCount: 10 });
  });

});

describe('streamGenerateContent without alt=sse: one JSON array, written as it comes', () => {
  type Chunk = { candidates?: Array<{ content?: { parts?: Array<{ text?: string }> }; finishReason?: string }>; usageMetadata?: Record<string, number>; error?: { code: number; status: string } };
  const post = (model: string, query = '', headers: Record<string, string> = {}) =>
    fetch(`${h.gateway.url}/v1beta/models/${model}:streamGenerateContent${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sb-test-key', ...headers },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'count' }] }] }),
    });
  const textOf = (chunks: Chunk[]) => chunks.map((chunk) => chunk.candidates?.[0]?.content?.parts?.map((part) => part.text ?? '').join('') ?? '').join('');

  it('relays a Gemini target’s stream as the array Gemini writes, each chunk as it arrives', async () => {
    h.gemini.enqueue({ kind: 'slow-stream', chunkDelayMs: 150, text: 'one two three four', usage: { inputTokens: 5, outputTokens: 4 } });
    const res = await post('gem');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    // The upstream is still asked for SSE; only the client's framing differs.
    expect(lastSent(h.gemini)?.query).toEqual({ alt: 'sse' });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    // The first chunk came before the others were sent: the array opens with it, still unclosed.
    expect(first.startsWith('[{')).toBe(true);
    expect(() => JSON.parse(first)).toThrow();
    let body = first;
    for (let next = await reader.read(); !next.done; next = await reader.read()) body += decoder.decode(next.value);
    const chunks = JSON.parse(body) as Chunk[];
    expect(chunks.length).toBeGreaterThan(1);
    expect(textOf(chunks)).toBe('one two three four');
    expect(chunks.at(-1)?.usageMetadata).toMatchObject({ promptTokenCount: 5, candidatesTokenCount: 4 });
    const row = await eventually(async () => {
      const [newest] = await storedRowsLive();
      if (newest?.stream !== true || newest.outputTokens !== 4) throw new Error('no row yet');
      return newest;
    });
    expect(row).toMatchObject({ endpoint: 'generate_content', status: 200, inputTokens: 5 });
  });

  it('renders a translated stream (OpenAI target) as the array too, with alt=json', async () => {
    h.openai.enqueue({ kind: 'reply', text: 'streamed from gpt', usage: { inputTokens: 7, outputTokens: 3 } });
    const res = await post('gpt', '?alt=json');
    const chunks = (await res.json()) as Chunk[];
    expect(textOf(chunks)).toBe('streamed from gpt');
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata).toMatchObject({ promptTokenCount: 7, candidatesTokenCount: 3, totalTokenCount: 10 });
  });

  it('answers a cache hit in the framing this call asked for', async () => {
    h.gemini.enqueue({ kind: 'reply', text: 'cached words', usage: { inputTokens: 2, outputTokens: 2 } });
    const sse = await post('gem-cached', '?alt=sse');
    expect(await sse.text()).toContain('data: ');
    const hit = await post('gem-cached');
    expect(hit.headers.get('x-switchboard-cache')).toBe('hit');
    expect(hit.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(textOf((await hit.json()) as Chunk[])).toBe('cached words');
    expect(h.gemini.requests).toHaveLength(1);
  });

  it('ends a stream cut mid-way with Gemini’s error as the last element, the array still whole', async () => {
    h.gemini.enqueue({ kind: 'stream-fail', afterChunks: 2, mode: 'error-event', text: 'a b c d e f' });
    const chunks = (await (await post('gem-once')).json()) as Chunk[];
    expect(chunks.at(-1)?.error).toMatchObject({ code: 503, status: 'UNAVAILABLE' });
    expect(textOf(chunks.slice(0, -1))).not.toBe('');
  });

  it('refuses another alt (protobuf) in Gemini’s error shape, before calling anyone', async () => {
    const res = await post('gem', '?alt=proto');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: number; status: string; message: string } };
    expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect(body.error.message).toContain('alt=proto');
    expect(h.gemini.requests).toHaveLength(0);
  });
});

describe('auth and errors', () => {
  it('takes the gateway key as ?key= too, and refuses a wrong one in Gemini’s shape', async () => {
    h.gemini.enqueue({ kind: 'reply', text: 'by query key' });
    const url = `${h.gateway.url}/v1beta/models/gem:generateContent`;
    const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    const ok = await fetch(`${url}?key=sk-sb-test-key`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(ok.status).toBe(200);
    const bad = new GoogleGenAI({ apiKey: 'not-the-key', httpOptions: { baseUrl: h.gateway.url } });
    const error = await bad.models.generateContent({ model: 'gem', contents: 'hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(JSON.parse((error as ApiError).message)).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });

  it('answers a model nothing serves with a 404 NOT_FOUND', async () => {
    const error = await genai.models.generateContent({ model: 'no-such-model', contents: 'hi' }).catch((caught: unknown) => caught);
    expect((error as ApiError).status).toBe(404);
    expect(JSON.parse((error as ApiError).message)).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
  });

  it("passes Gemini's own error status on, and logs a refused call under the model its URL named", async () => {
    h.gemini.enqueue({ kind: 'error', status: 400, type: 'FAILED_PRECONDITION', message: 'User location is not supported for the API use.' });
    const error = await genai.models.generateContent({ model: 'gem', contents: 'hi' }).catch((caught: unknown) => caught);
    expect(JSON.parse((error as ApiError).message)).toMatchObject({ error: { code: 400, status: 'FAILED_PRECONDITION' } });

    await fetch(`${h.gateway.url}/v1beta/models/gem:streamGenerateContent`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sb-test-key' }, body: '{}' });
    const [row] = await storedRowsLive();
    expect(row).toMatchObject({ alias: 'gem', stream: true, status: 400, endpoint: 'generate_content' });
  });

  it("passes Gemini's quota details on, which Gemini CLI reads to tell a daily quota from a per-minute one", async () => {
    const details = [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] },
      { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '41s' },
    ];
    h.gemini.enqueue({ kind: 'error', status: 429, type: 'RESOURCE_EXHAUSTED', message: 'You exceeded your current quota.', details });
    const error = await genai.models.generateContent({ model: 'gem-once', contents: 'hi' }).catch((caught: unknown) => caught);
    expect((error as ApiError).status).toBe(429);
    // What it reads, kept as Gemini sent it; the Help links are not needed by any client.
    expect(JSON.parse((error as ApiError).message)).toEqual({ error: { code: 429, message: 'You exceeded your current quota.', status: 'RESOURCE_EXHAUSTED', details: [details[0], details[2]] } });
  });

  it('reports an invalid body with the field at fault', async () => {
    const res = await fetch(`${h.gateway.url}/v1beta/models/claude:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sb-test-key' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: 'not a list' }] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { status: string; message: string } };
    expect(body.error.status).toBe('INVALID_ARGUMENT');
    expect(body.error.message).toMatch(/contents\[0\]\.parts/);
  });
});

describe('models', () => {
  it('lists the aliases as Gemini models, and gets one by name', async () => {
    const names: string[] = [];
    for await (const model of await genai.models.list()) names.push(model.name ?? '');
    expect(names).toEqual(expect.arrayContaining(['models/gem', 'models/claude', 'models/gemini/gemini-2.5-flash']));
    const one = await genai.models.get({ model: 'gem' });
    expect(one).toMatchObject({ name: 'models/gem', supportedActions: expect.arrayContaining(['generateContent']) });
  });

  it('serves the v1 API as well (the default of @google/genai 3), lists included', async () => {
    const v1 = new GoogleGenAI({ apiKey: 'sk-sb-test-key', httpOptions: { baseUrl: h.gateway.url, apiVersion: 'v1' } });
    const names: string[] = [];
    for await (const model of await v1.models.list()) names.push(model.name ?? '');
    expect(names).toContain('models/gem');
    h.gemini.enqueue({ kind: 'reply', text: 'via v1' });
    expect((await v1.models.generateContent({ model: 'gem', contents: 'hi' })).text).toBe('via v1');
  });
});

describe('embeddings', () => {
  it('embeds through any embeddings route, answered as Gemini answers (batchEmbedContents)', async () => {
    const result = await genai.models.embedContent({ model: 'embed', contents: ['first text', 'second text'], config: { outputDimensionality: 4, taskType: 'RETRIEVAL_DOCUMENT', title: 'Notes' } });
    expect(result.embeddings?.map((embedding) => embedding.values?.length)).toEqual([4, 4]);
    // Gemini's own tuning is not OpenAI's to read: OpenAI refuses a body with fields it does not know.
    expect(h.openai.requests.at(-1)?.body).toEqual({ model: 'text-embedding-3-small', input: ['first text', 'second text'], dimensions: 4 });
    const [row] = await storedRowsLive();
    expect(row).toMatchObject({ endpoint: 'embeddings', alias: 'embed', provider: 'openai', status: 200 });
  });

  it('takes embedContent with one content, and refuses what it cannot embed in Gemini’s shape', async () => {
    const url = (method: string) => `${h.gateway.url}/v1beta/models/gem-embed:${method}`;
    const post = (method: string, body: unknown) =>
      fetch(url(method), { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sb-test-key' }, body: JSON.stringify(body) });
    const one = await post('embedContent', { content: { parts: [{ text: 'embed ' }, { text: 'me' }] }, taskType: 'RETRIEVAL_QUERY' });
    expect(one.status).toBe(200);
    const body = (await one.json()) as { embedding: { values: number[] } };
    expect(body.embedding.values.length).toBeGreaterThan(0);
    expect(lastSent(h.gemini)?.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(lastSent(h.gemini)?.body).toEqual({ requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'embed me' }] }, taskType: 'RETRIEVAL_QUERY' }] });

    // The SDK's batch, each text with the task and title it was asked with.
    await genai.models.embedContent({ model: 'gem-embed', contents: ['doc one', 'doc two'], config: { taskType: 'RETRIEVAL_DOCUMENT', title: 'Handbook' } });
    const sent = lastSent(h.gemini)?.body as { requests: Array<Record<string, unknown>> };
    expect(sent.requests.map(({ taskType, title }) => ({ taskType, title }))).toEqual([
      { taskType: 'RETRIEVAL_DOCUMENT', title: 'Handbook' },
      { taskType: 'RETRIEVAL_DOCUMENT', title: 'Handbook' },
    ]);

    // A title is text the provider sees: the route's PII guardrail scrubs it as it does the input.
    const scrubbed = await fetch(`${h.gateway.url}/v1beta/models/gem-embed-pii:embedContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sb-test-key' },
      body: JSON.stringify({ content: { parts: [{ text: 'mail jane@example.com' }] }, taskType: 'RETRIEVAL_DOCUMENT', title: 'From jane@example.com' }),
    });
    expect(scrubbed.status).toBe(200);
    expect(JSON.stringify(lastSent(h.gemini)?.body)).not.toContain('jane@example.com');
    expect(lastSent(h.gemini)?.body).toMatchObject({ requests: [{ taskType: 'RETRIEVAL_DOCUMENT', title: expect.stringContaining('[EMAIL_1]') }] });

    const image = await post('embedContent', { content: { parts: [{ inlineData: { mimeType: 'image/png', data: 'AAAA' } }] } });
    expect(image.status).toBe(400);
    expect(await image.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('content.parts[0]') } });
  });
});

describe('countTokens', () => {
  it('asks a Gemini target, and estimates for any other', async () => {
    const contents = 'How many tokens is this sentence?';
    const exact = await genai.models.countTokens({ model: 'gem', contents });
    expect(exact.totalTokens).toBeGreaterThan(0);
    expect(lastSent(h.gemini)?.path).toBe('/v1beta/models/gemini-2.5-flash:countTokens');
    const estimated = await genai.models.countTokens({ model: 'claude', contents });
    expect(estimated.totalTokens).toBeGreaterThan(0);
    expect(h.anthropic.requests).toHaveLength(0);
  });
});

describe('guardrails and cache', () => {
  it('redacts PII before a Gemini target sees it, and restores it in the answer (stream included)', async () => {
    h.gemini.enqueue({ kind: 'reply', text: 'I will write to [EMAIL_1] today.' });
    const answer = await genai.models.generateContent({ model: 'gem-pii', contents: 'Email jane@example.com about the launch' });
    const sent = lastSent(h.gemini)?.body as { contents: Array<{ parts: Array<{ text: string }> }> };
    expect(sent.contents[0]?.parts[0]?.text).toBe('Email [EMAIL_1] about the launch');
    expect(answer.text).toBe('I will write to jane@example.com today.');

    h.anthropic.enqueue({ kind: 'reply', text: 'Noted: [EMAIL_1] is the contact.' });
    let text = '';
    for await (const chunk of await genai.models.generateContentStream({ model: 'claude-pii', contents: 'Contact: jane@example.com' })) text += chunk.text ?? '';
    expect(JSON.stringify(h.anthropic.requests.at(-1)?.body)).not.toContain('jane@example.com');
    expect(text).toBe('Noted: jane@example.com is the contact.');
  });

  it('answers a native answer the cache cannot keep (MALFORMED_FUNCTION_CALL) as Gemini gave it, uncached', async () => {
    const malformed = { kind: 'reply', finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'Malformed function call: print(' } as const;
    h.gemini.enqueue(malformed);
    h.gemini.enqueue(malformed);
    const ask = { model: 'gem-cached', contents: 'call the tool', config: { temperature: 0 } };
    const first = await genai.models.generateContent(ask);
    expect(first.candidates?.[0]?.finishReason).toBe('MALFORMED_FUNCTION_CALL');
    await genai.models.generateContent(ask);
    expect(h.gemini.requests).toHaveLength(2);
  });

  it('answers a repeated call from the cache, in Gemini’s shape', async () => {
    h.gemini.enqueue({ kind: 'reply', text: 'cached answer', usage: { inputTokens: 3, outputTokens: 2 } });
    const ask = { model: 'gem-cached', contents: 'cache me', config: { temperature: 0 } };
    const first = await genai.models.generateContent(ask);
    const second = await genai.models.generateContent(ask);
    expect(second.text).toBe(first.text);
    expect(second.text).toBe('cached answer');
    expect(second.sdkHttpResponse?.headers?.['x-switchboard-cache']).toBe('hit');
    expect(h.gemini.requests).toHaveLength(1);
  });
});

/** The newest rows, read through the running gateway's own store. */
async function storedRowsLive() {
  await h.gateway.logs.flush();
  return (await h.gateway.logs.query({ limit: 5 })).rows;
}
