import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../canonical/types';
import { SseDecoder } from '../../sse/decoder';
import { geminiProviderFormat } from './index';

const model = 'gemini-2.5-flash';
const responseId = 'M3iLaY-AI7zTxN8P3Piw4Qg';

/** Frames the way `streamGenerateContent?alt=sse` writes them: data-only, CRLF-separated. */
const sse = (...frames: unknown[]): string => frames.map((frame) => `data: ${JSON.stringify(frame)}\r\n\r\n`).join('');

const frame = (parts: unknown[], extra: Record<string, unknown> = {}, usage?: Record<string, number>) => ({
  candidates: [{ content: { parts, role: 'model' }, index: 0, ...extra }],
  ...(usage === undefined ? {} : { usageMetadata: usage }),
  modelVersion: model,
  responseId,
});

/** Decodes raw SSE text in awkward chunks and runs it through a fresh Gemini stream parser. */
function run(text: string, chunkSize = 17): StreamEvent[] {
  const decoder = new SseDecoder();
  const parser = geminiProviderFormat.createStreamParser();
  const events: StreamEvent[] = [];
  for (let i = 0; i < text.length; i += chunkSize) {
    for (const event of decoder.push(text.slice(i, i + chunkSize))) events.push(...parser.push(event));
  }
  for (const event of decoder.end()) events.push(...parser.push(event));
  events.push(...parser.end());
  return events;
}

const toolTurn = sse(
  frame([{ text: 'The user wants the weather.', thought: true }], {}, { promptTokenCount: 40, totalTokenCount: 40 }),
  frame([{ text: 'Let me check ' }], {}, { promptTokenCount: 40, candidatesTokenCount: 3, totalTokenCount: 43 }),
  frame([{ text: 'both cities.' }], {}, { promptTokenCount: 40, candidatesTokenCount: 6, totalTokenCount: 46 }),
  frame(
    [
      { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'SIG_1' },
      { functionCall: { name: 'get_weather', args: { city: 'Rome', units: ['c'] } } },
    ],
    { finishReason: 'STOP' },
    { promptTokenCount: 40, candidatesTokenCount: 26, thoughtsTokenCount: 90, cachedContentTokenCount: 10, totalTokenCount: 156 },
  ),
);

describe('Gemini stream parsing', () => {
  it('turns a thinking, text and parallel function-call stream into canonical events', () => {
    const events = run(toolTurn);
    const calls = events.filter((event) => event.type === 'tool-call-start');
    const ids = calls.map((event) => (event.type === 'tool-call-start' ? event.id : ''));
    expect(ids[0]).toMatch(/^call_/);
    expect(ids[1]).not.toBe(ids[0]);
    expect(events.filter((event) => event.type !== 'usage')).toEqual([
      {
        type: 'start',
        id: responseId,
        model,
        usage: { inputTokens: 40, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      },
      { type: 'thinking', text: 'The user wants the weather.' },
      { type: 'text', text: 'Let me check ' },
      { type: 'text', text: 'both cities.' },
      { type: 'thinking-signature', signature: 'gemini:SIG_1' },
      { type: 'tool-call-start', index: 0, id: ids[0], name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: 'tool-call-start', index: 1, id: ids[1], name: 'get_weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":"Rome","units":["c"]}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('reports usage as it grows, the last report being the final count, before the finish', () => {
    const events = run(toolTurn);
    const usages = events.flatMap((event) => (event.type === 'usage' ? [event.usage] : []));
    expect(usages.map((usage) => usage.outputTokens)).toEqual([3, 6, 116]);
    expect(usages.at(-1)).toEqual({
      inputTokens: 30,
      cachedInputTokens: 10,
      cacheWriteTokens: 0,
      outputTokens: 116,
      reasoningTokens: 90,
    });
    expect(events.at(-2)?.type).toBe('usage');
    expect(events.at(-1)?.type).toBe('finish');
  });

  it('keeps the signature of a trailing empty text part and finishes with stop', () => {
    const events = run(
      sse(
        frame([{ text: 'There are 3 rs.' }]),
        frame([{ text: '', thoughtSignature: 'EpAICo0I' }], { finishReason: 'STOP' }, { promptTokenCount: 9, candidatesTokenCount: 23, thoughtsTokenCount: 302 }),
      ),
    );
    expect(events.filter((event) => event.type !== 'usage' && event.type !== 'start')).toEqual([
      { type: 'text', text: 'There are 3 rs.' },
      { type: 'thinking-signature', signature: 'gemini:EpAICo0I' },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('maps MAX_TOKENS to length', () => {
    const events = run(sse(frame([{ text: 'Once upon' }], { finishReason: 'MAX_TOKENS' })));
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'length' });
  });

  it('finishes a blocked prompt with content_filter', () => {
    const events = run(
      sse({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 8 }, modelVersion: model }),
    );
    expect(events.map((event) => event.type)).toEqual(['start', 'finish']);
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'content_filter' });
  });

  it('throws a retryable 502 when the first frame is a failed generation, so nothing reaches the client', () => {
    const parser = geminiProviderFormat.createStreamParser();
    const malformed = { candidates: [{ content: {}, finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'Malformed function call: ls(', index: 0 }], usageMetadata: { promptTokenCount: 40 }, modelVersion: model };
    expect(() => parser.push({ data: JSON.stringify(malformed) })).toThrow(
      expect.objectContaining({
        kind: 'upstream',
        status: 502,
        code: 'upstream_generation_failed',
        retryable: true,
        message: "Gemini's generation failed (finishReason MALFORMED_FUNCTION_CALL): Malformed function call: ls(",
      }),
    );
  });

  it('throws at a failed finish after thinking and text, instead of finishing', () => {
    const parser = geminiProviderFormat.createStreamParser();
    const before = [frame([{ text: 'Planning.', thought: true }]), frame([{ text: 'The answer is' }])].flatMap((f) => parser.push({ data: JSON.stringify(f) }));
    expect(before.map((event) => event.type)).toEqual(['start', 'thinking', 'text']);
    expect(() => parser.push({ data: JSON.stringify(frame([{ text: ' 4' }], { finishReason: 'OTHER' })) })).toThrow(
      expect.objectContaining({ code: 'upstream_generation_failed', message: "Gemini's generation failed (finishReason OTHER)" }),
    );
  });

  it('throws when the stream stops before any finishReason', () => {
    expect(() => run(sse(frame([{ text: 'Half an ans' }])))).toThrow(
      expect.objectContaining({ kind: 'upstream', code: 'stream_truncated', status: 502 }),
    );
  });

  it('throws the error a frame carries, with its status', () => {
    const parser = geminiProviderFormat.createStreamParser();
    parser.push({ data: JSON.stringify(frame([{ text: 'Hel' }])) });
    expect(() =>
      parser.push({ data: JSON.stringify({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }) }),
    ).toThrow(expect.objectContaining({ kind: 'unavailable', status: 503, message: 'The model is overloaded.', retryable: true }));
  });

  it('throws bad_upstream_response on a frame that is not JSON', () => {
    const parser = geminiProviderFormat.createStreamParser();
    expect(() => parser.push({ data: '{"candidates": [' })).toThrow(expect.objectContaining({ code: 'bad_upstream_response' }));
  });
});
