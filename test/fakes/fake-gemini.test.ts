import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { estimateTokens, fakeEmbedding, startFakeGemini, type FakeProvider } from './index';

const KEY = 'gemini-test-key';
const MODEL = 'gemini-2.5-flash';
let fake: FakeProvider;

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey: KEY });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

interface Part {
  text?: string;
  thought?: boolean;
  functionCall?: { name: string; args: unknown };
  thoughtSignature?: string;
}
interface GenerateResponse {
  candidates: { content: { parts: Part[]; role: string }; finishReason?: string }[];
  usageMetadata: { promptTokenCount: number; candidatesTokenCount: number; totalTokenCount: number; thoughtsTokenCount?: number };
  modelVersion: string;
}

function call(method: string, body: unknown, init: { query?: string; headers?: Record<string, string> } = {}) {
  return fetch(`${fake.url}/v1beta/models/${MODEL}:${method}${init.query ?? ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY, ...init.headers },
    body: JSON.stringify(body),
  });
}

const ask = (text: string, extra: Record<string, unknown> = {}) => ({ contents: [{ role: 'user', parts: [{ text }] }], ...extra });

/** Splits an alt=sse body on its CRLF frame boundaries, as the real API terminates them. */
function sseFrames(body: string): GenerateResponse[] {
  return body
    .split('\r\n\r\n')
    .filter((frame) => frame.length > 0)
    .map((frame) => JSON.parse(frame.replace(/^data: /, '')) as GenerateResponse);
}

describe('fake Gemini generateContent', () => {
  it('answers with an echo candidate, STOP and usageMetadata', async () => {
    const response = await call('generateContent', ask('Hello Gemini', { systemInstruction: { parts: [{ text: 'Be kind.' }] } }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as GenerateResponse;
    expect(body.candidates[0]?.content).toEqual({ parts: [{ text: 'echo: Hello Gemini' }], role: 'model' });
    expect(body.candidates[0]?.finishReason).toBe('STOP');
    expect(body.modelVersion).toBe(MODEL);
    const prompt = estimateTokens('Be kind.\nHello Gemini');
    const output = estimateTokens('echo: Hello Gemini');
    expect(body.usageMetadata).toMatchObject({ promptTokenCount: prompt, candidatesTokenCount: output, totalTokenCount: prompt + output });
  });

  it('streams CRLF-terminated SSE frames with cumulative usage and the finish on the last frame', async () => {
    const response = await call('streamGenerateContent', ask('one two three'), { query: '?alt=sse' });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const raw = await response.text();
    expect(raw.startsWith('data: {')).toBe(true);
    const frames = sseFrames(raw);
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.map((f) => f.candidates[0]?.content.parts[0]?.text).join('')).toBe('echo: one two three');
    expect(frames.slice(0, -1).every((f) => f.candidates[0]?.finishReason === undefined)).toBe(true);
    expect(frames.at(-1)?.candidates[0]?.finishReason).toBe('STOP');
    const counts = frames.map((f) => f.usageMetadata.candidatesTokenCount);
    expect(counts.at(-1)).toBe(estimateTokens('echo: one two three'));
    expect(counts[0]).toBeLessThan(counts.at(-1) ?? 0);
  });

  it('streams thought parts first and function calls whole when thinking is requested', async () => {
    const weather = { name: 'get_weather', arguments: { city: 'Rome' } };
    fake.enqueue({ kind: 'reply', toolCalls: [weather] });
    const response = await call(
      'streamGenerateContent',
      ask('Weather in Rome?', { generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 512 } } }),
      { query: '?alt=sse' },
    );
    const parts = sseFrames(await response.text()).flatMap((f) => f.candidates[0]?.content.parts ?? []);
    const thoughts = parts.filter((p) => p.thought === true);
    expect(thoughts.map((p) => p.text).join('')).toBe('Thinking about: Weather in Rome?');
    const calls = parts.filter((p) => p.functionCall);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.functionCall).toEqual({ name: 'get_weather', args: { city: 'Rome' } });
    expect(calls[0]?.thoughtSignature).toBeTypeOf('string');
    expect(parts.indexOf(thoughts[0] ?? {})).toBe(0);
  });

  it('answers a JSON array when alt=sse is missing', async () => {
    const response = await call('streamGenerateContent', ask('hi there'));
    const frames = (await response.json()) as GenerateResponse[];
    expect(Array.isArray(frames)).toBe(true);
    expect(frames.map((f) => f.candidates[0]?.content.parts[0]?.text).join('')).toBe('echo: hi there');
  });
});

describe('fake Gemini failed generations', () => {
  const malformed = { kind: 'reply', finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'Malformed function call: print(default_api.get_weather(city=' } as const;

  it('answers MALFORMED_FUNCTION_CALL with an empty content, the reason and its finishMessage, and no echo', async () => {
    fake.enqueue(malformed);
    const body = (await (await call('generateContent', ask('Weather in Rome?'))).json()) as { candidates: Record<string, unknown>[]; usageMetadata: { candidatesTokenCount: number } };
    expect(body.candidates).toEqual([{ content: {}, finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: malformed.finishMessage, index: 0 }]);
    expect(body.usageMetadata.candidatesTokenCount).toBe(0);
  });

  it('streams the thinking first, then the failed finish alone in a frame with no content', async () => {
    fake.enqueue(malformed);
    const response = await call('streamGenerateContent', ask('Weather?', { generationConfig: { thinkingConfig: { includeThoughts: true } } }), { query: '?alt=sse' });
    const frames = sseFrames(await response.text()) as unknown as { candidates: Record<string, unknown>[] }[];
    const last = frames.at(-1)?.candidates[0];
    expect(last).toEqual({ content: {}, finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: malformed.finishMessage, index: 0 });
    const before = frames.slice(0, -1).map((f) => f.candidates[0] as { content: { parts: Part[] }; finishReason?: string });
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((c) => c.finishReason === undefined && c.content.parts.every((p) => p.thought === true))).toBe(true);
  });

  it('keeps the answer for other reasons: OTHER ends the echo on its last frame', async () => {
    fake.enqueue({ kind: 'reply', finishReason: 'OTHER' });
    const frames = sseFrames(await (await call('streamGenerateContent', ask('one two'), { query: '?alt=sse' })).text());
    expect(frames.map((f) => f.candidates[0]?.content.parts[0]?.text).join('')).toBe('echo: one two');
    expect(frames.at(-1)?.candidates[0]?.finishReason).toBe('OTHER');
  });
});

describe('fake Gemini embeddings', () => {
  it('embeds one content and a batch with the same deterministic vectors', async () => {
    const single = await call('embedContent', { content: { parts: [{ text: 'cat' }] } });
    const { embedding } = (await single.json()) as { embedding: { values: number[] } };
    expect(embedding.values).toEqual(fakeEmbedding('cat'));

    const batch = await call('batchEmbedContents', {
      requests: ['cat', 'dog'].map((text) => ({ model: `models/${MODEL}`, content: { parts: [{ text }] } })),
    });
    const { embeddings } = (await batch.json()) as { embeddings: { values: number[] }[] };
    expect(embeddings[0]?.values).toEqual(embedding.values);
    expect(embeddings[1]?.values).not.toEqual(embedding.values);
  });

  it('refuses more than 100 requests in one batch, as the real API does', async () => {
    const batch = (n: number) => ({
      requests: Array.from({ length: n }, (_, i) => ({ model: `models/${MODEL}`, content: { parts: [{ text: `t${i}` }] } })),
    });
    const full = await call('batchEmbedContents', batch(100));
    expect(full.status).toBe(200);
    expect(((await full.json()) as { embeddings: unknown[] }).embeddings).toHaveLength(100);

    const over = await call('batchEmbedContents', batch(101));
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual({
      error: { code: 400, message: '* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch\n', status: 'INVALID_ARGUMENT' },
    });
  });
});

describe('fake Gemini auth and errors', () => {
  it('takes the key from ?key= too, and refuses missing or wrong keys in Google shape', async () => {
    const byQuery = await fetch(`${fake.url}/v1beta/models/${MODEL}:generateContent?key=${KEY}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask('hi')),
    });
    expect(byQuery.status).toBe(200);

    const missing = await fetch(`${fake.url}/v1beta/models/${MODEL}:generateContent`, { method: 'POST', body: JSON.stringify(ask('hi')) });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });

    const wrong = await call('generateContent', ask('hi'), { headers: { 'x-goog-api-key': 'nope' } });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      error: { code: 400, status: 'INVALID_ARGUMENT', details: [{ reason: 'API_KEY_INVALID' }, {}] },
    });
  });

  it('renders a queued 429 as RESOURCE_EXHAUSTED with RetryInfo', async () => {
    fake.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '2' } });
    const response = await call('generateContent', ask('hi'));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toMatchObject({
      error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ retryDelay: '2s' }] },
    });
  });

  it('sends queued details verbatim: a RetryInfo in the body with no retry-after header, as Google does', async () => {
    const retryInfo = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' };
    fake.enqueue({ kind: 'error', status: 429, details: [retryInfo] });
    const response = await call('generateContent', ask('hi'));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [retryInfo] } });
  });

  it('refuses an OpenAI-shaped body with unknown field names', async () => {
    const response = await call('generateContent', { contents: ask('hi').contents, max_tokens: 10 });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('Unknown name "max_tokens"');
  });

  it("refuses a thinking budget above the model's maximum, as the real API does", async () => {
    const thinking = (thinkingBudget: number) => ask('hi', { generationConfig: { thinkingConfig: { thinkingBudget } } });
    const response = await call('generateContent', thinking(31999));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT', message: 'The thinking budget (31999) is invalid.' } });
    expect((await call('generateContent', thinking(24576))).status).toBe(200);
  });

  it('refuses a thought signature it did not issue, and takes back its own and the documented dummy', async () => {
    const replay = (thoughtSignature: string) =>
      call('generateContent', {
        contents: [
          { role: 'user', parts: [{ text: 'Weather in Rome?' }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Rome' } }, thoughtSignature }] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { tempC: 21 } } }] },
        ],
      });
    const claudes = Buffer.from('fake-signature:0123').toString('base64');
    const refused = await replay(claudes);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT', message: 'Corrupted thought signature.' } });
    expect((await replay(Buffer.from('fake-sig:abcd').toString('base64'))).status).toBe(200);
    expect((await replay('skip_thought_signature_validator')).status).toBe(200);
  });

  it('gives Gemini 3 function calls ids, and refuses a functionResponse id that matches none of them', async () => {
    fake.enqueue({ kind: 'reply', toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' } }] });
    const gemini3 = (body: unknown) =>
      fetch(`${fake.url}/v1beta/models/gemini-3-pro-preview:generateContent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY },
        body: JSON.stringify(body),
      });
    const answer = (await (await gemini3(ask('Weather in Rome?'))).json()) as GenerateResponse;
    const callPart = answer.candidates[0]?.content.parts[0] as { functionCall: { id?: string; name: string; args: unknown }; thoughtSignature?: string };
    const call = callPart.functionCall;
    expect(call.id).toMatch(/^fc_fake/);
    // Gemini 3 always thinks, so it signs its first call; the part goes back as it came.
    expect(callPart.thoughtSignature).toBeDefined();
    const replay = (id: string) =>
      gemini3({
        contents: [
          { role: 'user', parts: [{ text: 'Weather in Rome?' }] },
          { role: 'model', parts: [callPart] },
          { role: 'user', parts: [{ functionResponse: { id, name: 'get_weather', response: { tempC: 21 } } }] },
        ],
      });
    const refused = await replay('call_other');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { message: 'functionResponse.id does not match functionCall.id' } });
    expect((await replay(call.id ?? '')).status).toBe(200);
    // Without its signature, the current turn's call is refused, as Gemini 3 refuses it.
    const unsigned = await gemini3({
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Rome?' }] },
        { role: 'model', parts: [{ functionCall: call }] },
        { role: 'user', parts: [{ functionResponse: { id: call.id, name: 'get_weather', response: { tempC: 21 } } }] },
      ],
    });
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as { error: { message: string } }).error.message).toMatch(/^Function call is missing a thought_signature/);
  });
});

